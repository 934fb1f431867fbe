"""The dossier (hồ sơ thủ tục hành chính) and its append-only history.

Only motcua.dossiers.lifecycle writes `state`, `due_at` and `clock` (architecture principle 1); the history
(DossierEvent) is only ever appended to, and the control slip and tracking book are views over it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Channel, ProcedureMethod, ProcedureVersion
from motcua.orgs.models import Agency


class State(models.TextChoices):
    """States of Decree 118/2025 Arts 15–24 (regulations.md §1.3). This slice implements intake and acceptance."""

    RECEIVED = "received", _("Đã tiếp nhận")
    TRANSFERRED = "transferred", _("Đã chuyển cơ quan giải quyết")
    PROCESSING = "processing", _("Đang giải quyết")


OPEN_STATES = (State.RECEIVED, State.TRANSFERRED, State.PROCESSING)


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    ORGANISATION = "organisation", _("Tổ chức")


class Dossier(models.Model):
    code = models.CharField(_("mã hồ sơ"), max_length=40, unique=True)
    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("phiên bản thủ tục"), on_delete=models.PROTECT, related_name="dossiers"
    )
    method = models.ForeignKey(
        ProcedureMethod, verbose_name=_("cách thức thực hiện"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("hình thức nộp"), max_length=10, choices=Channel.choices)
    receiving_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan tiếp nhận"), on_delete=models.PROTECT, related_name="received_dossiers"
    )
    competent_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan giải quyết"), on_delete=models.PROTECT, related_name="competent_dossiers"
    )
    applicant_kind = models.CharField(_("loại người nộp"), max_length=20, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("tên người nộp"), max_length=255)
    applicant_id_number = models.CharField(
        _("số định danh / mã số thuế"), max_length=14, help_text=_("CCCD của cá nhân hoặc mã số thuế của tổ chức.")
    )
    applicant_phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    submitter_name = models.CharField(
        _("người nộp thay"), max_length=255, blank=True, help_text=_("Người được ủy quyền nộp, nếu khác người nộp.")
    )
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản người nộp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dossiers",
    )
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, db_index=True)
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"))
    due_at = models.DateTimeField(_("hạn giải quyết"), null=True, blank=True)
    # The deadline clock (motcua.workcal.clock.DeadlineClock.to_data()): due_at is always replayed from it.
    clock = models.JSONField(_("đồng hồ thời hạn"), default=dict, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ tiếp nhận"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-received_at"]
        indexes = [
            # The work queues and the overdue list are range scans on these.
            models.Index(fields=["competent_agency", "state", "due_at"], name="dossier_queue_idx"),
            models.Index(fields=["receiving_agency", "received_at"], name="dossier_received_idx"),
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        if self.method_id and self.version_id and self.method.version_id != self.version_id:
            raise ValidationError({"method": _("Cách thức thực hiện không thuộc phiên bản thủ tục này.")})


class DossierEvent(models.Model):
    """One step of a dossier's history: who, when, what, from which state to which, and why."""

    class Kind(models.TextChoices):
        ACCEPTED = "accepted", _("Tiếp nhận hồ sơ")
        DEADLINE_RECOMPUTED = "deadline_recomputed", _("Tính lại hạn giải quyết")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("thời điểm"))
    kind = models.CharField(_("sự kiện"), max_length=40, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_state = models.CharField(_("từ trạng thái"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("sang trạng thái"), max_length=20, choices=State.choices, blank=True)
    note = models.TextField(_("nội dung"), blank=True)
    due_at = models.DateTimeField(_("hạn sau sự kiện"), null=True, blank=True)

    class Meta:
        verbose_name = _("sự kiện hồ sơ")
        verbose_name_plural = _("lịch sử hồ sơ")
        ordering = ["dossier", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.dossier} – {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Lịch sử hồ sơ chỉ được ghi thêm, không được sửa."))
        super().save(*args, **kwargs)


class CodeSequence(models.Model):
    """The last dossier number given by an agency on a day (số thứ tự hồ sơ trong ngày, Decree 118 Art. 28)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="code_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.agency} {self.day:%d/%m/%Y}: {self.last_number}"
