"""The audit log page of the staff UI (desk:audit): who may read which entries, filters and pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import User
from motcua.core.audit import record
from motcua.core.models import AuditEntry
from motcua.orgs.models import Agency

URL = reverse("desk:audit")


def user(username: str) -> User:
    return User.objects.get(username=username)


def shown(response) -> set[int]:
    return {row["entry"].pk for row in response.context["rows"]}


@pytest.fixture
def entries(demo):
    """One entry of each kind that the visibility rules tell apart."""
    hong_van = Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân")
    thuong_tin = Agency.objects.get(name="Ủy ban nhân dân xã Thường Tín")
    system_admin = user("quantri.hethong")
    return {
        "member_login": record(AuditEntry.Action.LOGIN, user("tiepnhan.hongvan"), actor=user("tiepnhan.hongvan")),
        "own_agency_edited": record(
            AuditEntry.Action.UPDATE, hong_van, changes={"phone": ["", "0243"]}, actor=system_admin
        ),
        "other_agency_edited": record(
            AuditEntry.Action.UPDATE, thuong_tin, changes={"phone": ["", "0244"]}, actor=system_admin
        ),
        "province_inspector_login": record(
            AuditEntry.Action.LOGIN, user("thanhtra.hanoi"), actor=user("thanhtra.hanoi")
        ),
        "failed_login": record(AuditEntry.Action.LOGIN_FAILED, object_type="accounts.User", object_label="ke.gian"),
    }


def test_system_admin_sees_every_entry(login_as, entries):
    response = login_as("quantri.hethong").get(URL)
    assert response.status_code == 200
    assert {entry.pk for entry in entries.values()} <= shown(response)
    html = response.content.decode()
    assert "Nhật ký hệ thống" in html
    assert "Đăng nhập thất bại" in html


def test_agency_admin_sees_their_members_and_agencies_only(login_as, entries):
    response = login_as("quantri.hongvan").get(URL, {"trang": 1})
    assert response.status_code == 200
    visible = shown(response)
    assert entries["member_login"].pk in visible
    assert entries["own_agency_edited"].pk in visible
    for hidden in ("other_agency_edited", "province_inspector_login", "failed_login"):
        assert entries[hidden].pk not in visible
    all_visible = AuditEntry.objects.filter(pk__in=visible)
    assert not all_visible.filter(object_type="orgs.Agency", object_label__contains="Thường Tín").exists()


@pytest.mark.parametrize(
    "username", ["tiepnhan.hongvan", "chuyenvien.hongvan", "lanhdao.hongvan", "thanhtra.hanoi", "thanhtra.thuongtin"]
)
def test_other_staff_are_refused(login_as, username):
    response = login_as(username).get(URL)
    assert response.status_code == 403
    assert "Chỉ quản trị hệ thống và quản trị cơ quan được xem nhật ký hệ thống." in response.content.decode()


def test_citizens_and_anonymous_users_are_refused(client, login_as):
    assert client.get(URL).status_code == 302
    assert login_as("congdan").get(URL).status_code == 403


def test_filters_by_actor_action_and_object_type(login_as, entries):
    client = login_as("quantri.hethong")
    by_name = shown(client.get(URL, {"actor": "Quang Vinh"}))  # full name of thanhtra.hanoi
    assert by_name == {entries["province_inspector_login"].pk}
    by_username = shown(client.get(URL, {"actor": "tiepnhan"}))
    assert by_username == {entries["member_login"].pk}
    by_action = shown(client.get(URL, {"action": "login_failed"}))
    assert by_action == {entries["failed_login"].pk}
    agencies = shown(client.get(URL, {"object_type": "orgs.Agency", "action": "update"}))
    assert agencies == {entries["own_agency_edited"].pk, entries["other_agency_edited"].pk}
    page = client.get(URL).content.decode()
    assert '<option value="orgs.Agency">cơ quan, đơn vị</option>' in page


def test_filters_by_date(login_as, entries):
    client = login_as("quantri.hethong")
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    everything = shown(client.get(URL, {"action": "login"}))
    assert everything == set(AuditEntry.objects.filter(action="login").values_list("pk", flat=True))
    assert len(everything) >= 2
    assert shown(client.get(URL, {"action": "login", "date_from": today, "date_to": today})) == everything
    assert shown(client.get(URL, {"action": "login", "date_from": today + day})) == set()
    assert shown(client.get(URL, {"action": "login", "date_to": today - day})) == set()


def test_bad_filters_get_vietnamese_errors(login_as, entries):
    client = login_as("quantri.hethong")
    response = client.get(URL, {"date_from": "2026-13-45"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ngày không hợp lệ. Hãy nhập theo dạng ngày/tháng/năm" in html
    assert shown(response) == set()
    reversed_range = client.get(URL, {"date_from": "2026-11-20", "date_to": "2026-11-10"}).content.decode()
    assert "“Đến ngày” phải bằng hoặc sau “Từ ngày”." in reversed_range
    unknown = client.get(URL, {"action": "hack"}).content.decode()
    assert "Lựa chọn không hợp lệ." in unknown


def test_fifty_entries_a_page_and_filters_kept_in_links(login_as, demo):
    for number in range(120):
        record(AuditEntry.Action.LOGIN_FAILED, object_type="accounts.User", object_label=f"thu.{number}")
    client = login_as("quantri.hethong")
    first = client.get(URL, {"action": "login_failed"})
    assert len(first.context["rows"]) == 50
    assert first.context["rows"][0]["entry"].object_label == "thu.119"  # newest first
    assert "action=login_failed&amp;trang=2" in first.content.decode()
    last = client.get(URL, {"action": "login_failed", "trang": 3})
    assert len(last.context["rows"]) == 20
    beyond = client.get(URL, {"action": "login_failed", "trang": 99})
    assert beyond.context["paged"].page.number == 3


def test_changes_are_shown_with_field_names(login_as, entries):
    html = login_as("quantri.hethong").get(URL, {"object_type": "orgs.Agency", "action": "update"}).content.decode()
    assert "điện thoại: — → 0243" in html
