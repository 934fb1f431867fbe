"""Start of a period in working days (docs/deadlines.md): ND 118/2025 Art. 17.3 — the period is counted from the
acceptance instant on the Giấy tiếp nhận (the default, `instant`) — versus Civil Code 2015 Art. 147.1 read onto
working days (`next_day`), a per-province setting."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from motcua.workcal import DeadlineClock, Duration, WorkingCalendar, WorkingDayStart

VN = ZoneInfo("Asia/Ho_Chi_Minh")
INSTANT = WorkingCalendar.vietnam(range(2025, 2027))
NEXT_DAY = WorkingCalendar.vietnam(range(2025, 2027), working_day_start=WorkingDayStart.NEXT_DAY)


def at(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=VN)


def test_default_reading_is_the_acceptance_instant_art_17_3():
    """ND 118/2025 Art. 17.3: counted from the accepted time; Fri 16:00 + 3 working days = Wed 16:00."""
    assert INSTANT.working_day_start is WorkingDayStart.INSTANT
    deadline = INSTANT.add(at("05/12/2025 16:00"), Duration.working_days(3))
    assert deadline.due_at == at("10/12/2025 16:00")
    assert deadline.counted_from == at("05/12/2025 16:00")


def test_next_day_reading_skips_the_day_of_receipt_civil_code_art_147():
    """Civil Code 2015 Art. 147.1 on working days: Fri 16:00 + 3 working days runs Mon–Wed, due Wed 17:00."""
    deadline = NEXT_DAY.add(at("05/12/2025 16:00"), Duration.working_days(3))
    assert deadline.counted_from == at("08/12/2025 08:00")
    assert deadline.due_at == at("10/12/2025 17:00")


def test_next_day_reading_received_early_morning_still_skips_that_day():
    deadline = NEXT_DAY.add(at("08/12/2025 08:00"), Duration.working_days(1))
    assert deadline.due_at == at("09/12/2025 17:00")


def test_next_day_reading_skips_holidays_after_receipt():
    """Received Wed 29/04/2026 10:00 (30/4 and 1/5 off, then the weekend): counting starts Mon 04/05."""
    deadline = NEXT_DAY.add(at("29/04/2026 10:00"), Duration.working_days(2))
    assert deadline.counted_from == at("04/05/2026 08:00")
    assert deadline.due_at == at("05/05/2026 17:00")


def test_next_day_reading_leaves_working_hours_and_calendar_days_alone():
    start = at("05/12/2025 16:00")
    for duration in (Duration.working_hours(8), Duration.calendar_days(15), Duration.same_day()):
        assert NEXT_DAY.add(start, duration) == INSTANT.add(start, duration)


def test_explicit_counting_overrides_the_calendar_setting():
    start = at("05/12/2025 16:00")
    assert NEXT_DAY.add(start, Duration.working_days(3), counting=WorkingDayStart.INSTANT).due_at == at(
        "10/12/2025 16:00"
    )


def test_clock_keeps_the_reading_it_was_started_under():
    """Existing dossiers keep their deadlines: a clock replayed on a calendar with the other setting is unchanged."""
    clock = DeadlineClock.started(Duration.working_days(3), at("05/12/2025 16:00"), counting=WorkingDayStart.NEXT_DAY)
    stored = DeadlineClock.from_data(clock.to_data())
    assert stored.counting is WorkingDayStart.NEXT_DAY
    assert stored.deadline(INSTANT).due_at == at("10/12/2025 17:00")
    # A clock stored before the setting existed has no "counting" key: it was given an instant deadline.
    legacy = clock.to_data()
    del legacy["counting"]
    assert DeadlineClock.from_data(legacy).deadline(NEXT_DAY).due_at == at("10/12/2025 16:00")


def test_pauses_under_next_day_reading():
    """Paused one full working day (Tue) after a next-day start: due one working day later (Thu 17:00)."""
    clock = (
        DeadlineClock.started(Duration.working_days(3), at("05/12/2025 16:00"), counting=WorkingDayStart.NEXT_DAY)
        .pause(at("09/12/2025 08:00"))
        .resume(at("09/12/2025 17:00"))
    )
    assert clock.deadline(INSTANT).due_at == at("11/12/2025 17:00")
    # Working time left right after the resume: Wed and Thu.
    assert clock.remaining(INSTANT, at("09/12/2025 17:00")) == dt.timedelta(hours=16)


def test_unknown_reading_is_refused():
    with pytest.raises(ValueError):
        WorkingCalendar.vietnam(range(2025, 2026), working_day_start="tomorrow")
