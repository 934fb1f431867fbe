"""Drafts of online submissions (hồ sơ nộp trực tuyến đang soạn): what a citizen has typed and uploaded so far,
kept until it is submitted or discarded, so the form can be left and resumed on another day or device."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import ProcedureMethod, RequiredDocument
from motcua.dossiers.models import ApplicantKind, ReturnMethod
from motcua.orgs.models import Agency


class Draft(models.Model):
    """Hồ sơ nháp: one online submission being prepared by its owner for one procedure method."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người soạn"), on_delete=models.CASCADE, related_name="drafts"
    )
    method = models.ForeignKey(
        ProcedureMethod, verbose_name=_("cách thức thực hiện"), on_delete=models.CASCADE, related_name="+"
    )
    receiving_agency = models.ForeignKey(
        Agency, verbose_name=_("nơi nộp"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    competent_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan giải quyết"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applicant_kind = models.CharField(
        _("loại người nộp"), max_length=20, choices=ApplicantKind.choices, default=ApplicantKind.PERSON
    )
    applicant_name = models.CharField(_("tên người nộp"), max_length=255, blank=True)
    applicant_id_number = models.CharField(_("số định danh / mã số thuế"), max_length=14, blank=True)
    applicant_phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    submitter_name = models.CharField(_("người nộp thay"), max_length=255, blank=True)
    request_summary = models.TextField(_("nội dung yêu cầu giải quyết"), blank=True)
    return_method = models.CharField(
        _("nhận kết quả tại"), max_length=12, choices=ReturnMethod.choices, default=ReturnMethod.ELECTRONIC
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("lưu lúc"), auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ nháp")
        verbose_name_plural = _("hồ sơ nháp")
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.method.version.procedure.code} – {self.owner}"


def draft_upload_path(instance, filename: str) -> str:
    return f"drafts/{instance.draft_id}/{filename}"


class DraftFile(models.Model):
    """A file uploaded for one component (thành phần hồ sơ) of a draft, already checked (type, size)."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="files")
    requirement = models.ForeignKey(
        RequiredDocument, verbose_name=_("thành phần hồ sơ"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("tên tệp"), max_length=255)
    file = models.FileField(_("tệp"), upload_to=draft_upload_path, max_length=300)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp của hồ sơ nháp")
        verbose_name_plural = _("tệp của hồ sơ nháp")
        ordering = ["draft", "requirement", "pk"]
        constraints = [models.UniqueConstraint(fields=["draft", "requirement"], name="draft_file_per_component")]

    def __str__(self) -> str:
        return self.name
