from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """Log in with a user name, e-mail address or phone number."""

    username = forms.CharField(
        label="Tên đăng nhập, thư điện tử hoặc số điện thoại",
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
    )
    error_messages = {
        "invalid_login": (
            "Tên đăng nhập hoặc mật khẩu không đúng. Hãy kiểm tra lại (mật khẩu phân biệt chữ hoa, chữ thường)."
        ),
        "inactive": "Tài khoản này đã bị khóa. Hãy liên hệ quản trị của cơ quan.",
    }
