"""Working calendars (lịch làm việc) per province with agency overrides, and the day-override table.

The deadline arithmetic lives in the pure engine (motcua.workcal.engine); these models only hold what an
administrator configures: weekly working hours, and days off / extra working days that the `holidays`
package does not know (a future year's official notice, a local decision).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from motcua.orgs.models import AdministrativeUnit, Agency
from motcua.workcal.days import WEEKDAY_NAMES, DayOff, ExtraWorkingDay

DEFAULT_WEEKLY_HOURS = {str(day): [["08:00", "12:00"], ["13:00", "17:00"]] for day in range(5)}


def default_weekly_hours() -> dict:
    return {day: [list(period) for period in periods] for day, periods in DEFAULT_WEEKLY_HOURS.items()}


def parse_weekly_hours(value: dict) -> dict[int, list[tuple[datetime.time, datetime.time]]]:
    """{"0": [["08:00", "12:00"], ...], ...} (0 = Monday) → validated periods per weekday."""
    if not isinstance(value, dict):
        raise ValidationError("Giờ làm việc phải là bảng theo từng ngày trong tuần.")
    weekly: dict[int, list[tuple[datetime.time, datetime.time]]] = {}
    for key, periods in value.items():
        try:
            day = int(key)
        except (TypeError, ValueError):
            raise ValidationError(f"Ngày trong tuần không hợp lệ: {key!r} (0 = Thứ Hai … 6 = Chủ nhật).") from None
        if not 0 <= day <= 6:
            raise ValidationError(f"Ngày trong tuần không hợp lệ: {key!r} (0 = Thứ Hai … 6 = Chủ nhật).")
        parsed = []
        for period in periods or []:
            try:
                start, end = (datetime.time.fromisoformat(part) for part in period)
            except (TypeError, ValueError):
                raise ValidationError(
                    f"{WEEKDAY_NAMES[day]}: khoảng giờ {period!r} không hợp lệ, hãy viết dạng 08:00–12:00."
                ) from None
            if end <= start:
                raise ValidationError(
                    f"{WEEKDAY_NAMES[day]}: giờ kết thúc {end:%H:%M} phải sau giờ bắt đầu {start:%H:%M}."
                )
            if parsed and start < parsed[-1][1]:
                raise ValidationError(
                    f"{WEEKDAY_NAMES[day]}: các khoảng giờ làm việc chồng lên nhau hoặc không theo thứ tự."
                )
            parsed.append((start, end))
        weekly[day] = parsed
    if not any(weekly.values()):
        raise ValidationError("Lịch phải có ít nhất một khoảng giờ làm việc trong tuần.")
    return weekly


class WorkCalendar(models.Model):
    """A working calendar: a province's default, or one agency's own (e.g. a desk open on Saturday mornings)."""

    name = models.CharField("tên lịch", max_length=200)
    province = models.OneToOneField(
        AdministrativeUnit,
        verbose_name="tỉnh, thành phố",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_calendar",
        limit_choices_to={"level": AdministrativeUnit.Level.PROVINCE, "scheme": AdministrativeUnit.Scheme.CURRENT},
    )
    agency = models.OneToOneField(
        Agency, verbose_name="cơ quan", null=True, blank=True, on_delete=models.PROTECT, related_name="work_calendar"
    )
    weekly_hours = models.JSONField(
        "giờ làm việc trong tuần",
        default=default_weekly_hours,
        help_text="Theo từng ngày (0 = Thứ Hai … 6 = Chủ nhật), mỗi ngày một danh sách khoảng giờ, ví dụ 08:00–12:00.",
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "lịch làm việc"
        verbose_name_plural = "lịch làm việc"
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
            raise ValidationError("Lịch làm việc phải thuộc đúng một tỉnh, thành phố hoặc một cơ quan.")
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
        DAY_OFF = "day_off", "Ngày nghỉ"
        WORKING_DAY = "working_day", "Ngày làm việc (làm bù)"

    calendar = models.ForeignKey(
        WorkCalendar,
        verbose_name="lịch áp dụng",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="overrides",
        help_text="Để trống nếu áp dụng toàn quốc.",
    )
    date = models.DateField("ngày")
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    reason = models.CharField("lý do", max_length=200, help_text="Ví dụ: Tết Nguyên đán, nghỉ bù, làm bù.")
    legal_reference = models.CharField(
        "căn cứ", max_length=300, help_text="Số, ngày văn bản thông báo, ví dụ Công văn 8056/VPCP-KGVX ngày 01/12/2022."
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhập",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField("nhập lúc", auto_now_add=True)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)

    class Meta:
        verbose_name = "ngày nghỉ / làm bù bổ sung"
        verbose_name_plural = "ngày nghỉ / làm bù bổ sung"
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
