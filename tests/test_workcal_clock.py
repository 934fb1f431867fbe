"""Pauses (tạm dừng) and restarts from zero (ND 118/2025 Art. 19.5), directly and through the stored clock."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from motcua.workcal import ClockState, DeadlineClock, Duration, WorkingCalendar
from motcua.workcal.explain import explain

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FIVE_DAYS = Duration.working_days(5)


def at(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=VN)


@pytest.fixture(scope="module")
def calendar():
    return WorkingCalendar.vietnam(range(2024, 2027))


def test_a_pause_adds_the_working_time_it_covers(calendar):
    start = at("03/03/2025 10:00")  # due 10/03 10:00 without pause
    deadline = calendar.deadline_with_pauses(start, FIVE_DAYS, [(at("04/03/2025 10:00"), at("05/03/2025 10:00"))])
    assert deadline.due_at == at("11/03/2025 10:00")
    assert deadline.paused == dt.timedelta(hours=8)
    assert "Cộng thêm thời gian tạm dừng: 8 giờ làm việc" in explain(deadline)


def test_a_pause_over_non_working_time_changes_nothing(calendar):
    start = at("03/03/2025 10:00")
    pauses = [(at("07/03/2025 17:00"), at("10/03/2025 08:00")), (at("04/03/2025 12:00"), at("04/03/2025 13:00"))]
    assert calendar.deadline_with_pauses(start, FIVE_DAYS, pauses).due_at == at("10/03/2025 10:00")


def test_a_pause_after_the_deadline_or_before_the_start_is_ignored(calendar):
    start = at("03/03/2025 10:00")
    late = [(at("10/03/2025 10:00"), at("12/03/2025 10:00"))]
    early = [(at("28/02/2025 10:00"), at("03/03/2025 10:00"))]
    assert calendar.deadline_with_pauses(start, FIVE_DAYS, late).due_at == at("10/03/2025 10:00")
    assert calendar.deadline_with_pauses(start, FIVE_DAYS, early).due_at == at("10/03/2025 10:00")


def test_a_pause_straddling_the_start_counts_only_after_it(calendar):
    start = at("03/03/2025 10:00")
    deadline = calendar.deadline_with_pauses(start, FIVE_DAYS, [(at("28/02/2025 10:00"), at("03/03/2025 14:00"))])
    assert deadline.due_at == at("10/03/2025 14:00")


def test_overlapping_pauses_are_not_counted_twice(calendar):
    start = at("03/03/2025 10:00")
    pauses = [(at("04/03/2025 10:00"), at("04/03/2025 16:00")), (at("04/03/2025 14:00"), at("05/03/2025 10:00"))]
    assert calendar.deadline_with_pauses(start, FIVE_DAYS, pauses).due_at == at("11/03/2025 10:00")


def test_a_pause_that_pushes_into_tet_keeps_skipping_it(calendar):
    start = at("29/01/2024 10:00")  # 5 working days: due 05/02 10:00
    assert calendar.add(start, FIVE_DAYS).due_at == at("05/02/2024 10:00")
    deadline = calendar.deadline_with_pauses(start, FIVE_DAYS, [(at("31/01/2024 10:00"), at("05/02/2024 10:00"))])
    assert deadline.due_at == at("15/02/2024 10:00")  # 3 more working days: 06/02, 07/02, then 15/02 after Tết


def test_working_hours_with_a_pause(calendar):
    start = at("03/03/2025 09:00")
    pauses = [(at("03/03/2025 10:00"), at("03/03/2025 11:00"))]
    assert calendar.deadline_with_pauses(start, Duration.working_hours(2), pauses).due_at == at("03/03/2025 12:00")


def test_calendar_day_limits_cannot_be_paused(calendar):
    with pytest.raises(ValueError, match="tạm dừng"):
        calendar.deadline_with_pauses(at("03/03/2025 10:00"), Duration.calendar_days(15), [])


def test_a_pause_must_end_after_it_begins(calendar):
    with pytest.raises(ValueError, match="tạm dừng"):
        calendar.deadline_with_pauses(
            at("03/03/2025 10:00"), FIVE_DAYS, [(at("05/03/2025 10:00"), at("04/03/2025 10:00"))]
        )


def test_clock_replays_start_pause_resume(calendar):
    clock = DeadlineClock.started(FIVE_DAYS, at("03/03/2025 10:00"), "Giấy tiếp nhận")
    assert clock.state is ClockState.RUNNING
    assert clock.deadline(calendar).due_at == at("10/03/2025 10:00")
    paused = clock.pause(at("04/03/2025 10:00"), "Phiếu đề nghị tạm dừng")
    assert paused.state is ClockState.PAUSED
    assert paused.deadline(calendar) is None
    resumed = paused.resume(at("05/03/2025 10:00"))
    assert resumed.deadline(calendar).due_at == at("11/03/2025 10:00")


def test_restart_counts_the_whole_period_again_from_the_complete_supplement(calendar):
    """Art. 19.5: supplement requested during appraisal; the complete supplement restarts the period from zero."""
    clock = DeadlineClock.started(Duration.working_days(10), at("03/03/2025 09:00"))
    clock = clock.pause(at("05/03/2025 14:00"), "Yêu cầu bổ sung hồ sơ")
    clock = clock.restart(at("10/03/2025 15:30"), "Nhận đủ hồ sơ bổ sung")
    assert clock.state is ClockState.RUNNING
    assert clock.deadline(calendar).due_at == at("24/03/2025 15:30")
    # Pauses before a restart no longer matter; pauses after it do.
    clock = clock.pause(at("11/03/2025 15:30")).resume(at("12/03/2025 15:30"))
    assert clock.deadline(calendar).due_at == at("25/03/2025 15:30")


def test_remaining_time_runs_down_and_freezes_while_paused(calendar):
    clock = DeadlineClock.started(Duration.working_hours(8), at("03/03/2025 09:00"))
    assert clock.remaining(calendar, at("03/03/2025 11:00")) == dt.timedelta(hours=6)
    paused = clock.pause(at("03/03/2025 11:00"))
    assert paused.remaining(calendar, at("03/03/2025 16:00")) == dt.timedelta(hours=6)
    assert paused.remaining(calendar, at("05/03/2025 16:00")) == dt.timedelta(hours=6)
    assert clock.remaining(calendar, at("04/03/2025 10:00")) == -dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda c: c.resume(at("04/03/2025 10:00")), "tiếp tục"),
        (lambda c: c.pause(at("04/03/2025 10:00")).pause(at("04/03/2025 11:00")), "tạm dừng"),
        (lambda c: c.pause(at("01/03/2025 10:00")), "thứ tự thời gian"),
        (lambda c: c.pause(dt.datetime(2025, 3, 4, 10)), "múi giờ"),
    ],
)
def test_invalid_event_sequences_are_refused(build, message):
    with pytest.raises(ValueError, match=message):
        build(DeadlineClock.started(FIVE_DAYS, at("03/03/2025 10:00")))


def test_a_clock_that_has_not_started_has_no_deadline(calendar):
    clock = DeadlineClock(FIVE_DAYS)
    assert clock.state is ClockState.NOT_STARTED
    with pytest.raises(ValueError, match="chưa bắt đầu"):
        clock.deadline(calendar)


def test_clock_storage_round_trip(calendar):
    clock = (
        DeadlineClock.started(FIVE_DAYS, at("03/03/2025 10:00"))
        .pause(at("04/03/2025 10:00"), "Tạm dừng")
        .resume(at("05/03/2025 10:00"))
    )
    stored = json.loads(json.dumps(clock.to_data()))
    assert stored["duration"] == "5 working_days"
    restored = DeadlineClock.from_data(stored)
    assert restored == clock
    assert restored.deadline(calendar).due_at == at("11/03/2025 10:00")
