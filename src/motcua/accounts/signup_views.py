"""Sign-up of citizens and organisations: the form, the one-time code step, and sending the code again."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from motcua.accounts import signup, verification
from motcua.accounts.code_pages import code_context, issue_error, resend_message
from motcua.accounts.models import VerificationCode
from motcua.accounts.oidc.config import is_enabled as oidc_enabled
from motcua.accounts.personal_data_requests import NOTICE_VERSION
from motcua.accounts.signup_forms import OneTimeCodeForm, SignupForm

SESSION_KEY = "accounts_signup_code"
PASSWORD_BACKEND = "motcua.accounts.backends.EmailOrPhoneBackend"


def _pending(request) -> VerificationCode | None:
    pk = request.session.get(SESSION_KEY)
    return VerificationCode.objects.filter(pk=pk, purpose=VerificationCode.Purpose.SIGNUP).first() if pk else None


@never_cache
def signup_start(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            row = signup.start(form.request())
        except (verification.DeliveryFailed, verification.TooManyRequests) as error:
            form.add_error("contact", issue_error(error))
        else:
            request.session[SESSION_KEY] = row.pk
            return redirect("accounts:signup_verify")
    context = {"form": form, "oidc_enabled": oidc_enabled(), "notice_version": NOTICE_VERSION}
    return render(request, "accounts/signup.html", context)


@never_cache
def signup_verify(request):
    row = _pending(request)
    if row is None:
        messages.info(request, _("Hãy điền thông tin đăng ký trước."))
        return redirect("accounts:signup")
    form = OneTimeCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = signup.complete(row, form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            del request.session[SESSION_KEY]
            login(request, user, backend=PASSWORD_BACKEND)
            messages.success(
                request, _("Đã tạo tài khoản. Hãy bổ sung thông tin cá nhân để điền sẵn khi nộp hồ sơ trực tuyến.")
            )
            return redirect("accounts:profile")
    context = {**code_context(row), "form": form, "resend_url": "accounts:signup_resend"}
    return render(request, "accounts/code_verify.html", context)


@require_POST
def signup_resend(request):
    row = _pending(request)
    if row is None:
        return redirect("accounts:signup")
    resend_message(request, row)
    return redirect("accounts:signup_verify")
