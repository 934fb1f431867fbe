"""Working calendars (lịch làm việc) per province with agency overrides, and the day-override table.

The deadline arithmetic lives in the pure engine (motcua.workcal.engine); these models only hold what an
administrator configures: weekly working hours, and days off / extra working days that the `holidays`
package does not know (a future year's official notice, a local decision).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.orgs.models import AdministrativeUnit, Agency
from motcua.workcal.days import WEEKDAY_NAMES, DayOff, ExtraWorkingDay
from motcua.workcal.durations import WorkingDayStart

DEFAULT_WEEKLY_HOURS = {str(day): [["08:00", "12:00"], ["13:00", "17:00"]] for day in range(5)}


def default_weekly_hours() -> dict:
    return {day: [list(period) for period in periods] for day, periods in DEFAULT_WEEKLY_HOURS.items()}


def parse_weekly_hours(value: dict) -> dict[int, list[tuple[datetime.time, datetime.time]]]:
    """{"0": [["08:00", "12:00"], ...], ...} (0 = Monday) → validated periods per weekday."""
    if not isinstance(value, dict):
        raise ValidationError(gettext("Giờ làm việc phải là bảng theo từng ngày trong tuần."))
    weekly: dict[int, list[tuple[datetime.time, datetime.time]]] = {}
    for key, periods in value.items():
        try:
            day = int(key)
        except (TypeError, ValueError):
            raise ValidationError(
                gettext("Ngày trong tuần không hợp lệ: %(day)r (0 = Thứ Hai … 6 = Chủ nhật).") % {"day": key}
            ) from None
        if not 0 <= day <= 6:
            raise ValidationError(
                gettext("Ngày trong tuần không hợp lệ: %(day)r (0 = Thứ Hai … 6 = Chủ nhật).") % {"day": key}
            )
        parsed = []
        for period in periods or []:
            try:
                start, end = (datetime.time.fromisoformat(part) for part in period)
            except (TypeError, ValueError):
                raise ValidationError(
                    gettext("%(day)s: khoảng giờ %(period)r không hợp lệ, hãy viết dạng 08:00–12:00.")
                    % {"day": gettext(WEEKDAY_NAMES[day]), "period": period}
                ) from None
            if end <= start:
                raise ValidationError(
                    gettext("%(day)s: giờ kết thúc %(end)s phải sau giờ bắt đầu %(start)s.")
                    % {"day": gettext(WEEKDAY_NAMES[day]), "end": f"{end:%H:%M}", "start": f"{start:%H:%M}"}
                )
            if parsed and start < parsed[-1][1]:
                raise ValidationError(
                    gettext("%(day)s: các khoảng giờ làm việc chồng lên nhau hoặc không theo thứ tự.")
                    % {"day": gettext(WEEKDAY_NAMES[day])}
                )
            parsed.append((start, end))
        weekly[day] = parsed
    if not any(weekly.values()):
        raise ValidationError(gettext("Lịch phải có ít nhất một khoảng giờ làm việc trong tuần."))
    return weekly


class WorkCalendar(models.Model):
    """A working calendar: a province's default, or one agency's own (e.g. a desk open on Saturday mornings)."""

    name = models.CharField(_("tên lịch"), max_length=200)
    province = models.OneToOneField(
        AdministrativeUnit,
        verbose_name=_("tỉnh, thành phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_calendar",
        limit_choices_to={"level": AdministrativeUnit.Level.PROVINCE, "scheme": AdministrativeUnit.Scheme.CURRENT},
    )
    agency = models.OneToOneField(
        Agency, verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.PROTECT, related_name="work_calendar"
    )
    weekly_hours = models.JSONField(
        _("giờ làm việc trong tuần"),
        default=default_weekly_hours,
        help_text=_(
            "Theo từng ngày (0 = Thứ Hai … 6 = Chủ nhật), mỗi ngày một danh sách khoảng giờ, ví dụ 08:00–12:00."
        ),
    )
    # Per province (an agency calendar's value is not used: every agency of a province reads the law alike).
    # INSTANT is the legal default (ND 118/2025 Art. 17.3); docs/deadlines.md "Start of a period in working days".
    working_day_start = models.CharField(
        _("cách tính thời hạn theo ngày làm việc"),
        max_length=10,
        choices=[
            (WorkingDayStart.INSTANT.value, _("Tính từ thời điểm tiếp nhận (N ngày làm việc = N × 8 giờ làm việc)")),
            (WorkingDayStart.NEXT_DAY.value, _("Tính từ ngày làm việc tiếp theo ngày tiếp nhận (BLDS 2015 Điều 147)")),
        ],
        default=WorkingDayStart.INSTANT.value,
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("lịch làm việc")
        verbose_name_plural = _("lịch làm việc")
        constraints = [
            models.CheckConstraint(
                name="calendar_for_province_xor_agency",
                condition=models.Q(province__isnull=False, agency__isnull=True)
                | models.Q(province__isnull=True, agency__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (self.province_id is None) == (self.agency_id is None):
            raise ValidationError(gettext("Lịch làm việc phải thuộc đúng một tỉnh, thành phố hoặc một cơ quan."))
        try:
            parse_weekly_hours(self.weekly_hours)
        except ValidationError as error:
            raise ValidationError({"weekly_hours": error.messages}) from None


class CalendarOverride(models.Model):
    """A day off or an extra working day (ngày nghỉ / ngày làm bù) not known to the `holidays` package.

    With no calendar it applies nationally (e.g. next year's official notice before the package knows it);
    with a calendar it is a local decision for that province or agency.
    """

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ")
        WORKING_DAY = "working_day", _("Ngày làm việc (làm bù)")

    calendar = models.ForeignKey(
        WorkCalendar,
        verbose_name=_("lịch áp dụng"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="overrides",
        help_text=_("Để trống nếu áp dụng toàn quốc."),
    )
    date = models.DateField(_("ngày"))
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    reason = models.CharField(_("lý do"), max_length=200, help_text=_("Ví dụ: Tết Nguyên đán, nghỉ bù, làm bù."))
    legal_reference = models.CharField(
        _("căn cứ"),
        max_length=300,
        help_text=_("Số, ngày văn bản thông báo, ví dụ Công văn 8056/VPCP-KGVX ngày 01/12/2022."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        verbose_name = _("ngày nghỉ / làm bù bổ sung")
        verbose_name_plural = _("ngày nghỉ / làm bù bổ sung")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="override_unique_per_calendar"),
            models.UniqueConstraint(
                fields=["date"], condition=models.Q(calendar__isnull=True), name="override_unique_national"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} – {self.get_kind_display()} – {self.reason}"

    def as_engine_day(self) -> DayOff | ExtraWorkingDay:
        if self.kind == self.Kind.DAY_OFF:
            return DayOff(self.date, self.reason, self.legal_reference)
        return ExtraWorkingDay(self.date, self.reason, self.legal_reference)
