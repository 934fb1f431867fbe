"""Forms of the staff pages."""

import datetime

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.audit import object_type_choices
from motcua.core.models import AuditEntry
from motcua.core.widgets import DATE_ERRORS, DateInput  # dd/mm/yyyy; other apps' staff forms import them from here


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AuditFilterForm(forms.Form):
    """Filters of the audit log page (nhật ký hệ thống); every field is optional."""

    actor = forms.CharField(label=_("Người thực hiện"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Hành động"), required=False)
    object_type = forms.ChoiceField(label=_("Loại dữ liệu"), required=False)
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=DateInput(), error_messages=DATE_ERRORS)
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=DateInput(), error_messages=DATE_ERRORS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Tất cả"))]
        self.fields["action"].choices = everything + list(AuditEntry.Action.choices)
        self.fields["object_type"].choices = everything + object_type_choices()
        invalid_choice = {"invalid_choice": _("Lựa chọn không hợp lệ.")}
        self.fields["action"].error_messages.update(invalid_choice)
        self.fields["object_type"].error_messages.update(invalid_choice)

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("“Đến ngày” phải bằng hoặc sau “Từ ngày”."))
        return cleaned

    def apply(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        """The entries that match the valid filters; call after is_valid()."""
        data = self.cleaned_data
        if data.get("actor"):
            entries = entries.filter(
                Q(actor_label__icontains=data["actor"]) | Q(actor__full_name__icontains=data["actor"])
            )
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        if data.get("object_type"):
            entries = entries.filter(object_type=data["object_type"])
        if data.get("date_from"):
            entries = entries.filter(at__gte=_start_of(data["date_from"]))
        if data.get("date_to"):
            entries = entries.filter(at__lt=_start_of(data["date_to"] + datetime.timedelta(days=1)))
        return entries
