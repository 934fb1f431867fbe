"""The choice of a report page: an agency or an area (địa bàn), and the period (kỳ báo cáo)."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts import scope
from motcua.desk.forms import DATE_ERRORS, DateInput
from motcua.orgs.models import AdministrativeUnit

MAX_DAYS = 5 * 366


def quarter_start(day: datetime.date) -> datetime.date:
    return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)


class ReportChoiceForm(forms.Form):
    pham_vi = forms.ChoiceField(label=_("Cơ quan hoặc địa bàn"), required=False)
    tu = forms.DateField(label=_("Từ ngày"), required=False, widget=DateInput(), error_messages=DATE_ERRORS)
    den = forms.DateField(label=_("Đến ngày"), required=False, widget=DateInput(), error_messages=DATE_ERRORS)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = scope.visible_agencies(user).order_by("unit__level", "name").values_list("pk", "name")
        units = (
            scope.visible_units(user)
            .filter(scheme=AdministrativeUnit.Scheme.CURRENT)
            .order_by("level", "name")
            .values_list("pk", "name")
        )
        self.fields["pham_vi"].choices = [
            ("", _("Của tôi")),
            (_("Cơ quan (gồm cơ quan trực thuộc)"), [(f"a{pk}", name) for pk, name in agencies[:500]]),
            (_("Địa bàn"), [(f"u{pk}", name) for pk, name in units[:500]]),
        ]
        self.fields["pham_vi"].error_messages["invalid_choice"] = _("Cơ quan hoặc địa bàn không hợp lệ.")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        today = timezone.localdate()
        end = data.get("den") or today
        start = data.get("tu") or quarter_start(end)
        if start > end:
            raise forms.ValidationError(_("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."))
        if (end - start).days > MAX_DAYS:
            raise forms.ValidationError(_("Kỳ báo cáo dài nhất là 5 năm."))
        data["tu"], data["den"] = start, end
        return data

    def choice(self) -> dict[str, int]:
        """The chosen agency or unit as keyword arguments of reports.areas.resolve (empty: the user's own)."""
        value = self.cleaned_data.get("pham_vi") or ""
        if value.startswith("a"):
            return {"agency_id": int(value[1:])}
        if value.startswith("u"):
            return {"unit_id": int(value[1:])}
        return {}
