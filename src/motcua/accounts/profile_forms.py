"""The applicant's own profile (thông tin cá nhân): what prefills an online submission."""

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.identity_numbers import validate_cccd, validate_tax_code
from motcua.accounts.models import ApplicantProfile, User
from motcua.core.widgets import DateInput

PERSON_FIELDS = ["personal_id", "date_of_birth", "address"]
ORGANISATION_FIELDS = ["organisation_name", "tax_code", "address"]


class ProfileForm(forms.ModelForm):
    """Name on the account plus the identity fields of the applicant profile (by CCCD or by tax code)."""

    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Hãy nhập họ và tên.")},
    )
    # Wider than the stored number so that spaces typed between digit groups are taken out, not refused.
    personal_id = forms.CharField(
        label=ApplicantProfile._meta.get_field("personal_id").verbose_name,
        max_length=20,
        help_text=_("12 chữ số trên căn cước hoặc căn cước công dân."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    tax_code = forms.CharField(
        label=ApplicantProfile._meta.get_field("tax_code").verbose_name,
        max_length=20,
        help_text=_("10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số (ví dụ 0100109106-001)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = ApplicantProfile
        fields = ["personal_id", "date_of_birth", "organisation_name", "tax_code", "address"]
        widgets = {
            "date_of_birth": DateInput(attrs={"autocomplete": "bday"}),  # dd/mm/yyyy whatever the browser's language
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
        }
        help_texts = {
            "address": _("Nơi cư trú: số nhà, thôn/tổ dân phố, xã/phường, tỉnh/thành phố."),
        }
        error_messages = {
            "date_of_birth": {"invalid": _("Ngày sinh không hợp lệ, ví dụ đúng: 25/04/1990.")},
        }

    def __init__(self, *args, user: User, **kwargs):
        profile = getattr(user, "applicant_profile", None) or ApplicantProfile(user=user)
        profile.kind = (
            ApplicantProfile.Kind.ORGANISATION
            if user.account_type == User.AccountType.ORGANISATION
            else ApplicantProfile.Kind.PERSON
        )
        super().__init__(*args, instance=profile, initial={"full_name": user.full_name}, **kwargs)
        self.user = user
        keep = ORGANISATION_FIELDS if profile.kind == ApplicantProfile.Kind.ORGANISATION else PERSON_FIELDS
        for name in [*self.fields]:
            if name != "full_name" and name not in keep:
                del self.fields[name]
        for name in keep:
            if name != "date_of_birth":
                self.fields[name].required = True
        self.fields["personal_id" if "personal_id" in self.fields else "tax_code"].error_messages["required"] = (
            _("Hãy nhập số định danh cá nhân (CCCD).")
            if "personal_id" in self.fields
            else _("Hãy nhập mã số thuế của tổ chức.")
        )
        self.fields["address"].error_messages["required"] = _("Hãy nhập địa chỉ.")
        if "organisation_name" in self.fields:
            self.fields["organisation_name"].error_messages["required"] = _("Hãy nhập tên tổ chức.")

    def _post_clean(self):
        # The model's checks would repeat "an ID number is required" for a number the form has already refused.
        if not any(name in self.errors for name in ("personal_id", "tax_code", "organisation_name")):
            super()._post_clean()

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_personal_id(self) -> str:
        number = "".join(self.cleaned_data["personal_id"].split())
        validate_cccd(number)
        # The model's constraint would say this too, but not next to the field.
        if ApplicantProfile.objects.filter(personal_id=number).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("Số định danh này đã thuộc một tài khoản khác. Hãy kiểm tra lại."), code="unique"
            )
        return number

    def clean_tax_code(self) -> str:
        code = "".join(self.cleaned_data["tax_code"].split())
        validate_tax_code(code)
        return code
