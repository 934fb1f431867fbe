"""The Django admin site (trang quản trị): system administrators only, behind MotCua's own login.

Django's own admin login form checks only the password, so a staff member with two-step verification
could otherwise enter /quan-tri/ without a code. Agency administrators manage their people in the staff
pages; the raw data belongs to system administrators.
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from motcua.accounts.decorators import needs_second_step


class MotCuaAdminSite(admin.AdminSite):
    site_header = gettext_lazy("MotCua – Quản trị")
    site_title = "MotCua"
    index_title = gettext_lazy("Quản trị dữ liệu")

    def has_permission(self, request):
        user = request.user
        return super().has_permission(request) and user.is_superuser and not needs_second_step(user)

    def login(self, request, extra_context=None):
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        if not request.user.is_authenticated:
            return redirect_to_login(next_url)
        if needs_second_step(request.user):
            return redirect(f"{reverse('accounts:otp_verify')}?{urlencode({'next': next_url})}")
        raise PermissionDenied(gettext("Tài khoản này không có quyền vào trang quản trị."))
