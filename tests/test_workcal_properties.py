"""Property-based checks of the deadline engine (hypothesis), on the national calendar and a Saturday desk."""

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.workcal import DeadlineClock, Duration, WorkingCalendar, WorkingDayStart

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NATIONAL = WorkingCalendar.vietnam(range(2023, 2028))
_WEEKLY = {day: ((dt.time(8), dt.time(12)), (dt.time(13), dt.time(17))) for day in range(5)}
SATURDAY_DESK = WorkingCalendar.vietnam(range(2023, 2028), weekly={**_WEEKLY, 5: ((dt.time(7, 30), dt.time(11, 30)),)})

calendars = st.sampled_from([NATIONAL, SATURDAY_DESK])
# Seconds and microseconds included; some starts in UTC to exercise the conversion.
instants = st.datetimes(
    min_value=dt.datetime(2023, 6, 1), max_value=dt.datetime(2026, 6, 1), timezones=st.sampled_from([VN, dt.UTC])
)
working_days = st.integers(min_value=0, max_value=60).map(Duration.working_days)
working_minutes = st.integers(min_value=0, max_value=60 * 8 * 30).map(Duration.working_minutes)
working_durations = st.one_of(working_days, working_minutes)
pauses = st.lists(
    st.tuples(instants, st.integers(min_value=0, max_value=10 * 24 * 60)).map(
        lambda pair: (pair[0], pair[0] + dt.timedelta(minutes=pair[1]))
    ),
    max_size=4,
)
any_duration = st.one_of(
    working_durations,
    st.integers(min_value=0, max_value=60).map(Duration.calendar_days),
    st.times(min_value=dt.time(7), max_value=dt.time(18)).map(lambda t: Duration.same_day(t.replace(microsecond=0))),
)
checked = settings(max_examples=200, deadline=None)


@checked
@given(calendars, instants, st.one_of(working_durations, st.just(Duration.same_day())))
def test_a_deadline_never_ends_in_non_working_time(calendar, start, duration):
    deadline = calendar.add(start, duration)
    assert calendar.is_working_time(deadline.due_at)
    assert calendar.is_working_time(deadline.counted_from)
    assert deadline.due_at >= start


@checked
@given(calendars, instants, working_minutes)
def test_between_inverts_adding_working_hours(calendar, start, duration):
    assert calendar.between(start, calendar.add(start, duration).due_at) == duration.working_time


@checked
@given(calendars, instants, working_days)
def test_working_days_between_inverts_adding_working_days(calendar, start, duration):
    due_at = calendar.add(start, duration).due_at
    assert calendar.working_days_between(start, due_at) == (duration.amount, dt.timedelta(0))


@checked
@given(instants, st.integers(min_value=0, max_value=60))
def test_on_the_national_calendar_a_working_day_is_eight_working_hours(start, days):
    due_at = NATIONAL.add(start, Duration.working_days(days)).due_at
    assert NATIONAL.between(start, due_at) == dt.timedelta(hours=8 * days)


@checked
@given(calendars, instants, instants, any_duration)
def test_adding_is_monotonic_in_the_start(calendar, first, second, duration):
    first, second = sorted([first, second])
    assert calendar.add(first, duration).due_at <= calendar.add(second, duration).due_at


@checked
@given(calendars, instants, st.integers(0, 60), st.integers(0, 60), st.sampled_from(["working_days", "days"]))
def test_adding_is_monotonic_in_the_duration(calendar, start, smaller, larger, kind):
    smaller, larger = sorted([smaller, larger])
    make = Duration.working_days if kind == "working_days" else Duration.calendar_days
    assert calendar.add(start, make(smaller)).due_at <= calendar.add(start, make(larger)).due_at


@checked
@given(calendars, instants, working_durations, pauses, pauses)
def test_pauses_only_push_deadlines_later(calendar, start, duration, some, more):
    plain = calendar.add(start, duration)
    paused = calendar.deadline_with_pauses(start, duration, some)
    assert paused.due_at >= plain.due_at
    assert calendar.deadline_with_pauses(start, duration, some + more).due_at >= paused.due_at
    assert calendar.is_working_time(paused.due_at)


@checked
@given(calendars, instants, working_minutes, pauses)
def test_paused_working_time_is_exactly_added(calendar, start, duration, some):
    deadline = calendar.deadline_with_pauses(start, duration, some)
    assert calendar.between(start, deadline.due_at) == duration.working_time + deadline.paused


@checked
@given(calendars, instants, st.integers(min_value=0, max_value=60))
def test_calendar_days_end_on_a_working_day_not_before_the_last_day(calendar, start, days):
    due_at = calendar.add(start, Duration.calendar_days(days)).due_at
    assert due_at.time() == dt.time.max
    assert due_at.date() >= start.astimezone(VN).date() + dt.timedelta(days=days)
    assert calendar.day_info(due_at.date()).is_working_day


@checked
@given(calendars, instants, working_durations)
def test_skipped_days_are_exactly_the_notable_days_crossed(calendar, start, duration):
    deadline = calendar.add(start, duration)
    day, last = start.astimezone(VN).date(), deadline.due_at.date()
    expected = []
    while day <= last:
        info = calendar.day_info(day)
        if info.reason is not None:
            expected.append((day, info.reason))
        day += dt.timedelta(days=1)
    assert list(deadline.skipped) == expected


# -- start of a period in working days (docs/deadlines.md; ND 118/2025 Art. 17.3 vs Civil Code 2015 Art. 147.1) --

readings = st.sampled_from(list(WorkingDayStart))


@checked
@given(calendars, instants, st.integers(min_value=1, max_value=60))
def test_next_day_reading_ends_at_the_close_of_a_working_day_never_before_the_instant_reading(calendar, start, n):
    duration = Duration.working_days(n)
    next_day = calendar.add(start, duration, counting=WorkingDayStart.NEXT_DAY)
    instant = calendar.add(start, duration, counting=WorkingDayStart.INSTANT)
    assert next_day.due_at >= instant.due_at
    assert next_day.counted_from.date() > start.astimezone(VN).date()
    assert calendar.is_working_time(next_day.due_at)
    # Whole working days from the next day's opening: exactly n × 8 working hours on the national week.
    if calendar is NATIONAL:
        assert calendar.between(next_day.counted_from, next_day.due_at) == dt.timedelta(hours=8 * n)
        assert next_day.due_at.astimezone(VN).time() == dt.time(17)


@checked
@given(calendars, instants, working_days, readings)
def test_a_stored_clock_replays_to_the_same_deadline_under_either_calendar_setting(calendar, start, duration, reading):
    clock = DeadlineClock.started(duration, start, counting=reading)
    stored = DeadlineClock.from_data(clock.to_data())
    assert stored.counting is reading
    other = calendar.add(start, duration, counting=reading)
    assert stored.deadline(calendar).due_at == other.due_at
