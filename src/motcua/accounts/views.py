"""Login, logout and passwords (đăng nhập, đăng xuất, đặt lại và đổi mật khẩu)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import NON_FIELD_ERRORS
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _

from motcua.accounts import otp, two_factor, two_step
from motcua.accounts.decorators import verified_login_required
from motcua.accounts.forms import SPRAYING, LoginForm, ResetRequestForm
from motcua.accounts.oidc.config import is_enabled as oidc_enabled


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "oidc_enabled": oidc_enabled()}

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, SPRAYING):
            response.status_code = 429  # Too Many Requests, as django-axes answers a locked account
        return response

    def form_valid(self, form):
        user = form.get_user()
        if otp.has_confirmed_device(user):
            two_step.begin(self.request, user)
            url = reverse("accounts:otp_verify")
        elif two_factor.is_required(user):
            two_step.begin(self.request, user, enrol=True)
            url = reverse("accounts:otp_login_enrol")
        else:
            return super().form_valid(form)
        next_url = self.get_redirect_url()
        return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    """Unknown addresses get the same answer as known ones, so the form does not reveal who has an account."""

    form_class = ResetRequestForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    reset_url_token = "dat-mat-khau-moi"


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@method_decorator(verified_login_required, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Đã đổi mật khẩu. Lần đăng nhập sau, hãy dùng mật khẩu mới."))
        return response
