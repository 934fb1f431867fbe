"""Configurable points and targets of the Decision 766/QĐ-TTg service index (Bộ chỉ số 766), and the stored
monthly facts of the dashboards.

IndicatorSetting: one row per indicator (chỉ tiêu) of motcua.reports.index766; a missing row means the published
default. System administrators edit the rows in the Django admin: when a later decision changes the point split or
the province sets its own targets, nothing is redeployed, and every change is kept in the audit log.

MonthFacts, StoredMonth, StaleMonth: the dashboard counts of complete past months, kept by motcua.reports.facts
(docs/dashboards.md, "Stored monthly facts").
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Indicator(models.TextChoices):
    """The indicators we compute, each inside one of the six components of Decision 766 (regulations.md §6)."""

    POSTED_ON_TIME = "posted_on_time", _("TTHC được niêm yết, công khai đúng hạn")
    RESOLVED_ON_TIME = "resolved_on_time", _("Hồ sơ giải quyết trước hạn, đúng hạn")
    PROCEDURES_ONLINE = "procedures_online", _("TTHC cung cấp dịch vụ công trực tuyến")
    DOSSIERS_ONLINE = "dossiers_online", _("Hồ sơ nộp trực tuyến")
    PAID_ONLINE = "paid_online", _("Hồ sơ có phí, lệ phí được thanh toán trực tuyến")
    SATISFIED = "satisfied", _("Đánh giá hài lòng, rất hài lòng")
    DIGITISED = "digitised", _("Hồ sơ được số hóa thành phần khi tiếp nhận")
    ELECTRONIC_RESULT = "electronic_result", _("Kết quả giải quyết có bản điện tử")


class IndicatorSetting(models.Model):
    """Points (điểm tối đa) and target (chỉ tiêu, %) of one indicator: score = min(rate ÷ target, 1) × points."""

    indicator = models.CharField(_("chỉ tiêu"), max_length=30, choices=Indicator.choices, unique=True)
    points = models.DecimalField(
        _("điểm tối đa"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    target_percent = models.PositiveSmallIntegerField(
        _("chỉ tiêu (%)"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Tỷ lệ đạt được từ mức này trở lên được điểm tối đa."),
    )

    class Meta:
        verbose_name = _("thiết lập chỉ tiêu Bộ chỉ số 766")
        verbose_name_plural = _("thiết lập Bộ chỉ số 766")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.get_indicator_display())


class MonthFacts(models.Model):
    """The stored dashboard counts of one complete local month (số liệu tháng đã chốt) for one (competent agency,
    receiving agency, procedure version, inter-agency dossier or 0): the received family of the dossiers received in
    the month and the decided family of those that ended in it (motcua.reports.flows, form II.06a's rules). Written
    only by motcua.reports.facts.compute; the counts are those of flows.RECEIVED + flows.DECIDED."""

    month = models.DateField(_("tháng"), help_text=_("Ngày đầu tháng (giờ Việt Nam)."))
    competent_agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name=_("cơ quan giải quyết"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the (agency, month) index below serves it
    )
    receiving_agency = models.ForeignKey(
        "orgs.Agency",
        verbose_name=_("cơ quan tiếp nhận"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    version = models.ForeignKey(
        "catalog.ProcedureVersion",
        verbose_name=_("phiên bản thủ tục"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # versions are never looked up from here
    )
    # The dossier when it had an inter-agency part (liên thông, Decree 118/2025 Art. 20.2), else 0: such a dossier has
    # a row of its own, which the participating agencies count too (ii06a.PARTICIPATING_AGENCY_COUNTS_THE_DOSSIER).
    interagency_dossier = models.PositiveBigIntegerField(_("hồ sơ liên thông"), default=0)
    received_online = models.PositiveIntegerField(_("tiếp nhận trực tuyến"), default=0)
    received_direct = models.PositiveIntegerField(_("tiếp nhận trực tiếp, bưu chính"), default=0)
    with_fees = models.PositiveIntegerField(_("có phí, lệ phí"), default=0)
    paid_online = models.PositiveIntegerField(_("thanh toán trực tuyến"), default=0)
    digitised = models.PositiveIntegerField(_("được số hóa khi tiếp nhận"), default=0)
    resolved_early = models.PositiveIntegerField(_("giải quyết trước hạn"), default=0)
    resolved_on_time = models.PositiveIntegerField(_("giải quyết đúng hạn"), default=0)
    resolved_late = models.PositiveIntegerField(_("giải quyết quá hạn"), default=0)
    granted = models.PositiveIntegerField(_("cấp kết quả"), default=0)
    electronic_results = models.PositiveIntegerField(_("kết quả có bản điện tử"), default=0)
    # Counted in resolved_on_time (form II.06a's column 9) but not in the on-time rate: ii06a.ended_without_decision.
    withdrawn_or_closed = models.PositiveIntegerField(_("dừng giải quyết, đóng do không bổ sung"), default=0)
    # Likewise in column 9 and out of the rate: the «Trả lại» of its note, ii06a.refused_after_appraisal.
    refused_after_appraisal = models.PositiveIntegerField(_("từ chối giải quyết sau thẩm định"), default=0)

    class Meta:
        verbose_name = _("số liệu tháng đã chốt")
        verbose_name_plural = _("số liệu tháng đã chốt")
        constraints = [
            # Its index leads with the month: it is also the index on month that every read starts from.
            models.UniqueConstraint(
                fields=["month", "competent_agency", "receiving_agency", "version", "interagency_dossier"],
                name="month_facts_unique",
            )
        ]
        indexes = [
            # One commune's rows without reading the province's (competent OR receiving: a bitmap OR of the two).
            models.Index(fields=["competent_agency", "month"], name="month_facts_competent_idx"),
            models.Index(fields=["receiving_agency", "month"], name="month_facts_receiving_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y}"


class StoredMonth(models.Model):
    """A month whose facts are stored (tháng đã chốt số liệu): the row compute locks, so one process computes a month
    at a time. Fresh when computed_at is set and no StaleMonth names the month."""

    month = models.DateField(_("tháng"), unique=True)
    computed_at = models.DateTimeField(_("tính lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tháng đã chốt số liệu")
        verbose_name_plural = _("tháng đã chốt số liệu")
        ordering = ["month"]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y}"


class StaleMonth(models.Model):
    """A change touched a month that may be stored (tháng cần tính lại): its facts are computed again when next read.
    A table of its own, so that marking (inside the dossier actions) never waits for the StoredMonth lock."""

    month = models.DateField(_("tháng"), unique=True)

    class Meta:
        verbose_name = _("tháng cần tính lại số liệu")
        verbose_name_plural = _("tháng cần tính lại số liệu")
        ordering = ["month"]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y}"
