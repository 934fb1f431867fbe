"""Offerings and internal processes: legal-time validation with parallel groups, scope, copying to a new version."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.accounts.models import Role, User
from motcua.catalog import processes, versions
from motcua.catalog.models import AgencyOffering, Field, ProcedureMethod, ProcedureVersion
from motcua.catalog.processes import StepData
from motcua.core.models import AuditEntry
from motcua.orgs.models import Agency

HOUR = 60
DAY = 480


@pytest.fixture
def admin(demo):
    return User.objects.get(username="quantri.hethong")


@pytest.fixture
def hong_van(demo):
    return Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân")


@pytest.fixture
def procedure(admin):
    """A procedure whose direct method takes 5 working days and whose online method takes 3."""
    field = Field.objects.get_or_create(name="Chứng thực (kiểm thử)")[0]

    def methods(version):
        ProcedureMethod.objects.create(version=version, channel="direct", time_amount=5, time_unit="working_days")
        ProcedureMethod.objects.create(version=version, channel="online", time_amount=3, time_unit="working_days")

    draft = versions.create_procedure(
        admin, "9.800001", ProcedureVersion(name="Chứng thực chữ ký", field=field, levels=["commune"]), methods
    )
    return versions.publish(admin, draft, number="1/QĐ", effective_on=datetime.date(2025, 7, 1)).procedure


def _step(order, minutes, group=None, role=Role.SPECIALIST):
    return StepData(order=order, name=f"Bước {order}", role=role, allotted_minutes=minutes, parallel_group=group)


def test_working_time_arithmetic():
    assert processes.working_time_label(6 * DAY + 2 * HOUR) == "6 ngày 2 giờ"
    assert processes.working_time_label(90) == "1 giờ 30 phút"
    steps = [_step(1, HOUR), _step(2, 2 * DAY, group=1), _step(3, 3 * DAY, group=1), _step(4, HOUR)]
    assert processes.total_minutes(steps) == 3 * DAY + 2 * HOUR  # the group costs its longest step


def test_process_over_the_legal_time_says_by_how_much(admin, hong_van, procedure):
    offering = processes.save_offering(
        admin, procedure, hong_van, receives=True, resolves=True, channels=["direct", "online"]
    )
    version = procedure.versions.get()
    too_long = [_step(1, 4 * HOUR, role=Role.RECEIVING_OFFICER), _step(2, 5 * DAY), _step(3, DAY - 2 * HOUR)]
    with pytest.raises(ValidationError) as error:
        processes.save_process(admin, offering, version, too_long)
    assert error.value.messages == [
        "Tổng thời gian các bước là 6 ngày 2 giờ làm việc, vượt thời hạn 5 ngày làm việc là 1 ngày 2 giờ."
    ]
    assert not offering.processes.exists()

    # The same work with the consultations in parallel fits exactly: 4 h + max(3 d, 2 d 6 h) + 1 d 4 h = 5 d.
    parallel = [
        _step(1, 4 * HOUR, role=Role.RECEIVING_OFFICER),
        _step(2, 3 * DAY, group=1),
        _step(3, 2 * DAY + 6 * HOUR, group=1),
        _step(4, DAY + 4 * HOUR, role=Role.LEADER),
    ]
    process = processes.save_process(admin, offering, version, parallel, decision_number="15/QĐ-UBND")
    assert [step.allotted_minutes for step in process.steps.order_by("order")] == [240, 1440, 1320, 720]
    assert AuditEntry.objects.filter(object_type="catalog.ProcessStep", action="create").count() == 4

    # Changing one step changes one row, and the audit log says which.
    parallel[3] = _step(4, DAY, role=Role.LEADER)
    processes.save_process(admin, offering, version, parallel)
    update = AuditEntry.objects.get(object_type="catalog.ProcessStep", action="update")
    assert update.changes["allotted_minutes"] == ["720", "480"]


def test_parallel_group_must_be_contiguous(admin, hong_van, procedure):
    offering = processes.save_offering(admin, procedure, hong_van, receives=True, resolves=True, channels=["direct"])
    steps = [_step(1, HOUR, group=1), _step(2, HOUR), _step(3, HOUR, group=1)]
    with pytest.raises(ValidationError, match="phải liền nhau"):
        processes.save_process(admin, offering, procedure.versions.get(), steps)


def test_offering_channels_must_be_methods_of_the_version(admin, hong_van, procedure):
    with pytest.raises(ValidationError, match="không có cách thức: Dịch vụ bưu chính"):
        processes.save_offering(admin, procedure, hong_van, receives=True, resolves=False, channels=["postal"])


def test_agency_admin_edits_only_its_own_offering(hong_van, procedure):
    agency_admin = User.objects.get(username="quantri.hongvan")
    centre = Agency.objects.get(name="Trung tâm Phục vụ hành chính công xã Hồng Vân")  # under UBND xã Hồng Vân
    other = Agency.objects.get(name="Ủy ban nhân dân xã Thường Tín")
    processes.save_offering(agency_admin, procedure, hong_van, receives=False, resolves=True, channels=["direct"])
    processes.save_offering(agency_admin, procedure, centre, receives=True, resolves=False, channels=["direct"])
    with pytest.raises(PermissionDenied):
        processes.save_offering(agency_admin, procedure, other, receives=True, resolves=True, channels=["direct"])
    assert not AgencyOffering.objects.filter(agency=other).exists()
    for username in ("thanhtra.hanoi", "chuyenvien.hongvan", "tiepnhan.hongvan"):
        with pytest.raises(PermissionDenied):
            processes.save_offering(
                User.objects.get(username=username), procedure, hong_van, receives=True, resolves=True, channels=[]
            )


def test_copy_process_to_a_new_version_is_checked_against_its_legal_time(admin, hong_van, procedure):
    offering = processes.save_offering(admin, procedure, hong_van, receives=True, resolves=True, channels=["direct"])
    first = procedure.versions.get()
    process = processes.save_process(admin, offering, first, [_step(1, 2 * DAY), _step(2, 3 * DAY)])
    draft = versions.new_draft(admin, procedure)
    draft.methods.filter(channel="direct").update(time_amount=4)
    with pytest.raises(ValidationError, match="vượt thời hạn 4 ngày làm việc là 1 ngày"):
        processes.copy_process(admin, process, draft)
    draft.methods.filter(channel="direct").update(time_amount=8)
    copied = processes.copy_process(admin, process, draft)
    assert (copied.version, copied.steps.count(), copied.decision_number) == (draft, 2, "")
    with pytest.raises(ValidationError, match="đã có quy trình nội bộ"):
        processes.copy_process(admin, process, draft)


def test_a_receiving_agency_needs_a_channel_a_resolving_one_none(admin, hong_van, procedure):
    with pytest.raises(ValidationError, match="ít nhất một hình thức tiếp nhận"):
        processes.save_offering(admin, procedure, hong_van, receives=True, resolves=False, channels=[])
    offering = processes.save_offering(
        admin, procedure, hong_van, receives=False, resolves=True, channels=["direct", "online"]
    )
    assert offering.channels == []
