"""Access checks for views: logged in, verified by the second factor when enrolled (or enrolled first when the
user's role requires it, motcua.accounts.two_factor), and staff only.

Function views use the decorators; class-based views use the mixins, which run the same checks.
"""

from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext

from motcua.accounts import two_factor
from motcua.accounts.otp import has_confirmed_device


def is_staff_member(user) -> bool:
    """Cán bộ, công chức: any account that is not an applicant's, and system administrators."""
    return user.is_superuser or not user.is_applicant


def second_step_due(user) -> str | None:
    """What the session still lacks: "verify" (a code from the user's app), "enrol" (an app, required by a role
    of the user) or None."""
    if user.is_verified():
        return None
    if has_confirmed_device(user):
        return "verify"
    return "enrol" if two_factor.is_required(user) else None


def needs_second_step(user) -> bool:
    return second_step_due(user) is not None


def second_step_redirect(request):
    page = "accounts:otp_enrol" if second_step_due(request.user) == "enrol" else "accounts:otp_verify"
    return redirect(f"{reverse(page)}?{urlencode({'next': request.get_full_path()})}")


def verification_check(request):
    """None when the request may go on; otherwise the response that sends the user to log in or verify."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if needs_second_step(request.user):
        return second_step_redirect(request)
    return None


def staff_check(request, *, enrolling: bool = False):
    """`enrolling`: the page that adds the authenticator, open to a user who still has to add one."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_staff_member(request.user):
        raise PermissionDenied(gettext("Trang này dành cho cán bộ, công chức."))
    due = second_step_due(request.user)
    if due == "verify" or (due == "enrol" and not enrolling):
        return second_step_redirect(request)
    return None


def verified_login_required(view):
    """Logged in, and verified by the second factor when the user has one."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        refusal = verification_check(request)
        return refusal if refusal is not None else view(request, *args, **kwargs)

    return wrapper


def staff_required(view):
    """Logged in, not an applicant (or a superuser), and verified by the second factor if enrolled."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        refusal = staff_check(request)
        return refusal if refusal is not None else view(request, *args, **kwargs)

    return wrapper


class VerifiedLoginRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        refusal = verification_check(request)
        return refusal if refusal is not None else super().dispatch(request, *args, **kwargs)


class StaffRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        refusal = staff_check(request)
        return refusal if refusal is not None else super().dispatch(request, *args, **kwargs)
