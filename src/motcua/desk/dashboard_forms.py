"""The filter of the dashboards and the Decision 766 page: the area (a territory or an agency) and the period."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.desk.forms import DATE_ERRORS, DateInput
from motcua.reports.dashboard import area_choices

MAX_DAYS = 731  # two years: the monthly charts stay readable
DEFAULT_MONTHS = 6


def default_start(today: datetime.date) -> datetime.date:
    """The first day of the month DEFAULT_MONTHS - 1 months before this one: six whole or running months."""
    first = today.replace(day=1)
    for _month in range(DEFAULT_MONTHS - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return first


class AreaPeriodForm(forms.Form):
    pham_vi = forms.ChoiceField(label=_("Địa bàn hoặc cơ quan"), required=False)
    tu = forms.DateField(label=_("Từ ngày"), required=False, widget=DateInput(), error_messages=DATE_ERRORS)
    den = forms.DateField(label=_("Đến ngày"), required=False, widget=DateInput(), error_messages=DATE_ERRORS)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agencies, units = area_choices(user)
        self.fields["pham_vi"].choices = [
            ("", _("Của tôi")),
            (_("Địa bàn"), [(f"u{unit.pk}", unit.name) for unit in units]),
            (_("Cơ quan"), [(f"a{agency.pk}", agency.name) for agency in agencies]),
        ]
        self.fields["pham_vi"].error_messages["invalid_choice"] = _("Địa bàn hoặc cơ quan không hợp lệ.")

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        end = data.get("den") or today
        start = data.get("tu") or default_start(end)
        if start > end:
            raise forms.ValidationError(_("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."))
        if (end - start).days > MAX_DAYS:
            raise forms.ValidationError(_("Chỉ xem được tối đa 24 tháng một lần."))
        data["tu"], data["den"] = start, end
        return data

    def area_ids(self) -> dict[str, int]:
        """The chosen area as keyword arguments of dashboard.resolve_area (empty: the user's own)."""
        value = self.cleaned_data.get("pham_vi") or ""
        if value.startswith("a"):
            return {"agency_id": int(value[1:])}
        if value.startswith("u"):
            return {"unit_id": int(value[1:])}
        return {}
