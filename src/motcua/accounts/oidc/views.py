"""The two pages of an OpenID Connect login: off to the provider, and back with the code.

Both answer 404 while no provider is configured. Every refusal (wrong state, a token that fails a check, a claim
that would open a staff account, the provider unreachable) ends on the login page with a Vietnamese message and a
failed-login entry in the audit log, never on an error page.
"""

import logging

import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from motcua.accounts.oidc import config
from motcua.accounts.oidc.linking import LinkRefused
from motcua.core.audit import record
from motcua.core.models import AuditEntry

logger = logging.getLogger(__name__)


def _unavailable(request):
    messages.error(request, _("Chưa kết nối được với VNeID. Hãy thử lại sau, hoặc đăng nhập bằng mật khẩu."))
    return redirect("accounts:login")


class OIDCLoginView(OIDCAuthenticationRequestView):
    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the parent would read endpoints from the settings; ours may be discovered

    def get(self, request):
        if not config.is_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = config.provider().authorization_endpoint
        except config.DiscoveryError as error:
            logger.warning("OIDC login not started: %s", error)
            return _unavailable(request)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class OIDCCallbackView(OIDCAuthenticationCallbackView):
    def get(self, request):
        if not config.is_enabled():
            raise Http404
        try:
            return super().get(request)
        except LinkRefused as refusal:
            message, reason = str(refusal), "refused"
        except (SuspiciousOperation, requests.RequestException, config.DiscoveryError) as error:
            logger.warning("OIDC login refused: %s", error)
            message, reason = _("Đăng nhập bằng VNeID không thành công. Hãy thử lại."), "invalid"
        return self._refuse(message, reason)

    def _refuse(self, message: str, reason: str):
        record(
            AuditEntry.Action.LOGIN_FAILED,
            object_type="accounts.User",
            object_label="VNeID",
            changes={"via": "oidc", "reason": reason},
        )
        messages.error(self.request, message)
        return redirect("accounts:login")

    def login_failure(self):
        if self.request.GET.get("error") == "access_denied":
            messages.info(self.request, _("Bạn đã hủy đăng nhập bằng VNeID."))
            return redirect("accounts:login")
        return self._refuse(_("Đăng nhập bằng VNeID không thành công. Hãy thử lại."), "failed")
