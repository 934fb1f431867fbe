"""Audit log (nhật ký hệ thống): an append-only, hash-chained record of who changed what, when and from where."""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core import hash_chain


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit record."""


class AuditQuerySet(models.QuerySet):
    """Bulk updates and deletes would bypass the append-only rule, so they are refused too."""

    def update(self, **kwargs):
        raise AppendOnlyError("Nhật ký hệ thống chỉ được ghi thêm, không được sửa.")

    def delete(self):
        raise AppendOnlyError("Nhật ký hệ thống chỉ được ghi thêm, không được xóa.")


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("Tạo mới")
        UPDATE = "update", _("Sửa")
        DELETE = "delete", _("Xóa")
        LOGIN = "login", _("Đăng nhập")
        LOGIN_FAILED = "login_failed", _("Đăng nhập thất bại")
        LOGOUT = "logout", _("Đăng xuất")
        IMPORT = "import", _("Nhập dữ liệu")
        DOSSIER_EVENT = "dossier_event", _("Thao tác trên hồ sơ")
        # Reads of a record's personal data, and a masked record shown in full (Law 91/2025/QH15, docs/security.md).
        PERSONAL_READ = "personal_read", _("Xem dữ liệu cá nhân")
        PERSONAL_REVEAL = "personal_reveal", _("Hiện thông tin cá nhân")

    # The chain: one for the whole log, its head kept (and locked) in ChainHead.
    CHAIN = "audit"
    # What the hash covers: every column but the id and actor_id (cleared when an account is deleted; the name stays).
    HASHED_FIELDS = (
        "at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "object_label",
        "changes",
        "ip_address",
        "user_agent",
    )

    # Set before the hash is computed (auto_now_add would change it afterwards).
    at = models.DateTimeField(_("thời điểm"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text too, so the record still names the person after the account is gone.
    actor_label = models.CharField(_("tên người thực hiện"), max_length=200, blank=True)
    action = models.CharField(_("hành động"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("loại dữ liệu"), max_length=100, db_index=True)
    object_id = models.CharField(_("mã bản ghi"), max_length=64, blank=True, db_index=True)
    object_label = models.CharField(_("bản ghi"), max_length=300, blank=True)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    user_agent = models.CharField(_("trình duyệt"), max_length=300, blank=True)
    prev_hash = models.CharField(_("mã băm bản ghi trước"), max_length=64, default="", editable=False)
    hash = models.CharField(_("mã băm"), max_length=64, default="", editable=False)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản ghi nhật ký")
        verbose_name_plural = _("nhật ký hệ thống")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.get_action_display()} {self.object_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Nhật ký hệ thống chỉ được ghi thêm, không được sửa.")
        # No savepoint (two statements on every audited write): a failure here fails the caller's transaction.
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            # The head row stays locked until the writing transaction ends, so two writers cannot fork the chain.
            head = ChainHead.objects.select_for_update().get_or_create(chain=self.CHAIN)[0]
            hash_chain.seal(self, head.hash, self.HASHED_FIELDS)
            super().save(*args, **kwargs)
            ChainHead.objects.filter(chain=self.CHAIN).update(hash=self.hash, entry_id=self.pk)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Nhật ký hệ thống chỉ được ghi thêm, không được xóa.")


class ChainHead(models.Model):
    """The newest hash of a single-table chain (the audit log's): the row writers lock to append one at a time."""

    chain = models.CharField(max_length=40, primary_key=True)
    hash = models.CharField(max_length=64, default=hash_chain.GENESIS)
    entry_id = models.BigIntegerField(null=True)

    def __str__(self) -> str:
        return f"{self.chain} {self.hash}"


class PeriodicClaim(models.Model):
    """Which node took a periodic job for which period (motcua.core.periodic): the unique pair makes it once."""

    job = models.CharField(max_length=100)
    period_start = models.DateTimeField()
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "period_start"], name="periodic_claim_once")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.period_start:%Y-%m-%d %H:%M}"


class RateCounter(models.Model):
    """One running count of hits for a rate limit (giới hạn số lần; motcua.core.rate_limit).

    `bucket` is a keyed hash of the limit's name and who is counted, so the table holds no address or phone number."""

    bucket = models.CharField(max_length=64, primary_key=True)
    hits = models.PositiveIntegerField()
    resets_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.bucket[:12]}…: {self.hits} until {self.resets_at:%Y-%m-%d %H:%M}"


class IdempotencyRecord(models.Model):
    """The first answer to an API write sent with an `Idempotency-Key` (khóa chống lặp; motcua.core.idempotency).

    Saved in the same transaction as the write itself, so it exists exactly when the write does: a retry after a
    lost answer gets this one back instead of doing the work again. `caller` is a keyed hash of who sent it and
    `fingerprint` a hash of the request, so a key is never shared between callers or reused for another request."""

    caller = models.CharField(max_length=64)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=100)
    body = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["caller", "key"], name="idempotency_key_once_per_caller")]

    def __str__(self) -> str:
        return f"{self.key[:20]} → {self.status}"
