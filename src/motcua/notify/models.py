"""The notification outbox (hộp thư đi) and each account's choice of channels.

Every notice is a row before it is sent: the rendered text, where it goes, and what happened to it. The send task
(motcua.notify.tasks) moves it from pending to sent, or — after the last retry — to failed, where it stays visible
(admin, `motcua notifications --failed`); nothing is dropped silently. `dedupe_key` makes a notice idempotent:
a second notice with the same key is never created.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier, DossierEvent, DossierStep

Kind = DossierEvent.Kind


class Topic(models.TextChoices):
    """What a notice is about: a dossier event told to the applicant, a deadline told to staff and applicant, or a
    one-time code for an account (sent at once, kept in the outbox without the code)."""

    SUBMITTED = Kind.SUBMITTED.value, Kind.SUBMITTED.label
    ACCEPTED = Kind.ACCEPTED.value, Kind.ACCEPTED.label
    INTAKE_SUPPLEMENT = Kind.INTAKE_SUPPLEMENT.value, Kind.INTAKE_SUPPLEMENT.label
    SUPPLEMENT_REQUESTED = Kind.SUPPLEMENT_REQUESTED.value, Kind.SUPPLEMENT_REQUESTED.label
    INTAKE_REFUSED = Kind.INTAKE_REFUSED.value, Kind.INTAKE_REFUSED.label
    FORWARDED = Kind.FORWARDED.value, Kind.FORWARDED.label
    REFUSED = Kind.REFUSED.value, Kind.REFUSED.label
    EXTENDED = Kind.EXTENDED.value, Kind.EXTENDED.label
    READY_FOR_RETURN = Kind.READY_FOR_RETURN.value, Kind.READY_FOR_RETURN.label
    STOPPED = Kind.STOPPED.value, Kind.STOPPED.label
    CLOSED = Kind.CLOSED.value, Kind.CLOSED.label
    CORRECTED = Kind.CORRECTED.value, Kind.CORRECTED.label
    # Told to the lead agency's staff (Decree 118/2025 Art. 20.2; motcua.notify.part_notices).
    PART_DONE = Kind.PART_DONE.value, Kind.PART_DONE.label
    PART_REFUSED = Kind.PART_REFUSED.value, Kind.PART_REFUSED.label
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    INTAKE_DUE_SOON = "intake_due_soon", _("Sắp hết hạn kiểm tra hồ sơ trực tuyến")
    OVERDUE = "overdue", _("Quá hạn")
    ACCOUNT_CODE = "account_code", _("Mã xác minh tài khoản")


class Notification(models.Model):
    class RecipientKind(models.TextChoices):
        APPLICANT = "applicant", _("Người nộp hồ sơ")
        STAFF = "staff", _("Cán bộ")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Thư điện tử")
        SMS = "sms", _("Tin nhắn SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi không thành công")

    recipient_kind = models.CharField(_("người nhận là"), max_length=10, choices=RecipientKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    # The outbox is a record: it outlives a deleted dossier, step or event (the links become empty).
    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
        db_index=False,  # led by the (dossier, topic, about_due_at) index below
    )
    event = models.ForeignKey(
        DossierEvent, verbose_name=_("sự kiện"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    step = models.ForeignKey(
        DossierStep,
        verbose_name=_("bước xử lý"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # led by the (step, topic, about_due_at) index below
    )
    topic = models.CharField(_("nội dung thông báo"), max_length=30, choices=Topic.choices)
    # For deadline notices: the due instant warned about (a moved deadline is warned about again).
    about_due_at = models.DateTimeField(_("hạn được nhắc"), null=True, blank=True)
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("địa chỉ nhận"), max_length=254, help_text=_("Thư điện tử hoặc số điện thoại."))
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"))
    status = models.CharField(_("tình trạng"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    # Pending: when the next attempt is due (while an attempt runs: when it is considered lost).
    next_attempt_at = models.DateTimeField(_("gửi lại lúc"), null=True, blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    dedupe_key = models.CharField(_("khóa chống trùng"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["dedupe_key"], condition=~Q(dedupe_key=""), name="notification_dedupe")
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notification_status_idx"),
            models.Index(fields=["dossier", "topic", "about_due_at"], name="notification_dossier_idx"),
            models.Index(fields=["step", "topic", "about_due_at"], name="notification_step_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.address}: {self.subject}"


class ChannelPreference(models.Model):
    """How an account wants to be told (kênh nhận thông báo). Without a row, an applicant is told on every channel
    with an address and a staff member by e-mail (SMS when there is no e-mail); see motcua.notify.services."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="channel_preference",
    )
    email = models.BooleanField(_("nhận qua thư điện tử"), default=True)
    sms = models.BooleanField(_("nhận qua tin nhắn SMS"), default=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("kênh nhận thông báo")
        verbose_name_plural = _("kênh nhận thông báo")

    def __str__(self) -> str:
        return str(self.user)
