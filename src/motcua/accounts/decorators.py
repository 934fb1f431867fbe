"""Access checks for views: logged in, verified by the second factor when enrolled, and staff only.

Function views use the decorators; class-based views use the mixins, which run the same checks.
"""

from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext

from motcua.accounts.otp import has_confirmed_device


def is_staff_member(user) -> bool:
    """Cán bộ, công chức: any account that is not an applicant's, and system administrators."""
    return user.is_superuser or not user.is_applicant


def needs_second_step(user) -> bool:
    return not user.is_verified() and has_confirmed_device(user)


def second_step_redirect(request):
    return redirect(f"{reverse('accounts:otp_verify')}?{urlencode({'next': request.get_full_path()})}")


def verification_check(request):
    """None when the request may go on; otherwise the response that sends the user to log in or verify."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if needs_second_step(request.user):
        return second_step_redirect(request)
    return None


def staff_check(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_staff_member(request.user):
        raise PermissionDenied(gettext("Trang này dành cho cán bộ, công chức."))
    if needs_second_step(request.user):
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
