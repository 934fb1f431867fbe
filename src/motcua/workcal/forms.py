"""Forms for editing calendars in the staff UI: one text box per weekday, and one override row."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.core.widgets import DATE_ERRORS, DateInput
from motcua.workcal.days import WEEKDAY_NAMES
from motcua.workcal.models import CalendarOverride, parse_weekly_hours

PERIODS_HELP = _("Ví dụ: 08:00-12:00, 13:00-17:00. Để trống nếu nghỉ cả ngày.")


def periods_text(periods: list[list[str]]) -> str:
    return ", ".join(f"{start}-{end}" for start, end in periods)


def parse_periods_text(text: str) -> list[list[str]]:
    periods = []
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        bounds = [bound.strip() for bound in part.replace("–", "-").split("-")]
        if len(bounds) != 2:
            raise ValidationError(
                gettext("«%(text)s» không phải một khoảng giờ; hãy viết dạng 08:00-12:00.") % {"text": part}
            )
        periods.append(bounds)
    return periods


class WeeklyHoursForm(forms.Form):
    """Seven fields, Thứ Hai … Chủ nhật; cleaned_data["weekly_hours"] is the JSON stored on the calendar."""

    def __init__(self, *args, weekly_hours: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        weekly_hours = weekly_hours or {}
        for day, name in enumerate(WEEKDAY_NAMES):
            self.fields[f"day_{day}"] = forms.CharField(
                label=_(name),
                required=False,
                help_text=PERIODS_HELP if day == 0 else "",
                initial=periods_text(weekly_hours.get(str(day), [])),
            )

    def clean(self):
        cleaned = super().clean()
        weekly = {}
        for day in range(7):
            try:
                periods = parse_periods_text(cleaned.get(f"day_{day}", ""))
            except ValidationError as error:
                self.add_error(f"day_{day}", error)
                continue
            if periods:
                weekly[str(day)] = periods
        if not self.errors:
            try:
                parse_weekly_hours(weekly)
            except ValidationError as error:
                raise ValidationError(error.messages) from None
            cleaned["weekly_hours"] = weekly
        return cleaned


class OverrideForm(forms.ModelForm):
    class Meta:
        model = CalendarOverride
        fields = ["date", "kind", "reason", "legal_reference"]
        widgets = {"date": DateInput()}  # dd/mm/yyyy whatever the browser's language
        error_messages = {"date": DATE_ERRORS}

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date < datetime.date(2000, 1, 1):
            raise ValidationError(gettext("Ngày quá xa trong quá khứ; hãy kiểm tra lại năm."))
        return date
