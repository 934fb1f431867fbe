"""VNeID / OpenID Connect login against a real local provider (tests/oidc_provider.py) over HTTP: the whole
authorization-code flow with state, nonce and PKCE, the ID token's checks, and the linking rules of the claims."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.messages import get_messages
from django.urls import reverse

from motcua.accounts.models import ApplicantProfile, ExternalIdentity, User
from motcua.core.models import AuditEntry
from oidc_provider import OIDCProvider

LOGIN = reverse("accounts:oidc_login")
CALLBACK = reverse("accounts:oidc_callback")
PERSON = {
    "sub": "vneid-7f3a",
    "name": "Trần Văn Cường",
    "citizen_id": "001090012399",
    "email": "cuong@example.vn",
    "email_verified": True,
    "phone_number": "+84912000555",
    "phone_number_verified": True,
    "birthdate": "1990-05-01",
    "address": {"formatted": "Thôn Hồng Vân, xã Hồng Vân, Hà Nội"},
}


@pytest.fixture
def provider(settings, db):
    with OIDCProvider() as running:
        running.redirect_uris.add(f"http://testserver{CALLBACK}")
        running.person = dict(PERSON)
        settings.OIDC_ISSUER = running.issuer
        settings.OIDC_RP_CLIENT_ID = running.client_id
        settings.OIDC_RP_CLIENT_SECRET = running.client_secret
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = ""
        settings.OIDC_OP_TOKEN_ENDPOINT = ""
        settings.OIDC_OP_USER_ENDPOINT = ""
        settings.OIDC_OP_JWKS_ENDPOINT = ""
        yield running


def to_provider(client):
    """The browser's first leg: MotCua sends it to the provider's authorization endpoint."""
    response = client.get(LOGIN)
    assert response.status_code == 302
    return response.url


def back_from_provider(authorize_url: str) -> str:
    """The provider's answer: a redirect to MotCua's callback with the code and the state."""
    answer = requests.get(authorize_url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    location = urlsplit(answer.headers["Location"])
    return f"{location.path}?{location.query}"


def login_through(client):
    return client.get(back_from_provider(to_provider(client)))


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def logged_in_user(client):
    pk = client.session.get("_auth_user_id")
    return User.objects.get(pk=pk) if pk else None


def test_the_button_and_pages_exist_only_when_configured(client, db, settings):
    settings.OIDC_ISSUER = settings.OIDC_RP_CLIENT_ID = ""
    assert "Đăng nhập bằng VNeID" not in client.get(reverse("accounts:login")).content.decode()
    assert client.get(LOGIN).status_code == 404
    assert client.get(CALLBACK).status_code == 404


def test_a_first_login_makes_a_citizen_account_from_the_claims(client, provider):
    assert "Đăng nhập bằng VNeID" in client.get(reverse("accounts:login")).content.decode()
    authorize = to_provider(client)
    params = {k: v[0] for k, v in parse_qs(urlsplit(authorize).query).items()}
    assert authorize.startswith(f"{provider.issuer}/authorize?")  # found through discovery
    assert params["client_id"] == "motcua" and params["response_type"] == "code"
    assert params["scope"] == "openid profile email phone"
    assert len(params["state"]) >= 32 and len(params["nonce"]) >= 32
    assert params["code_challenge_method"] == "S256"

    response = client.get(back_from_provider(authorize))
    assert response.status_code == 302 and response.url == reverse("home")
    user = logged_in_user(client)
    assert user.account_type == "citizen" and user.full_name == "Trần Văn Cường"
    assert user.email == "cuong@example.vn" and user.email_verified_at
    assert user.phone == "0912000555" and user.phone_verified_at
    assert not user.has_usable_password()
    profile = user.applicant_profile
    assert profile.personal_id == "001090012399" and str(profile.date_of_birth) == "1990-05-01"
    assert profile.address == "Thôn Hồng Vân, xã Hồng Vân, Hà Nội"
    identity = ExternalIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (provider.issuer, "vneid-7f3a")
    assert ("POST", "/token") in provider.requests and ("GET", "/userinfo") in provider.requests

    # The next login opens the same account, even after the provider's e-mail changed.
    client.logout()
    provider.person["email"] = "cuong.moi@example.vn"
    login_through(client)
    assert logged_in_user(client) == user
    assert User.objects.count() == 1 and ExternalIdentity.objects.count() == 1


def test_a_verified_email_links_the_existing_citizen_account(client, provider, django_user_model):
    from django.utils import timezone

    citizen = django_user_model.objects.create_user(
        "hoa", email="Cuong@Example.vn", password="x", full_name="Cường", email_verified_at=timezone.now()
    )
    login_through(client)
    assert logged_in_user(client) == citizen
    assert ExternalIdentity.objects.get().user == citizen
    citizen.refresh_from_db()
    assert citizen.full_name == "Cường"  # what the person typed is kept
    assert citizen.phone == "0912000555"  # what was missing is filled from the verified claims
    assert AuditEntry.objects.filter(object_type="accounts.ExternalIdentity", action="create").exists()


@pytest.mark.parametrize("field", ["email", "phone"])
def test_a_staff_account_is_never_opened_by_vneid(client, provider, field):
    from motcua.accounts.models import User as U

    values = {"email": "cuong@example.vn"} if field == "email" else {"phone": "0912000555"}
    U.objects.create_user("canbo", password="x", account_type="staff", **values)
    response = login_through(client)
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    assert logged_in_user(client) is None
    assert any("tài khoản cán bộ" in m for m in messages_of(response))
    assert not ExternalIdentity.objects.exists() and U.objects.count() == 1
    assert AuditEntry.objects.filter(action="login_failed", changes__via="oidc").exists()


def test_details_on_an_account_that_never_proved_them_are_not_linked(client, provider, django_user_model):
    django_user_model.objects.create_user("la", email="cuong@example.vn", password="x")  # never verified
    response = login_through(client)
    assert logged_in_user(client) is None
    assert any("không tự liên kết được" in m for m in messages_of(response))
    assert not ExternalIdentity.objects.exists()


def test_an_id_number_typed_into_another_profile_is_not_linked(client, provider, django_user_model):
    other = django_user_model.objects.create_user("khac", password="x")
    ApplicantProfile.objects.create(user=other, kind="person", personal_id="001090012399")
    login_through(client)
    assert logged_in_user(client) is None and not ExternalIdentity.objects.exists()


def test_unverified_claims_are_neither_linked_nor_stored(client, provider, django_user_model):
    from django.utils import timezone

    provider.person.update(email_verified=False, phone_number_verified=False)
    someone = django_user_model.objects.create_user("ai", email="cuong@example.vn", email_verified_at=timezone.now())
    login_through(client)
    user = logged_in_user(client)
    assert user is not None and user != someone  # an unverified e-mail does not open somebody's account
    assert user.email == "" and user.phone == ""


@pytest.mark.parametrize("tamper", ["signature", "nonce", "audience", "issuer", "expired", "other_key", "userinfo_sub"])
def test_a_tampered_or_foreign_token_is_refused(client, provider, tamper):
    provider.tamper = tamper
    response = login_through(client)
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    assert logged_in_user(client) is None
    assert User.objects.count() == 0
    assert any("không thành công" in m for m in messages_of(response))
    assert AuditEntry.objects.filter(action="login_failed", changes__via="oidc").exists()


def test_a_wrong_or_replayed_state_is_refused(client, provider):
    callback = back_from_provider(to_provider(client))
    forged = callback.replace("state=", "state=x")
    response = client.get(forged)
    assert response.status_code == 302 and logged_in_user(client) is None
    # The right state works once; the same answer replayed later logs nobody in.
    client.get(callback)
    user = logged_in_user(client)
    assert user is not None
    client.logout()
    client.get(callback)
    assert logged_in_user(client) is None


def test_another_browser_cannot_use_the_answer(client, provider, django_user_model):
    from django.test import Client

    callback = back_from_provider(to_provider(client))
    thief = Client()
    response = thief.get(callback)
    assert response.status_code == 302 and "_auth_user_id" not in thief.session
    assert not django_user_model.objects.exists()


def test_given_endpoints_need_no_discovery(client, provider, settings):
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider.issuer}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider.issuer}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider.issuer}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider.issuer}/jwks"
    login_through(client)
    assert logged_in_user(client) is not None
    assert ("GET", "/.well-known/openid-configuration") not in provider.requests


def test_a_discovery_document_of_another_issuer_is_refused(client, provider, settings):
    provider.discovery_issuer = "http://127.0.0.1:9/vneid-gia"
    response = client.get(LOGIN)
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    assert any("Chưa kết nối được với VNeID" in m for m in messages_of(response))


def test_a_cancelled_login_says_so(client, provider):
    to_provider(client)
    response = client.get(CALLBACK + "?error=access_denied&state=abc")
    assert response.url == reverse("accounts:login")
    assert messages_of(response) == ["Bạn đã hủy đăng nhập bằng VNeID."]


def test_a_returning_login_whose_id_number_another_profile_took_still_works(client, provider, django_user_model):
    provider.person.pop("citizen_id")
    login_through(client)
    user = logged_in_user(client)
    assert not hasattr(user, "applicant_profile")
    client.logout()
    other = django_user_model.objects.create_user("khac", password="x")
    ApplicantProfile.objects.create(user=other, kind="person", personal_id="001090012399")
    provider.person["citizen_id"] = "001090012399"
    login_through(client)
    assert logged_in_user(client) == user
    assert not ApplicantProfile.objects.filter(user=user).exists()
