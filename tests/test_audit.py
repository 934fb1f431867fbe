"""The audit log (nhật ký hệ thống): append-only, and every administrative change is recorded."""

import json

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from motcua.accounts.models import ApplicantProfile, Role, RoleAssignment, User
from motcua.core.audit import MASKED, record
from motcua.core.models import AppendOnlyError, AuditEntry
from motcua.orgs.models import Agency

ADMIN_IP = "203.0.113.7"


@pytest.fixture
def entry(db):
    return record(AuditEntry.Action.LOGIN_FAILED, object_type="accounts.User", object_label="ai.do")


def test_an_entry_cannot_be_saved_again(entry):
    entry.object_label = "người khác"
    with pytest.raises(AppendOnlyError):
        entry.save()
    entry.refresh_from_db()
    assert entry.object_label == "ai.do"


def test_an_entry_cannot_be_deleted(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_querysets_cannot_update_or_delete(entry):
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(object_label="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).object_label == "ai.do"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only; CI runs the suite on it too"
)
def test_postgresql_refuses_raw_sql_rewrites(entry):
    table = AuditEntry._meta.db_table
    for statement in (f"UPDATE {table} SET object_label = 'x' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s"):
        with pytest.raises(DatabaseError, match="chỉ được ghi thêm"), transaction.atomic(), connection.cursor() as cur:
            cur.execute(statement, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).object_label == "ai.do"


def test_deleting_an_account_keeps_its_entries_by_name(demo):
    """The one change the log accepts: the link to a deleted account is cleared, the name stays."""
    person = User.objects.create_user("tam.thoi", full_name="Tạm Thời", account_type="staff")
    logged = record(AuditEntry.Action.LOGIN, person, actor=person)
    person.delete()
    logged.refresh_from_db()
    assert logged.actor is None
    assert logged.actor_label == "tam.thoi"


def changes_of(instance) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type=instance._meta.label, object_id=str(instance.pk)).order_by("id"))


def test_admin_edit_records_who_what_when_and_where(login_as):
    client = login_as("quantri.hethong")
    agency = Agency.objects.get(name="Công an xã Hồng Vân")
    before = AuditEntry.objects.count()
    data = {
        "name": agency.name,
        "short_name": "CA xã Hồng Vân",
        "kind": agency.kind,
        "electronic_id": agency.electronic_id,
        "unit": agency.unit_id,
        "parent": "",
        "address": "Thôn Vân Tảo",
        "phone": "",
        "email": "",
        "valid_from": "2025-07-01",
        "valid_until": "",
    }
    response = client.post(
        reverse("admin:orgs_agency_change", args=[agency.pk]),
        data,
        REMOTE_ADDR=ADMIN_IP,
        HTTP_USER_AGENT="Trình duyệt thử",
    )
    assert response.status_code == 302
    entry = changes_of(agency)[-1]
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.actor == User.objects.get(username="quantri.hethong")
    assert entry.actor_label == "quantri.hethong"
    assert entry.changes == {"short_name": ["", "CA xã Hồng Vân"], "address": ["", "Thôn Vân Tảo"]}
    assert entry.ip_address == ADMIN_IP
    assert entry.user_agent == "Trình duyệt thử"
    assert entry.at is not None
    # The admin's own LogEntry is not ours; exactly one audit row is added for the edit.
    assert AuditEntry.objects.count() == before + 1


def test_role_and_profile_changes_are_recorded(demo):
    clerk = User.objects.get(username="chuyenvien.hongvan")
    assignment = RoleAssignment.objects.create(
        user=clerk, role=Role.RECEIVING_OFFICER, agency=Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân")
    )
    assignment_id = str(assignment.pk)
    assignment.delete()
    entries = AuditEntry.objects.filter(object_type="accounts.RoleAssignment", object_id=assignment_id)
    actions = [entry.action for entry in entries]
    assert sorted(actions) == ["create", "delete"]
    profile = ApplicantProfile.objects.get(user__username="congdan")
    profile.address = "Số 1, thôn Vân Tảo"
    profile.save()
    assert changes_of(profile)[-1].changes == {
        "address": ["Thôn Vân Tảo, xã Hồng Vân, Thành phố Hà Nội", "Số 1, thôn Vân Tảo"]
    }


def test_passwords_never_reach_the_log(login_as):
    client = login_as("quantri.hethong")
    citizen = User.objects.get(username="congdan")
    new_password = "mat-khau-moi-2027"
    response = client.post(
        reverse("admin:auth_user_password_change", args=[citizen.pk]),
        {"password1": new_password, "password2": new_password, "usable_password": "true"},
        REMOTE_ADDR=ADMIN_IP,
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.check_password(new_password)
    entry = changes_of(citizen)[-1]
    assert entry.changes == {"password": [MASKED, MASKED]}
    assert entry.ip_address == ADMIN_IP
    everything = json.dumps([e.changes for e in AuditEntry.objects.all()], ensure_ascii=False)
    assert new_password not in everything
    assert citizen.password not in everything
    assert "motcua-demo-2026" not in everything
