"""The calendar model layer: which calendar applies, admin edits, rights, and the recompute task."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from motcua.accounts.models import User
from motcua.orgs.models import AdministrativeUnit, Agency
from motcua.workcal import recompute, services
from motcua.workcal.calendars import engine_calendar, province_of
from motcua.workcal.durations import Duration
from motcua.workcal.models import CalendarOverride, WorkCalendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")
SATURDAY_MORNING = {**{str(d): [["08:00", "12:00"], ["13:00", "17:00"]] for d in range(5)}, "5": [["08:00", "12:00"]]}


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=VN)


@pytest.fixture
def hanoi(demo):
    return AdministrativeUnit.objects.get(scheme="2025", level=1, code="01")


@pytest.fixture
def hong_van_ubnd(demo):
    return Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân")


def user(username):
    return User.objects.get(username=username)


def test_province_of_follows_legacy_units_to_their_successor(hanoi):
    legacy_district_agency = Agency.objects.get(name="Ủy ban nhân dân huyện Thường Tín")
    assert province_of(legacy_district_agency) == hanoi
    assert province_of(Agency.objects.get(name="Công an xã Hồng Vân")) == hanoi


def test_without_configuration_the_national_week_applies(hong_van_ubnd):
    # Friday 16:00 + 2 working hours: one hour on Friday, one on Monday.
    due = engine_calendar(agency=hong_van_ubnd).add(at(2026, 3, 6, 16), Duration.working_hours(2)).due_at
    assert due == at(2026, 3, 9, 9)


def test_province_saturday_desk_and_agency_overrides_layer(hanoi, hong_van_ubnd):
    admin = user("quantri.hethong")
    province_calendar = services.create_calendar(admin, name="Lịch Hà Nội", province=hanoi)
    services.save_weekly_hours(admin, province_calendar, SATURDAY_MORNING)
    calendar = engine_calendar(agency=hong_van_ubnd)
    assert calendar.add(at(2026, 3, 6, 16), Duration.working_hours(2)).due_at == at(2026, 3, 7, 9)

    # A province day off applies to its agencies; the agency's own extra working day wins on the same date.
    services.add_override(
        admin,
        province_calendar,
        date=datetime.date(2026, 3, 9),
        kind="day_off",
        reason="Nghỉ theo quyết định của tỉnh",
        legal_reference="Quyết định 1/QĐ-UBND",
    )
    assert not engine_calendar(agency=hong_van_ubnd).day_info(datetime.date(2026, 3, 9)).is_working_day
    own = services.create_calendar(admin, name="Lịch riêng UBND xã Hồng Vân", agency=hong_van_ubnd)
    assert own.weekly_hours == SATURDAY_MORNING  # starts from the hours it had
    services.add_override(
        admin,
        own,
        date=datetime.date(2026, 3, 9),
        kind="working_day",
        reason="Trực tiếp nhận hồ sơ",
        legal_reference="Thông báo 2/TB-UBND",
    )
    assert engine_calendar(agency=hong_van_ubnd).day_info(datetime.date(2026, 3, 9)).is_working_day
    other_commune = Agency.objects.get(name="Ủy ban nhân dân xã Thường Tín")
    assert not engine_calendar(agency=other_commune).day_info(datetime.date(2026, 3, 9)).is_working_day


def test_national_override_covers_a_year_the_package_does_not_know(demo):
    admin = user("quantri.hethong")
    services.add_override(
        admin,
        None,
        date=datetime.date(2027, 3, 10),
        kind="day_off",
        reason="Nghỉ theo thông báo",
        legal_reference="Thông báo năm 2027 (giả định cho kiểm thử)",
    )
    deadline = engine_calendar().add(at(2027, 3, 9, 10), Duration.working_days(1))
    assert deadline.due_at == at(2027, 3, 11, 10)
    assert [(d.day, d.reason) for d in deadline.skipped] == [(datetime.date(2027, 3, 10), "Nghỉ theo thông báo")]


def test_built_calendars_are_reused_until_the_configuration_changes(demo, hong_van_ubnd):
    first = engine_calendar(agency=hong_van_ubnd)
    assert engine_calendar(agency=hong_van_ubnd) is first
    services.add_override(
        user("quantri.hethong"),
        None,
        date=datetime.date(2026, 12, 31),
        kind="day_off",
        reason="Nghỉ",
        legal_reference="Văn bản kiểm thử",
    )
    assert engine_calendar(agency=hong_van_ubnd) is not first


def test_only_authorised_admins_edit_calendars(hanoi, hong_van_ubnd):
    own = services.create_calendar(user("quantri.hongvan"), name="Lịch UBND xã Hồng Vân", agency=hong_van_ubnd)
    assert services.can_edit(user("quantri.hongvan"), own)
    for username in ("thanhtra.hanoi", "tiepnhan.hongvan", "congdan"):
        assert not services.can_edit(user(username), own)
        with pytest.raises(PermissionDenied):
            services.save_weekly_hours(user(username), own, SATURDAY_MORNING)
    with pytest.raises(PermissionDenied):
        services.create_calendar(user("quantri.hongvan"), name="Lịch Hà Nội", province=hanoi)
    with pytest.raises(PermissionDenied):
        services.add_override(
            user("quantri.hongvan"),
            None,
            date=datetime.date(2026, 5, 5),
            kind="day_off",
            reason="x",
            legal_reference="y",
        )
    other = Agency.objects.get(name="Ủy ban nhân dân xã Thường Tín")
    with pytest.raises(PermissionDenied):
        services.create_calendar(user("quantri.hongvan"), name="Lịch xã khác", agency=other)


def test_invalid_hours_and_duplicate_days_are_refused_in_vietnamese(demo, hong_van_ubnd):
    admin = user("quantri.hethong")
    own = services.create_calendar(admin, name="Lịch UBND xã Hồng Vân", agency=hong_van_ubnd)
    with pytest.raises(ValidationError, match="chồng lên nhau"):
        services.save_weekly_hours(admin, own, {"0": [["08:00", "12:00"], ["11:00", "17:00"]]})
    with pytest.raises(ValidationError, match="phải sau giờ bắt đầu"):
        services.save_weekly_hours(admin, own, {"0": [["12:00", "08:00"]]})
    own.refresh_from_db()
    assert own.weekly_hours["0"] == [["08:00", "12:00"], ["13:00", "17:00"]]
    services.add_override(admin, own, date=datetime.date(2026, 6, 1), kind="day_off", reason="a", legal_reference="b")
    with pytest.raises(ValidationError, match="đã có trong lịch này"):
        services.add_override(
            admin, own, date=datetime.date(2026, 6, 1), kind="working_day", reason="c", legal_reference="d"
        )
    assert CalendarOverride.objects.filter(calendar=own).count() == 1


@pytest.fixture
def recorded_changes():
    seen = []

    def recomputer(change):
        seen.append(change)
        return len(change.changed_dates)

    recompute.register_recomputer("test", recomputer)
    yield seen
    recompute.unregister_recomputer("test")


def test_a_change_schedules_one_background_recomputation(transactional_db, hanoi, hong_van_ubnd, recorded_changes):
    # Real commits and the real worker: the worker closes its connection when done, which a test
    # wrapped in one transaction could not survive on PostgreSQL.
    from django_tasks_db.models import DBTaskResult

    admin = user("quantri.hethong")
    province_calendar = services.create_calendar(admin, name="Lịch Hà Nội", province=hanoi)
    services.add_override(
        admin,
        province_calendar,
        date=datetime.date(2026, 4, 3),
        kind="day_off",
        reason="Nghỉ",
        legal_reference="Quyết định kiểm thử",
    )
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert recorded_changes == []  # nothing runs inside the request: the worker does it
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert len(recorded_changes) == 1
    change = recorded_changes[0]
    assert change.changed_dates == (datetime.date(2026, 4, 3),)
    assert change.affects(hong_van_ubnd.pk)
    assert change.affects(Agency.objects.get(name="Ủy ban nhân dân huyện Thường Tín").pk)  # legacy, same province
    assert change.actor_id == admin.pk
    assert "03/04/2026" in change.description
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_an_edit_that_moves_no_day_schedules_nothing(demo, hong_van_ubnd, django_capture_on_commit_callbacks):
    admin = user("quantri.hethong")
    own = services.create_calendar(admin, name="Lịch UBND xã Hồng Vân", agency=hong_van_ubnd)
    with django_capture_on_commit_callbacks() as callbacks:
        services.save_weekly_hours(admin, own, dict(own.weekly_hours))
    assert callbacks == []


def test_calendar_edits_are_audited(demo, hong_van_ubnd):
    from motcua.core.models import AuditEntry

    admin = user("quantri.hethong")
    own = services.create_calendar(admin, name="Lịch UBND xã Hồng Vân", agency=hong_van_ubnd)
    services.save_weekly_hours(admin, own, SATURDAY_MORNING)
    entry = AuditEntry.objects.filter(object_type="workcal.WorkCalendar", action="update").latest("at")
    assert "weekly_hours" in entry.changes


def test_deadline_command_prints_json_and_explains(demo, capsys):
    call_command("deadline", "--start", "2025-04-25T10:00", "--duration", "4 working_days", "--json", "--calendar", "1")
    data = json.loads(capsys.readouterr().out)
    # Friday 25/4 + 4 working days: the make-up Saturday 26/4, 28/4, 29/4, then 30/4–4/5 off (2/5 swapped
    # for 26/4), Monday 5/5.
    assert data["due_at"] == "2025-05-05T10:00:00+07:00"
    reasons = {entry["date"]: entry["reason"] for entry in data["skipped"]}
    assert reasons["2025-04-26"] == "làm bù"
    assert reasons["2025-04-30"] == "Ngày Chiến thắng"
    assert reasons["2025-05-01"] == "Quốc tế Lao động"
    assert reasons["2025-05-02"] == "nghỉ bù"
    call_command("deadline", "--start", "2025-04-25T10:00", "--duration", "4 working_days")
    assert "Hạn giải quyết: 10:00 thứ Hai 05/05/2025" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("deadline", "--start", "2025-04-25T10:00", "--duration", "3 tuần")
    with pytest.raises(CommandError, match="Thời điểm không hợp lệ"):
        call_command("deadline", "--start", "hôm qua", "--duration", "3 working_days")
    with pytest.raises(CommandError, match="Chưa có tỉnh"):
        call_command("deadline", "--start", "2025-04-25T10:00", "--duration", "1 days", "--calendar", "79")


def test_calendar_row_rules(demo, hanoi, hong_van_ubnd):
    with pytest.raises(ValidationError):
        WorkCalendar(name="Hai chủ", province=hanoi, agency=hong_van_ubnd).full_clean()
