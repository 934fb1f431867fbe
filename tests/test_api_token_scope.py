"""API keys expire and carry a scope (issue 16 item 6): a read key is refused every write (403), expired and revoked
keys are no caller (401); the owner lists and revokes their keys on a page that shows a new key once only."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from motcua.accounts import tokens
from motcua.accounts.models import ApiToken, User
from motcua.core.models import AuditEntry

WRITE_BODY = {"procedure": "0.000000", "receiving_agency_id": 1, "competent_agency_id": 1, "applicant": {}}
READ_ONLY = "chỉ có quyền đọc (phạm vi «read»)"


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def make_key(username: str, **options) -> tuple[ApiToken, str]:
    return tokens.create(User.objects.get(username=username), "kiểm thử", **options)


def test_a_read_key_reads_but_every_write_is_refused_with_a_clear_403(demo):
    _, key = make_key("tiepnhan.hongvan", scope=ApiToken.Scope.READ)
    assert Client().get("/api/v1/agencies", headers=bearer(key)).status_code == 200
    writes = [
        Client().post("/api/v1/dossiers", WRITE_BODY, content_type="application/json", headers=bearer(key)),
        Client().post("/api/v1/dossiers/1/actions/assign", {}, content_type="application/json", headers=bearer(key)),
    ]
    for refused in writes:
        assert refused.status_code == 403
        assert refused.json()["code"] == "forbidden"
        assert READ_ONLY in refused.json()["detail"]


def test_an_act_key_passes_to_the_endpoint(demo):
    _, key = make_key("tiepnhan.hongvan", scope=ApiToken.Scope.ACT)
    response = Client().post("/api/v1/dossiers", WRITE_BODY, content_type="application/json", headers=bearer(key))
    assert response.status_code == 422  # past authentication and scope: the body itself is incomplete


def test_keys_expire_after_the_configured_days(demo, settings):
    settings.API_TOKEN_DAYS = 30
    before = timezone.now()
    token, key = make_key("thanhtra.hanoi")
    assert before + datetime.timedelta(days=30) <= token.expires_at <= timezone.now() + datetime.timedelta(days=30)
    assert Client().get("/api/v1/agencies", headers=bearer(key)).status_code == 200

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    expired = Client().get("/api/v1/agencies", headers=bearer(key))
    assert expired.status_code == 401
    assert expired.json() == {"detail": "Bạn cần đăng nhập để dùng API này."}


def test_revoked_keys_are_refused(demo):
    token, key = make_key("thanhtra.hanoi")
    tokens.revoke(ApiToken.objects.filter(pk=token.pk))
    assert Client().get("/api/v1/agencies", headers=bearer(key)).status_code == 401


@pytest.mark.parametrize("days", [0, 91, -5])
def test_validity_outside_one_to_the_longest_is_refused(demo, days):
    with pytest.raises(Exception, match="từ 1 đến 90 ngày"):
        make_key("thanhtra.hanoi", days=days)
    assert not ApiToken.objects.exists()


def test_the_command_takes_scope_and_days(demo, capsys):
    call_command("create_token", "thanhtra.hanoi", "--scope", "read", "--days", "7")
    token = ApiToken.objects.get()
    assert token.scope == "read"
    assert token.expires_at - token.created_at == pytest.approx(datetime.timedelta(days=7), abs=datetime.timedelta(1))
    key = capsys.readouterr().out.strip()
    refused = Client().post("/api/v1/dossiers", WRITE_BODY, content_type="application/json", headers=bearer(key))
    assert refused.status_code == 403
    with pytest.raises(CommandError, match="từ 1 đến 90 ngày"):
        call_command("create_token", "thanhtra.hanoi", "--days", "365")


def test_keys_made_before_scopes_keep_acting_for_one_period(demo, settings):
    """The data step of migration accounts/0004: old keys could do everything and never expired."""
    migration = importlib.import_module("motcua.accounts.migrations.0004_apitoken_scope_expiry")
    settings.API_TOKEN_DAYS = 10
    token, _ = make_key("thanhtra.hanoi", scope=ApiToken.Scope.READ, days=1)
    migration.existing_keys_keep_acting_for_one_period(apps, None)
    token.refresh_from_db()
    assert token.scope == ApiToken.Scope.ACT
    assert token.expires_at > timezone.now() + datetime.timedelta(days=9)


# The owner's page


def test_the_page_makes_a_key_shown_once_and_never_again(login_as):
    client = login_as("chuyenvien.hongvan")
    page = client.get(reverse("accounts:api_tokens"))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    made = client.post(reverse("accounts:api_tokens"), {"name": "bảng tin", "scope": "read", "days": "14"})
    assert made.status_code == 200
    assert "no-store" in made["Cache-Control"]
    token = ApiToken.objects.get()
    html = made.content.decode()
    key = html.split('<code class="api-key">')[1].split("</code>")[0]
    assert key.startswith(f"mc_{token.prefix}_")
    assert "đây là lần duy nhất mã được hiển thị" in html
    assert Client().get("/api/v1/agencies", headers=bearer(key)).status_code == 200
    assert (token.user.username, token.name, token.scope) == ("chuyenvien.hongvan", "bảng tin", "read")

    listed = client.get(reverse("accounts:api_tokens")).content.decode()
    assert key not in listed and key.split("_", 2)[2] not in listed
    assert f"mc_{token.prefix}" in listed and "bảng tin" in listed and "Chỉ đọc" in listed
    assert timezone.localtime(token.expires_at).strftime("%d/%m/%Y") in listed
    token.refresh_from_db()
    assert timezone.localtime(token.last_used_at).strftime("%d/%m/%Y %H:%M") in listed
    assert key not in str(dict(client.session))
    assert key not in str(AuditEntry.objects.values_list("changes", "object_label"))


def test_the_page_lists_only_the_owners_keys(login_as):
    make_key("lanhdao.hongvan")
    client = login_as("chuyenvien.hongvan")
    mine, _ = make_key("chuyenvien.hongvan")
    others = ApiToken.objects.exclude(pk=mine.pk).get()
    listed = client.get(reverse("accounts:api_tokens")).content.decode()
    assert f"mc_{mine.prefix}" in listed
    assert f"mc_{others.prefix}" not in listed


def test_the_owner_revokes_a_key_and_nobody_else_can(login_as):
    others, _ = make_key("lanhdao.hongvan")
    client = login_as("chuyenvien.hongvan")
    mine, key = make_key("chuyenvien.hongvan")
    assert client.get(reverse("accounts:revoke_api_token", args=[mine.pk])).status_code == 405
    assert client.post(reverse("accounts:revoke_api_token", args=[others.pk])).status_code == 404
    others.refresh_from_db()
    assert others.revoked_at is None

    done = client.post(reverse("accounts:revoke_api_token", args=[mine.pk]), follow=True)
    assert f"Đã thu hồi mã «kiểm thử» (mc_{mine.prefix})" in done.content.decode()
    mine.refresh_from_db()
    assert mine.revoked_at is not None
    revocation = AuditEntry.objects.get(object_type="accounts.ApiToken", action=AuditEntry.Action.UPDATE)
    assert (revocation.object_id, list(revocation.changes)) == (str(mine.pk), ["revoked_at"])
    assert Client().get("/api/v1/agencies", headers=bearer(key)).status_code == 401
    assert "Đã thu hồi lúc" in client.get(reverse("accounts:api_tokens")).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "scope": "read", "days": "5"}, "Hãy đặt tên gợi nhớ cho mã."),
        ({"name": "x", "scope": "", "days": "5"}, "Hãy chọn phạm vi của mã."),
        ({"name": "x", "scope": "admin", "days": "5"}, "admin"),
        ({"name": "x", "scope": "act", "days": "0"}, "Hiệu lực từ 1 đến 90 ngày."),
        ({"name": "x", "scope": "act", "days": "9999"}, "Hiệu lực từ 1 đến 90 ngày."),
        ({"name": "x", "scope": "act", "days": "mười"}, "Số ngày hiệu lực là một số nguyên."),
    ],
)
def test_the_form_explains_what_is_wrong(login_as, data, message):
    response = login_as("chuyenvien.hongvan").post(reverse("accounts:api_tokens"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ApiToken.objects.exists()


def test_applicants_have_no_key_page(login_as):
    assert login_as("congdan").get(reverse("accounts:api_tokens")).status_code == 403
    assert Client().get(reverse("accounts:api_tokens")).url.startswith(reverse("accounts:login"))
