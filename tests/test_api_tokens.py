"""Personal API keys: made and revoked by command, stored only as a hash, audited; session or key for the API."""

import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from motcua.accounts.models import ApiToken, User
from motcua.core.models import AuditEntry

NOT_LOGGED_IN = {"detail": "Bạn cần đăng nhập để dùng API này."}


def create_token(username: str, *args) -> str:
    out, err = _Buffer(), _Buffer()
    call_command("create_token", username, *args, stdout=out, stderr=err)
    assert "không được hiển thị lần nữa" in err.text
    return out.text.strip()


class _Buffer:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def test_a_key_is_printed_once_stored_as_a_hash_and_audited(demo):
    key = create_token("tiepnhan.hongvan", "--name", "phần mềm kiosk")
    token = ApiToken.objects.get()
    assert key.startswith(f"mc_{token.prefix}_")
    assert len(key) > 50
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key.split("_", 2)[2] not in {token.prefix, token.key_hash, token.name}
    assert (token.user.username, token.name, token.revoked_at) == ("tiepnhan.hongvan", "phần mềm kiosk", None)
    entry = AuditEntry.objects.get(object_type="accounts.ApiToken", action=AuditEntry.Action.CREATE)
    assert entry.object_id == str(token.pk)
    assert entry.changes["prefix"] == [None, token.prefix]
    assert key not in str(entry.changes) and token.key_hash not in str(entry.changes)


@pytest.mark.parametrize("path", ["/api/v1/agencies", "/api/v1/units"])
def test_a_key_opens_every_endpoint_and_records_its_use(demo, path):
    key = create_token("thanhtra.hanoi")
    assert ApiToken.objects.get().last_used_at is None
    response = Client().get(path, headers=bearer(key))
    assert response.status_code == 200
    assert response.json()["items"]
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize(
    "header",
    [
        "Bearer mc_0000000000_khong-dung",
        "Bearer ",
        "Basic dGhhbmh0cmE6eA==",
        "Bearer {key}x",
        "Bearer {wrong_prefix}",
    ],
)
def test_wrong_keys_are_refused_with_the_usual_401(demo, header):
    key = create_token("thanhtra.hanoi")
    prefix = key.split("_")[1]
    wrong_prefix = key.replace(prefix, "f" * len(prefix))
    response = Client().get(
        "/api/v1/agencies", headers={"Authorization": header.format(key=key, wrong_prefix=wrong_prefix)}
    )
    assert response.status_code == 401
    assert response.json() == NOT_LOGGED_IN


def test_revoked_keys_and_keys_of_locked_accounts_fail(demo):
    kiosk = create_token("tiepnhan.hongvan", "--name", "kiosk")
    script = create_token("tiepnhan.hongvan", "--name", "script")
    out = _Buffer()
    call_command("revoke_token", "tiepnhan.hongvan", "--name", "kiosk", stdout=out)
    assert "Đã thu hồi mã «kiosk»" in out.text
    assert Client().get("/api/v1/agencies", headers=bearer(kiosk)).status_code == 401
    assert Client().get("/api/v1/agencies", headers=bearer(script)).status_code == 200
    revoked = ApiToken.objects.get(name="kiosk")
    entry = AuditEntry.objects.get(object_type="accounts.ApiToken", action=AuditEntry.Action.UPDATE)
    assert (entry.object_id, list(entry.changes)) == (str(revoked.pk), ["revoked_at"])

    User.objects.filter(username="tiepnhan.hongvan").update(is_active=False)
    assert Client().get("/api/v1/agencies", headers=bearer(script)).status_code == 401


def test_revoke_by_prefix_or_all(demo):
    first = create_token("lanhdao.hongvan")
    second = create_token("lanhdao.hongvan")
    call_command("revoke_token", "lanhdao.hongvan", "--prefix", "_".join(first.split("_")[:2]), stdout=_Buffer())
    assert Client().get("/api/v1/agencies", headers=bearer(first)).status_code == 401
    assert Client().get("/api/v1/agencies", headers=bearer(second)).status_code == 200
    out = _Buffer()
    call_command("revoke_token", "lanhdao.hongvan", stdout=out)
    assert out.text.count("Đã thu hồi") == 1
    assert Client().get("/api/v1/agencies", headers=bearer(second)).status_code == 401
    out = _Buffer()
    call_command("revoke_token", "lanhdao.hongvan", stdout=out)
    assert "Không có mã truy cập API nào còn hiệu lực" in out.text


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("khongco", "Không có tài khoản «khongco»."),
        ("congdan", "Chỉ tài khoản cán bộ mới được cấp mã truy cập API"),
        ("locked", "Tài khoản «locked» đã bị khóa"),
    ],
)
def test_keys_only_for_active_staff(demo, username, message):
    User.objects.create_user("locked", account_type=User.AccountType.STAFF, is_active=False)
    with pytest.raises(CommandError, match=message):
        call_command("create_token", username, stdout=_Buffer(), stderr=_Buffer())
    assert not ApiToken.objects.exists()


def test_revoking_for_an_unknown_user_is_a_clear_error(demo):
    with pytest.raises(CommandError, match=r"Không có tài khoản «ai\.do»\."):
        call_command("revoke_token", "ai.do", stdout=_Buffer())


def test_session_calls_keep_the_csrf_check_and_key_calls_need_none(demo):
    body = {"procedure": "0.000000", "receiving_agency_id": 1, "competent_agency_id": 1, "applicant": {}}
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(User.objects.get(username="tiepnhan.hongvan"))
    refused = browser.post("/api/v1/dossiers", body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    browser.cookies["csrftoken"] = "a" * 32
    checked = browser.post("/api/v1/dossiers", body, content_type="application/json", headers={"X-CSRFToken": "a" * 32})
    assert checked.status_code == 422  # past authentication: the body itself is incomplete

    key = create_token("tiepnhan.hongvan")
    script = Client(enforce_csrf_checks=True)
    response = script.post("/api/v1/dossiers", body, content_type="application/json", headers=bearer(key))
    assert response.status_code == 422
    anonymous = Client(enforce_csrf_checks=True).post("/api/v1/dossiers", body, content_type="application/json")
    assert (anonymous.status_code, anonymous.json()) == (401, NOT_LOGGED_IN)


def test_documentation_at_api_docs_and_api_openapi_json(client, db):
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert "/api/openapi.json" in docs.content.decode()
    schema = client.get("/api/openapi.json").json()
    assert {"/api/v1/agencies", "/api/v1/dossiers", "/api/v1/dossiers/{code_or_id}/actions/assign"} <= set(
        schema["paths"]
    )
    schemes = schema["components"]["securitySchemes"]
    assert {scheme.get("scheme") for scheme in schemes.values()} >= {"bearer"}
    assert {scheme.get("in") for scheme in schemes.values()} >= {"cookie"}
