"""Audit log (nhật ký hệ thống): an append-only record of who changed what, when and from where."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
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
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Nhật ký hệ thống chỉ được ghi thêm, không được xóa.")
