import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.accounts import otp, spraying
from motcua.accounts.backends import find_user

CODE_PATTERN = re.compile(r"^\d{6}$")
SPRAYING = "spraying"  # the error code of a login paused by motcua.accounts.spraying


class LoginForm(AuthenticationForm):
    """Log in with a user name, e-mail address or phone number."""

    username = forms.CharField(
        label=_("Tên đăng nhập, thư điện tử hoặc số điện thoại"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
    )
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Hãy kiểm tra lại (mật khẩu phân biệt chữ hoa, chữ thường)."
        ),
        "inactive": _("Tài khoản này đã bị ngừng sử dụng. Hãy liên hệ quản trị của cơ quan để mở lại."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = _(
            "Hãy nhập tên đăng nhập, thư điện tử hoặc số điện thoại."
        )
        self.fields["password"].error_messages["required"] = _("Hãy nhập mật khẩu.")

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not (username and password):
            return super().clean()
        # Checked before the password, so a paused sprayer learns nothing, not even a right guess.
        paused = spraying.refusal(self.request, password)
        if paused:
            raise ValidationError(paused, code=SPRAYING)
        try:
            return super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                spraying.record_failure(self.request, username, password)
            raise

    def get_invalid_login_error(self):
        # The backends refuse inactive accounts like wrong passwords. With the right password the person
        # owns the account, so telling them it is disabled reveals nothing and saves a wasted reset.
        user = find_user(self.cleaned_data.get("username", ""))
        password = self.cleaned_data.get("password") or ""
        if user is not None and not user.is_active and user.check_password(password):
            return ValidationError(self.error_messages["inactive"], code="inactive")
        return super().get_invalid_login_error()


class CodeForm(forms.Form):
    """A 6-digit code from the authenticator app, checked against `device` (with throttling)."""

    code = forms.CharField(
        label=_("Mã xác thực (6 chữ số)"),
        max_length=20,
        help_text=_("Mở ứng dụng xác thực trên điện thoại và nhập mã đang hiển thị cho MotCua."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not CODE_PATTERN.match(code):
            raise ValidationError(_("Mã xác thực gồm đúng 6 chữ số. Hãy nhập lại."), code="format")
        return code

    def clean(self):
        cleaned = super().clean()
        # The code is checked last, and only when everything else is right, so a good code is never spent
        # on a form that fails for another reason.
        if not self.errors:
            result = otp.check_code(self.device, cleaned["code"])
            if result.wait_seconds:
                raise ValidationError(
                    ngettext(
                        "Bạn đã nhập sai mã nhiều lần. Hãy đợi %(seconds)d giây rồi nhập mã mới.",
                        "Bạn đã nhập sai mã nhiều lần. Hãy đợi %(seconds)d giây rồi nhập mã mới.",
                        result.wait_seconds,
                    )
                    % {"seconds": result.wait_seconds},
                    code="throttled",
                )
            if not result.accepted:
                raise ValidationError(
                    _("Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã mới nhất trên ứng dụng."), code="invalid"
                )
        return cleaned


class DisableOTPForm(CodeForm):
    confirm = forms.BooleanField(
        label=_("Tôi hiểu rằng sau khi tắt, chỉ cần mật khẩu là đăng nhập được vào tài khoản này."),
        error_messages={"required": _("Hãy đánh dấu ô xác nhận để tắt xác thực hai bước.")},
    )


class ResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("Thư điện tử đã đăng ký"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={"invalid": _("Hãy nhập một địa chỉ thư điện tử hợp lệ, ví dụ ten@example.vn.")},
    )
