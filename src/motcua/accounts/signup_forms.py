"""Forms of the citizen and organisation sign-up and of the one-time code step."""

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.accounts.contacts import parse_contact
from motcua.accounts.forms import CODE_PATTERN
from motcua.accounts.models import User
from motcua.accounts.personal_data_requests import NOTICE_VERSION
from motcua.accounts.signup import SignupRequest


class SignupForm(forms.Form):
    account_type = forms.ChoiceField(
        label=_("Bạn đăng ký với tư cách"),
        choices=[
            (User.AccountType.CITIZEN, _("Công dân (cá nhân)")),
            (User.AccountType.ORGANISATION, _("Tổ chức, doanh nghiệp")),
        ],
        initial=User.AccountType.CITIZEN,
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn công dân hoặc tổ chức.")},
    )
    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=150,
        help_text=_("Với tổ chức: họ và tên người đại diện hoặc người được ủy quyền."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Hãy nhập họ và tên.")},
    )
    contact = forms.CharField(
        label=_("Thư điện tử hoặc số điện thoại di động"),
        max_length=254,
        help_text=_("Mã xác minh sẽ được gửi tới địa chỉ này. Sau này bạn đăng nhập bằng chính địa chỉ này."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}),
        error_messages={"required": _("Hãy nhập thư điện tử hoặc số điện thoại di động.")},
    )
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        help_text=_("Ít nhất 10 ký tự, không toàn chữ số, không quá dễ đoán."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Hãy nhập mật khẩu.")},
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Hãy nhập lại mật khẩu.")},
    )
    # Consent is an explicit act, never a default (Law 91/2025/QH15 Art. 9; Decree 356/2025/NĐ-CP Art. 6.1).
    consent = forms.BooleanField(
        label=_("Tôi đã đọc thông báo xử lý dữ liệu cá nhân ở trên và đồng ý."),
        error_messages={"required": _("Hãy đọc thông báo xử lý dữ liệu cá nhân và đánh dấu đồng ý để đăng ký.")},
    )

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_contact(self) -> tuple[str, str]:
        return parse_contact(self.cleaned_data["contact"])

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Hai lần nhập mật khẩu không giống nhau."))
        elif password1:
            channel, address = cleaned.get("contact") or ("", "")
            probe = User(
                full_name=cleaned.get("full_name", ""),
                email=address if channel == "email" else "",
                phone=address if channel == "sms" else "",
            )
            try:
                password_validation.validate_password(password1, probe)
            except ValidationError as error:
                self.add_error("password1", error)
        # A good password comes back filled in when another field was wrong, so nothing typed is lost; a refused
        # one is left empty to be typed again (with its repetition).
        if "password1" not in self.errors:
            for name in ("password1", "password2"):
                self.fields[name].widget.render_value = name not in self.errors
        return cleaned

    def request(self) -> SignupRequest:
        channel, address = self.cleaned_data["contact"]
        return SignupRequest(
            account_type=self.cleaned_data["account_type"],
            full_name=self.cleaned_data["full_name"],
            channel=channel,
            address=address,
            password=self.cleaned_data["password1"],
            notice_version=NOTICE_VERSION,
        )


class OneTimeCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác minh (6 chữ số)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
        error_messages={"required": _("Hãy nhập mã xác minh đã được gửi cho bạn.")},
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not CODE_PATTERN.match(code):
            raise ValidationError(_("Mã xác minh gồm đúng 6 chữ số. Hãy nhập lại."), code="format")
        return code
