"""Password reset by phone: the number, the texted code, the new password (phone_reset holds the rules)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from motcua.accounts import phone_reset, verification
from motcua.accounts.code_pages import code_context, issue_error, resend_message
from motcua.accounts.contacts import validate_mobile
from motcua.accounts.models import VerificationCode
from motcua.accounts.signup_forms import OneTimeCodeForm

SESSION_KEY = "accounts_phone_reset_code"


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=gettext_lazy("Số điện thoại đã đăng ký"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "autofocus": True}),
        error_messages={"required": gettext_lazy("Hãy nhập số điện thoại đã đăng ký với tài khoản.")},
    )

    def clean_phone(self) -> str:
        return validate_mobile(self.cleaned_data["phone"])


def _pending(request) -> VerificationCode | None:
    pk = request.session.get(SESSION_KEY)
    purpose = VerificationCode.Purpose.PASSWORD_RESET
    return VerificationCode.objects.filter(pk=pk, purpose=purpose).select_related("user").first() if pk else None


@never_cache
def start(request):
    form = PhoneForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            row = phone_reset.start(form.cleaned_data["phone"])
        except (verification.DeliveryFailed, verification.TooManyRequests) as error:
            form.add_error("phone", issue_error(error))
        else:
            request.session[SESSION_KEY] = row.pk
            return redirect("accounts:phone_reset_verify")
    return render(request, "accounts/phone_reset_form.html", {"form": form})


@never_cache
def verify(request):
    row = _pending(request)
    if row is None:
        return redirect("accounts:phone_reset")
    form = OneTimeCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = phone_reset.confirm(row, form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            del request.session[SESSION_KEY]
            phone_reset.grant(request.session, user)
            return redirect("accounts:phone_reset_password")
    context = {**code_context(row), "form": form, "resend_url": "accounts:phone_reset_resend"}
    return render(request, "accounts/code_verify.html", context)


@require_POST
def resend(request):
    row = _pending(request)
    if row is None:
        return redirect("accounts:phone_reset")
    resend_message(request, row)
    return redirect("accounts:phone_reset_verify")


@never_cache
def new_password(request):
    user = phone_reset.granted_user(request.session)
    if user is None:
        messages.info(request, _("Đã quá thời gian đặt mật khẩu mới. Hãy yêu cầu mã xác minh mới."))
        return redirect("accounts:phone_reset")
    form = SetPasswordForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        form.save()
        phone_reset.finish(request.session)
        messages.success(request, _("Đã đặt mật khẩu mới. Hãy đăng nhập bằng mật khẩu mới."))
        return redirect("accounts:login")
    return render(request, "accounts/password_reset_confirm.html", {"form": form, "validlink": True})
