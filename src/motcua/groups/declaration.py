"""The group's one electronic declaration (tờ khai điện tử liên thông, Decree 63/2024/NĐ-CP): the union of what its
parts ask, typed once and given to each part's dossier as its request (services.summary_text). Shared by the
citizen's online form and the desk's intake form.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.accounts.identity_numbers import validate_cccd
from motcua.core.widgets import DateField
from motcua.groups.definitions import GroupKind

UNDER_SIX_YEARS = 6  # Decree 63/2024 Art. 1: the birth group is for a child under 6 years of age


def _text(label, *, required=True, help_text=""):
    return forms.CharField(label=label, max_length=255, required=required, help_text=help_text)


def _birthday(born: datetime.date, years: int) -> datetime.date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # born on 29 February
        return born.replace(year=born.year + years, day=28)


class BirthDeclaration(forms.Form):
    child_name = _text(_("Họ, chữ đệm, tên của trẻ"))
    child_birth_date = DateField(label=_("Ngày sinh của trẻ"))
    child_sex = forms.ChoiceField(
        label=_("Giới tính"), choices=[("Nam", _("Nam")), ("Nữ", _("Nữ"))], widget=forms.RadioSelect
    )
    birth_place = _text(_("Nơi sinh"), help_text=_("Tên cơ sở y tế, hoặc địa chỉ nơi sinh nếu sinh ngoài cơ sở y tế."))
    mother_name = _text(_("Họ, chữ đệm, tên của mẹ"))
    father_name = _text(_("Họ, chữ đệm, tên của cha"), required=False)
    residence = _text(
        _("Nơi đăng ký thường trú của trẻ"), help_text=_("Thường là nơi thường trú của cha, mẹ hoặc người giám hộ.")
    )

    def clean_child_birth_date(self) -> datetime.date:
        born = self.cleaned_data["child_birth_date"]
        today = timezone.localdate()
        if born > today:
            raise ValidationError(gettext("Ngày sinh không được sau ngày hôm nay."))
        if _birthday(born, UNDER_SIX_YEARS) <= today:
            raise ValidationError(
                gettext(
                    "Nhóm thủ tục liên thông này dành cho trẻ em dưới 6 tuổi (Nghị định 63/2024/NĐ-CP); hãy nộp "
                    "riêng từng thủ tục."
                )
            )
        return born


class DeathDeclaration(forms.Form):
    deceased_name = _text(_("Họ, chữ đệm, tên người chết"))
    deceased_id_number = forms.CharField(label=_("Số định danh cá nhân của người chết"), max_length=12)
    death_date = DateField(label=_("Ngày chết"))
    death_place = _text(_("Nơi chết"))
    relationship = _text(_("Quan hệ của người đi khai với người chết"))

    def clean_deceased_id_number(self) -> str:
        number = self.cleaned_data["deceased_id_number"].strip()
        validate_cccd(number)
        return number

    def clean_death_date(self) -> datetime.date:
        died = self.cleaned_data["death_date"]
        if died > timezone.localdate():
            raise ValidationError(gettext("Ngày chết không được sau ngày hôm nay."))
        return died


FORMS = {GroupKind.BIRTH: BirthDeclaration, GroupKind.DEATH: DeathDeclaration}


def declaration_form(kind: str, *args, **kwargs) -> forms.Form:
    return FORMS[GroupKind(kind)](*args, **kwargs)


def details(form: forms.Form) -> list[tuple[str, str]]:
    """(label, value) of each answered field, in the form's order, dates as dd/mm/yyyy."""
    rows = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if isinstance(value, datetime.date):
            value = value.strftime("%d/%m/%Y")
        if value:
            rows.append((str(field.label), str(value)))
    return rows
