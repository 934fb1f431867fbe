"""The control dashboard service: missing and late postings (in working days), missing or too long processes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.accounts.models import Role, User
from motcua.catalog import control, processes, versions
from motcua.catalog.control import Problem
from motcua.catalog.models import AgencyOffering, Field, Posting, ProcedureMethod, ProcedureVersion
from motcua.catalog.permissions import control_agencies
from motcua.catalog.processes import StepData
from motcua.orgs.models import Agency
from motcua.workcal.engine import WorkingCalendar

D = datetime.date
TODAY = D(2026, 3, 20)


@pytest.fixture
def admin(demo):
    return User.objects.get(username="quantri.hethong")


@pytest.fixture
def agencies(demo):
    names = {
        "ubnd": "Ủy ban nhân dân xã Hồng Vân",
        "centre": "Trung tâm Phục vụ hành chính công xã Hồng Vân",
        "thuong_tin": "Ủy ban nhân dân xã Thường Tín",
    }
    return {key: Agency.objects.get(name=name) for key, name in names.items()}


def _procedure(admin, code, effective_on, days=5):
    field = Field.objects.get_or_create(name="Kiểm soát (kiểm thử)")[0]

    def methods(version):
        ProcedureMethod.objects.create(version=version, channel="direct", time_amount=days, time_unit="working_days")

    draft = versions.create_procedure(
        admin, code, ProcedureVersion(name=f"Thủ tục {code}", field=field, levels=["commune"]), methods
    )
    return versions.publish(admin, draft, number=f"{code}/QĐ", effective_on=effective_on)


def _post(version, agency, posted_on, removed_on=None):
    return Posting.objects.create(
        version=version, agency=agency, location="Bảng niêm yết", posted_on=posted_on, removed_on=removed_on
    )


def _items(agencies_qs, code_prefix="9.7", on=TODAY):
    """The items about this test's procedures (the demo catalog has its own)."""
    found = control.control_items(agencies_qs, on=on)
    return {
        (item.offering.agency.name, item.version.procedure.code, item.problem)
        for item in found
        if item.version.procedure.code.startswith(code_prefix)
    }


def test_posting_grace_counts_working_days_of_the_calendar():
    calendar = WorkingCalendar.vietnam(years=[2026])
    assert control.posting_due(calendar, D(2026, 3, 2), 5) == D(2026, 3, 9)
    # Giỗ Tổ Hùng Vương falls on Sunday 26/4 (off on Monday 27/4), then 30/4 and 1/5.
    assert control.posting_due(calendar, D(2026, 4, 24), 5) == D(2026, 5, 6)


def test_dashboard_flags_what_each_agency_owes(admin, agencies, settings):
    settings.POSTING_GRACE_WORKING_DAYS = 5
    ubnd, centre, thuong_tin = agencies["ubnd"], agencies["centre"], agencies["thuong_tin"]
    version = _procedure(admin, "9.700001", D(2026, 3, 2))
    procedure = version.procedure
    for agency, resolves in ((ubnd, True), (centre, False), (thuong_tin, True)):
        processes.save_offering(admin, procedure, agency, receives=not resolves, resolves=resolves, channels=["direct"])
    _post(version, ubnd, D(2026, 3, 9))  # the last day of the grace period: on time
    _post(version, centre, D(2026, 3, 10))  # one working day late, still posted
    _post(version, thuong_tin, D(2026, 3, 3), removed_on=D(2026, 3, 16))  # taken down: no longer posted
    found = _items(Agency.objects.all())
    assert found == {
        (ubnd.name, "9.700001", Problem.NO_PROCESS),
        (centre.name, "9.700001", Problem.POSTED_LATE),
        (thuong_tin.name, "9.700001", Problem.NOT_POSTED),
        (thuong_tin.name, "9.700001", Problem.NO_PROCESS),
    }
    # A longer grace period makes the centre's posting on time.
    settings.POSTING_GRACE_WORKING_DAYS = 6
    assert (centre.name, "9.700001", Problem.POSTED_LATE) not in _items(Agency.objects.all())


def test_a_new_version_needs_its_own_posting_and_a_process_within_its_time(admin, agencies):
    ubnd = agencies["ubnd"]
    first = _procedure(admin, "9.700002", D(2025, 7, 1), days=5)
    offering = processes.save_offering(admin, first.procedure, ubnd, receives=True, resolves=True, channels=["direct"])
    _post(first, ubnd, D(2025, 7, 1))
    steps = [StepData(order=1, name="Thẩm định", role=Role.SPECIALIST, allotted_minutes=5 * 480)]
    process = processes.save_process(admin, offering, first, steps)
    assert _items(Agency.objects.filter(pk=ubnd.pk)) == set()

    # The next version shortens the time to 3 days after its process was prepared; once it is in force, the
    # old posting and the too long process are flagged.
    draft = versions.new_draft(admin, first.procedure)
    processes.copy_process(admin, process, draft)
    versions.save_draft(admin, draft, save_children=lambda v: v.methods.update(time_amount=3))
    versions.publish(admin, draft, number="2/QĐ", effective_on=D(2026, 3, 2))
    found = [
        item for item in control.control_items(Agency.objects.filter(pk=ubnd.pk), on=TODAY) if item.version == draft
    ]
    assert {item.problem for item in found} == {Problem.NOT_POSTED, Problem.PROCESS_TOO_LONG}
    too_long = next(item for item in found if item.problem == Problem.PROCESS_TOO_LONG)
    assert too_long.detail == ("Tổng thời gian các bước là 5 ngày làm việc, vượt thời hạn 3 ngày làm việc là 2 ngày.")
    assert "quá hạn từ 10/03/2026" in next(item for item in found if item.problem == Problem.NOT_POSTED).detail
    # On the day before the new version took effect, the first version was in force and in order.
    assert _items(Agency.objects.filter(pk=ubnd.pk), on=D(2026, 3, 1)) == set()


def test_abolished_and_inactive_offerings_are_not_controlled(admin, agencies):
    ubnd = agencies["ubnd"]
    version = _procedure(admin, "9.700003", D(2025, 7, 1))
    processes.save_offering(admin, version.procedure, ubnd, receives=True, resolves=False, channels=["direct"])
    assert _items(Agency.objects.filter(pk=ubnd.pk)) == {(ubnd.name, "9.700003", Problem.NOT_POSTED)}
    AgencyOffering.objects.filter(agency=ubnd).update(active=False)
    assert _items(Agency.objects.filter(pk=ubnd.pk)) == set()
    AgencyOffering.objects.filter(agency=ubnd).update(active=True)
    versions.abolish(admin, version.procedure, D(2026, 1, 1))
    assert _items(Agency.objects.filter(pk=ubnd.pk)) == set()


def test_scope_of_control_staff(agencies):
    def names(username):
        return set(control_agencies(User.objects.get(username=username)).values_list("name", flat=True))

    assert names("quantri.hongvan") == {
        agencies["ubnd"].name,
        agencies["centre"].name,
    }
    assert agencies["thuong_tin"].name in names("thanhtra.hanoi")
    assert agencies["ubnd"].name not in names("thanhtra.thuongtin")


def test_query_count_does_not_grow_with_the_catalog(admin, agencies):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            control.control_items(Agency.objects.all(), on=TODAY)
        return len(queries)

    ubnd, centre = agencies["ubnd"], agencies["centre"]
    for index in range(2):
        version = _procedure(admin, f"9.70010{index}", D(2026, 3, 2))
        for agency in (ubnd, centre):
            processes.save_offering(admin, version.procedure, agency, receives=True, resolves=True, channels=["direct"])
            _post(version, agency, D(2026, 3, 12))
    small = count_queries()
    for index in range(2, 8):
        version = _procedure(admin, f"9.70010{index}", D(2026, 3, 2))
        for agency in (ubnd, centre, agencies["thuong_tin"]):
            processes.save_offering(admin, version.procedure, agency, receives=True, resolves=True, channels=["direct"])
            _post(version, agency, D(2026, 3, 12))
    assert count_queries() <= small + 2  # one more calendar (Thường Tín's) at most, never one per offering
