"""Account security pages: two-step verification (xác thực hai bước) on, off, and the login code step.

A user whose role requires the second factor (motcua.accounts.two_factor) and has no authenticator app adds one
at login, before being logged in, and cannot turn it off.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from motcua.accounts import otp, two_factor, two_step
from motcua.accounts.decorators import is_staff_member, staff_check, staff_required, verified_login_required
from motcua.accounts.forms import CodeForm, DisableOTPForm
from motcua.core.audit import record
from motcua.core.models import AuditEntry


@never_cache
@verified_login_required
def security(request):
    return render(
        request,
        "accounts/security.html",
        {
            "device": otp.confirmed_device(request.user),
            "can_use_otp": is_staff_member(request.user),
            "required_by": two_factor.role_labels(request.user),
        },
    )


def _enrolment_page(request, form, device, *, at_login: bool, next_url: str):
    return render(
        request,
        "accounts/otp_enrol.html",
        {
            "form": form,
            "qr_code": otp.qr_code_svg(device),
            "manual_key": otp.manual_entry_key(device),
            "at_login": at_login,
            "required_by": two_factor.role_labels(device.user),
            "next": next_url,
        },
    )


@never_cache
def otp_enrol(request):
    refusal = staff_check(request, enrolling=True)
    if refusal is not None:
        return refusal
    next_url = _next_url(request, default=reverse("accounts:security"))
    if otp.has_confirmed_device(request.user):
        messages.info(request, _("Xác thực hai bước đã được bật cho tài khoản này."))
        return redirect("accounts:security")
    device = two_step.enrolment_device(request, request.user)
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp.confirm(device)
        two_step.complete(request, request.user, device)
        messages.success(request, _("Đã bật xác thực hai bước. Từ nay, sau mật khẩu bạn sẽ được hỏi mã xác thực."))
        return redirect(next_url)
    return _enrolment_page(request, form, device, at_login=False, next_url=next_url)


@never_cache
def otp_login_enrol(request):
    """Login step of a user who must use the second factor and has no app yet: add one, then be logged in."""
    next_url = _next_url(request)
    user = two_step.pending_user(request)
    if user is None:
        messages.info(request, _("Hãy đăng nhập bằng mật khẩu trước (hoặc đăng nhập lại nếu đã quá 15 phút)."))
        return redirect("accounts:login")
    if otp.has_confirmed_device(user):
        return redirect(f"{reverse('accounts:otp_verify')}?{urlencode({'next': next_url})}")
    device = two_step.enrolment_device(request, user)
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST":
        if form.is_valid():
            otp.confirm(device)
            two_step.complete(request, user, device)
            messages.success(request, _("Đã bật xác thực hai bước. Từ nay, sau mật khẩu bạn sẽ được hỏi mã xác thực."))
            return redirect(next_url)
        _record_wrong_code(user, "otp_enrol")
    return _enrolment_page(request, form, device, at_login=True, next_url=next_url)


@never_cache
@staff_required
def otp_disable(request):
    device = otp.confirmed_device(request.user)
    if device is None:
        messages.info(request, _("Xác thực hai bước chưa được bật cho tài khoản này."))
        return redirect("accounts:security")
    if two_factor.is_required(request.user):
        messages.error(
            request,
            _("Vai trò %(roles)s bắt buộc dùng xác thực hai bước, nên không tắt được.")
            % {"roles": two_factor.role_labels(request.user)},
        )
        return redirect("accounts:security")
    form = DisableOTPForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp.disable(request.user)
        messages.success(request, _("Đã tắt xác thực hai bước."))
        return redirect("accounts:security")
    return render(request, "accounts/otp_disable.html", {"form": form})


def _next_url(request, default: str = "") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed_hosts = {request.get_host()}
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts=allowed_hosts, require_https=request.is_secure()):
        return candidate
    return default or resolve_url(settings.LOGIN_REDIRECT_URL)


def _record_wrong_code(user, step: str) -> None:
    record(
        AuditEntry.Action.LOGIN_FAILED,
        object_type="accounts.User",
        object_label=user.get_username(),
        changes={"step": step},
    )


@never_cache
def otp_verify(request):
    """Second login step: the code after the password, or for a session opened before the device was added."""
    next_url = _next_url(request)
    user = request.user if request.user.is_authenticated else two_step.pending_user(request)
    if user is None:
        messages.info(request, _("Hãy đăng nhập bằng mật khẩu trước (hoặc đăng nhập lại nếu đã quá 5 phút)."))
        return redirect("accounts:login")
    device = otp.confirmed_device(user)
    if device is None and two_factor.is_required(user) and not request.user.is_verified():
        # No app (e.g. removed by an administrator) but the role requires one: add it first.
        page = "accounts:otp_enrol" if request.user.is_authenticated else "accounts:otp_login_enrol"
        return redirect(f"{reverse(page)}?{urlencode({'next': next_url})}")
    if device is None or request.user.is_verified():
        return redirect(next_url)
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST":
        if form.is_valid():
            two_step.complete(request, user, device)
            return redirect(next_url)
        _record_wrong_code(user, "otp")
    return render(request, "accounts/otp_verify.html", {"form": form, "next": next_url})
