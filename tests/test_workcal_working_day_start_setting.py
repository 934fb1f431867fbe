"""The per-province setting of how "N ngày làm việc" starts (docs/deadlines.md): default the acceptance instant
(ND 118/2025 Art. 17.3), `next_day` = Civil Code 2015 Art. 147.1 read onto working days; a change applies to
later acceptances only, the clocks already stored keep the reading they were given."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from dossier_helpers import intake, method, user
from motcua.accounts.models import User
from motcua.dossiers import lifecycle
from motcua.orgs.models import AdministrativeUnit, Agency
from motcua.workcal import DeadlineClock, Duration, WorkingDayStart, services
from motcua.workcal.calendars import engine_calendar
from motcua.workcal.durations import DurationKind

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FRIDAY_16 = datetime.datetime(2026, 3, 6, 16, tzinfo=VN)


@pytest.fixture
def hanoi(demo):
    return AdministrativeUnit.objects.get(scheme="2025", level=1, code="01")


@pytest.fixture
def hong_van_ubnd(demo):
    return Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân")


def test_province_setting_reaches_its_agencies_and_old_clocks_keep_their_deadline(hanoi, hong_van_ubnd):
    admin = User.objects.get(username="quantri.hethong")
    before = engine_calendar(agency=hong_van_ubnd)
    assert before.working_day_start is WorkingDayStart.INSTANT  # legal default, ND 118/2025 Art. 17.3
    old_clock = DeadlineClock.started(Duration.working_days(3), FRIDAY_16, counting=before.working_day_start)

    province_calendar = services.create_calendar(admin, name="Lịch Hà Nội", province=hanoi)
    services.save_working_day_start(admin, province_calendar, WorkingDayStart.NEXT_DAY)
    after = engine_calendar(agency=hong_van_ubnd)
    assert after.working_day_start is WorkingDayStart.NEXT_DAY
    # A new acceptance: Mon–Wed, due Wed 17:00 (Civil Code Art. 147.1 on working days).
    assert after.add(FRIDAY_16, Duration.working_days(3)).due_at == datetime.datetime(2026, 3, 11, 17, tzinfo=VN)
    # A dossier accepted before the change keeps Wed 16:00 when replayed on the new calendar.
    assert old_clock.deadline(after).due_at == datetime.datetime(2026, 3, 11, 16, tzinfo=VN)


def test_setting_is_refused_on_an_agency_calendar(hong_van_ubnd):
    admin = User.objects.get(username="quantri.hethong")
    agency_calendar = services.create_calendar(admin, name="Lịch xã", agency=hong_van_ubnd)
    with pytest.raises(ValidationError):
        services.save_working_day_start(admin, agency_calendar, WorkingDayStart.NEXT_DAY)


def test_unknown_value_is_refused(hanoi):
    admin = User.objects.get(username="quantri.hethong")
    province_calendar = services.create_calendar(admin, name="Lịch Hà Nội", province=hanoi)
    with pytest.raises(ValidationError):
        services.save_working_day_start(admin, province_calendar, "tomorrow")


def test_acceptance_fixes_the_provinces_reading_into_the_dossiers_clock(hanoi):
    """lifecycle.accept starts the clock under the province's reading (ND 118/2025 Art. 17.3 by default); a
    dossier accepted before the province changes it keeps its deadline."""
    desk, admin = user("tiepnhan.hongvan"), user("quantri.hethong")
    assert method("1.002211").duration.kind is DurationKind.WORKING_DAYS
    days = method("1.002211").duration.amount
    before = lifecycle.accept(desk, intake(), at=FRIDAY_16)
    calendar = engine_calendar(agency=before.competent_agency)
    assert before.due_at == calendar.add(FRIDAY_16, Duration.working_days(days)).due_at
    assert before.due_at.astimezone(VN).hour == 16  # counted from the acceptance instant

    services.save_working_day_start(
        admin, services.create_calendar(admin, name="Lịch Hà Nội", province=hanoi), WorkingDayStart.NEXT_DAY
    )
    after = lifecycle.accept(desk, intake(), at=FRIDAY_16)
    assert after.due_at.astimezone(VN).hour == 17  # the N-th working day after the day of receipt, at its close
    assert after.due_at > before.due_at
    before.refresh_from_db()
    assert before.due_at.astimezone(VN).hour == 16
