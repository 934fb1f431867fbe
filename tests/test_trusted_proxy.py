"""Behind a trusted proxy the audit log and the login throttle see the client's address, not the proxy's."""

import pytest
from django.urls import reverse

from motcua.core.models import AuditEntry

PROXY = "10.0.0.5"


def failed_login_ip(client, **headers) -> str:
    client.post(reverse("accounts:login"), {"username": "congdan", "password": "sai"}, REMOTE_ADDR=PROXY, **headers)
    return AuditEntry.objects.filter(action="login_failed").latest("at").ip_address


@pytest.mark.django_db
def test_last_forwarded_address_is_the_client_behind_the_proxy(client, settings, demo):
    settings.BEHIND_PROXY = True
    # The first entry was sent by the client itself and is ignored; the proxy appended the real address.
    assert failed_login_ip(client, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9") == "203.0.113.9"


@pytest.mark.django_db
def test_without_a_proxy_forwarded_headers_are_ignored(client, settings, demo):
    settings.BEHIND_PROXY = False
    assert failed_login_ip(client, HTTP_X_FORWARDED_FOR="203.0.113.9") == PROXY
