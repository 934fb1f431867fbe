"""Configurable points and targets of the Decision 766/QĐ-TTg service index (Bộ chỉ số 766).

One row per indicator (chỉ tiêu) of motcua.reports.index766; a missing row means the published default. System
administrators edit the rows in the Django admin: when a later decision changes the point split or the province
sets its own targets, nothing is redeployed, and every change is kept in the audit log.
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
