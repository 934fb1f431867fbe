"""Worked examples of the deadline engine (docs/deadlines.md), across the holidays of 2020–2026."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from motcua.workcal import CalendarRangeError, DayOff, Duration, WorkingCalendar
from motcua.workcal.explain import as_json, duration_label, explain

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DAYS = Duration.working_days
HOURS = Duration.working_hours


def at(text: str) -> dt.datetime:
    """'dd/mm/yyyy HH:MM' in Vietnam time."""
    return dt.datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=VN)


@pytest.fixture(scope="module")
def calendar():
    return WorkingCalendar.vietnam(range(2020, 2028))


@pytest.fixture(scope="module")
def saturday_desk():
    """An agency whose decision makes Saturday morning a working (counted) half day."""
    weekly = {day: ((dt.time(8), dt.time(12)), (dt.time(13), dt.time(17))) for day in range(5)}
    weekly[5] = ((dt.time(8), dt.time(12)),)
    return WorkingCalendar.vietnam(range(2024, 2027), weekly=weekly)


def due(calendar, start, duration):
    return calendar.add(at(start), duration).due_at


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        # An ordinary week: N working days later, same working-time offset.
        ("03/03/2025 10:00", DAYS(5), "10/03/2025 10:00"),
        ("03/03/2025 10:00", DAYS(1), "04/03/2025 10:00"),
        ("04/03/2025 08:00", DAYS(1), "04/03/2025 17:00"),  # a full working day from its first minute
        ("03/03/2025 17:00", DAYS(1), "04/03/2025 17:00"),  # received at the end of work counts from next day
        ("03/03/2025 19:30", DAYS(1), "04/03/2025 17:00"),
        ("01/03/2025 11:00", DAYS(1), "03/03/2025 17:00"),  # received on Saturday
        ("03/03/2025 12:30", DAYS(1), "04/03/2025 12:00"),  # lunch: counts from 13:00; 12:00 is the same moment
        ("07/03/2025 10:00", DAYS(3), "12/03/2025 10:00"),
        # Tết Giáp Thìn 2024: 08/02–14/02 off.
        ("05/02/2024 10:00", DAYS(5), "19/02/2024 10:00"),
        ("07/02/2024 16:00", DAYS(1), "15/02/2024 16:00"),
        # Tết Ất Tỵ 2025: 25/01–02/02 off.
        ("24/01/2025 14:00", DAYS(3), "05/02/2025 14:00"),
        ("24/01/2025 14:00", DAYS(15), "21/02/2025 14:00"),
        # Tết Bính Ngọ 2026: 14/02–22/02 off.
        ("13/02/2026 16:00", DAYS(2), "24/02/2026 16:00"),
        # 30/4–1/5 2024 with the swap: 27/04–01/05 off, Saturday 04/05 worked.
        ("26/04/2024 16:00", DAYS(1), "02/05/2024 16:00"),
        ("26/04/2024 16:00", DAYS(3), "04/05/2024 16:00"),
        ("26/04/2024 16:00", DAYS(4), "06/05/2024 16:00"),
        # 2025: Saturday 26/04 worked, 30/04–04/05 off.
        ("25/04/2025 10:00", DAYS(1), "26/04/2025 10:00"),
        ("25/04/2025 10:00", DAYS(3), "29/04/2025 10:00"),
        ("25/04/2025 10:00", DAYS(4), "05/05/2025 10:00"),
        # 2026: Tết Dương lịch 01/01–04/01 off, Saturday 10/01 worked; Giỗ Tổ on Sunday 26/04 → Monday 27/04 off.
        ("31/12/2025 10:00", DAYS(2), "06/01/2026 10:00"),
        ("09/01/2026 10:00", DAYS(1), "10/01/2026 10:00"),
        ("24/04/2026 09:00", DAYS(1), "28/04/2026 09:00"),
        # Quốc khánh: one day in 2020, two days since 2021; 2026 swap with Saturday 22/08 worked.
        ("01/09/2020 10:00", DAYS(1), "03/09/2020 10:00"),
        ("01/09/2021 10:00", DAYS(1), "06/09/2021 10:00"),
        ("30/08/2024 10:00", DAYS(1), "04/09/2024 10:00"),
        ("21/08/2026 09:00", DAYS(1), "22/08/2026 09:00"),
        ("28/08/2026 10:00", DAYS(1), "03/09/2026 10:00"),
        # Working hours: across lunch, nights and weekends.
        ("03/03/2025 11:00", HOURS(2), "03/03/2025 14:00"),
        ("03/03/2025 11:30", Duration.working_minutes(30), "03/03/2025 12:00"),  # ends at 12:00, not 13:00
        ("03/03/2025 16:00", HOURS(8), "04/03/2025 16:00"),
        ("03/03/2025 16:00", HOURS(1), "03/03/2025 17:00"),
        ("03/03/2025 17:00", HOURS(1), "04/03/2025 09:00"),
        ("07/03/2025 16:30", HOURS(1), "10/03/2025 08:30"),
        ("08/03/2025 21:00", HOURS(8), "10/03/2025 17:00"),  # online filing on Saturday night (Art. 17)
        ("03/03/2025 09:15", HOURS(1, 30), "03/03/2025 10:45"),
        ("07/02/2024 15:00", HOURS(3), "15/02/2024 09:00"),
        # Zero: the next working moment.
        ("03/03/2025 19:00", DAYS(0), "04/03/2025 08:00"),
        ("03/03/2025 10:00", HOURS(0), "03/03/2025 10:00"),
    ],
)
def test_worked_examples(calendar, start, duration, expected):
    assert due(calendar, start, duration) == at(expected)


def test_explanation_lists_skipped_days_in_order_with_reasons(calendar):
    deadline = calendar.add(at("26/04/2024 16:00"), DAYS(3))
    assert [(entry.day.isoformat(), entry.reason) for entry in deadline.skipped] == [
        ("2024-04-27", "Thứ Bảy"),
        ("2024-04-28", "Chủ nhật"),
        ("2024-04-29", "nghỉ bù"),
        ("2024-04-30", "Ngày Chiến thắng"),
        ("2024-05-01", "Quốc tế Lao động"),
        ("2024-05-04", "làm bù"),
    ]


def test_tet_2025_explanation_mixes_weekend_and_tet_days(calendar):
    deadline = calendar.add(at("24/01/2025 14:00"), DAYS(3))
    reasons = {entry.day.isoformat(): entry.reason for entry in deadline.skipped}
    assert reasons["2025-01-25"] == "Thứ Bảy"
    assert reasons["2025-01-27"] == "Tết Nguyên đán"
    assert reasons["2025-02-01"] == "Tết Nguyên đán"  # mùng 4 on a Saturday
    assert reasons["2025-02-02"] == "Chủ nhật"
    assert len(deadline.skipped) == 9


def test_counted_from_is_the_next_working_moment(calendar):
    assert calendar.add(at("08/03/2025 21:00"), HOURS(8)).counted_from == at("10/03/2025 08:00")
    assert calendar.add(at("03/03/2025 12:10"), HOURS(1)).counted_from == at("03/03/2025 13:00")
    assert calendar.add(at("03/03/2025 10:20"), DAYS(2)).counted_from == at("03/03/2025 10:20")
    assert calendar.next_working_moment(at("03/03/2025 17:00")) == at("04/03/2025 08:00")


def test_start_in_another_time_zone_is_converted(calendar):
    start = dt.datetime(2025, 3, 3, 3, 0, tzinfo=dt.UTC)  # 10:00 in Vietnam
    deadline = calendar.add(start, DAYS(5))
    assert deadline.due_at == at("10/03/2025 10:00")
    assert deadline.due_at.utcoffset() == dt.timedelta(hours=7)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ("03/03/2025 14:59", "03/03/2025 17:00"),
        ("03/03/2025 15:00", "03/03/2025 17:00"),
        ("03/03/2025 15:01", "04/03/2025 17:00"),
        ("03/03/2025 07:30", "03/03/2025 17:00"),
        ("03/03/2025 18:00", "04/03/2025 17:00"),
        ("07/03/2025 15:30", "10/03/2025 17:00"),
        ("08/03/2025 09:00", "10/03/2025 17:00"),  # received on a day off
        ("29/04/2025 15:30", "05/05/2025 17:00"),
        ("25/04/2025 16:00", "26/04/2025 17:00"),  # the next working day is the make-up Saturday
    ],
)
def test_same_day_with_the_15_00_cutoff(calendar, start, expected):
    assert due(calendar, start, Duration.same_day()) == at(expected)


def test_same_day_cutoff_is_a_parameter(calendar):
    assert due(calendar, "03/03/2025 15:30", Duration.same_day(dt.time(16, 0))) == at("03/03/2025 17:00")
    assert due(calendar, "03/03/2025 10:30", Duration.same_day(dt.time(10, 0))) == at("04/03/2025 17:00")


def test_same_day_skips_the_days_off_in_between(calendar):
    deadline = calendar.add(at("29/04/2025 15:30"), Duration.same_day())
    assert [entry.day.day for entry in deadline.skipped] == [30, 1, 2, 3, 4]


def test_calendar_days_end_at_the_end_of_the_last_day(calendar):
    deadline = calendar.add(at("06/01/2025 10:00"), Duration.calendar_days(15))
    assert deadline.due_at == dt.datetime.combine(dt.date(2025, 1, 21), dt.time.max, tzinfo=VN)
    assert deadline.counted_from == dt.datetime(2025, 1, 7, tzinfo=VN)
    assert deadline.skipped == ()


def test_calendar_days_ending_on_a_day_off_move_to_the_next_working_day(calendar):
    deadline = calendar.add(at("15/01/2025 10:00"), Duration.calendar_days(10))  # 25/01: first day of Tết
    assert deadline.due_at.date() == dt.date(2025, 2, 3)
    assert deadline.due_at.time() == dt.time.max
    assert deadline.skipped[0] == (dt.date(2025, 1, 25), "Thứ Bảy")
    assert deadline.skipped[-1] == (dt.date(2025, 2, 2), "Chủ nhật")


def test_calendar_days_ending_on_a_plain_sunday(calendar):
    assert due(calendar, "01/03/2025 10:00", Duration.calendar_days(8)).date() == dt.date(2025, 3, 10)


def test_saturday_desk_counts_saturday_mornings(saturday_desk):
    assert due(saturday_desk, "07/03/2025 16:00", HOURS(8)) == at("10/03/2025 11:00")
    assert due(saturday_desk, "08/03/2025 10:00", DAYS(1)) == at("10/03/2025 10:00")
    # Offset 6 h into Friday, Saturday has only 4 h: capped at the end of Saturday's work.
    assert due(saturday_desk, "07/03/2025 15:00", DAYS(1)) == at("08/03/2025 12:00")
    assert due(saturday_desk, "08/03/2025 13:00", Duration.same_day()) == at("10/03/2025 17:00")


def test_between_measures_working_time(calendar):
    assert calendar.between(at("03/03/2025 10:00"), at("04/03/2025 10:00")) == dt.timedelta(hours=8)
    assert calendar.between(at("07/03/2025 16:00"), at("10/03/2025 09:00")) == dt.timedelta(hours=2)
    assert calendar.between(at("03/03/2025 11:00"), at("03/03/2025 14:00")) == dt.timedelta(hours=2)
    assert calendar.between(at("04/03/2025 10:00"), at("03/03/2025 10:00")) == -dt.timedelta(hours=8)
    assert calendar.between(at("07/02/2024 17:00"), at("15/02/2024 08:00")) == dt.timedelta(0)


def test_working_days_between(calendar):
    assert calendar.working_days_between(at("05/02/2024 10:00"), at("19/02/2024 10:00")) == (5, dt.timedelta(0))
    assert calendar.working_days_between(at("05/02/2024 10:00"), at("19/02/2024 11:30")) == (
        5,
        dt.timedelta(hours=1, minutes=30),
    )
    assert calendar.working_days_between(at("05/02/2024 10:00"), at("19/02/2024 09:00")) == (4, dt.timedelta(hours=7))
    with pytest.raises(ValueError, match="không sớm hơn"):
        calendar.working_days_between(at("19/02/2024 10:00"), at("05/02/2024 10:00"))


def test_is_working_time_includes_both_ends_of_a_period(calendar):
    assert calendar.is_working_time(at("03/03/2025 17:00"))
    assert calendar.is_working_time(at("03/03/2025 12:00"))
    assert not calendar.is_working_time(at("03/03/2025 12:30"))
    assert not calendar.is_working_time(at("26/04/2025 07:59"))
    assert calendar.is_working_time(at("26/04/2025 08:00"))


def test_naive_start_is_refused(calendar):
    with pytest.raises(ValueError, match="múi giờ"):
        calendar.add(dt.datetime(2025, 3, 3, 10, 0), DAYS(1))


def test_outside_the_known_years_is_refused(calendar):
    with pytest.raises(CalendarRangeError, match="2020–2027"):
        calendar.add(at("01/06/2019 10:00"), DAYS(1))
    with pytest.raises(CalendarRangeError):
        calendar.add(at("20/12/2027 10:00"), DAYS(30))
    with pytest.raises(CalendarRangeError):
        calendar.add(at("20/12/2027 10:00"), Duration.calendar_days(30))


def test_invalid_weekly_hours_are_refused():
    with pytest.raises(ValueError, match="không chồng lên nhau"):
        WorkingCalendar([2025], weekly={0: ((dt.time(8), dt.time(12)), (dt.time(11), dt.time(17)))})
    with pytest.raises(ValueError, match="từ 0"):
        WorkingCalendar([2025], weekly={7: ((dt.time(8), dt.time(12)),)})


def test_changed_dates_lists_what_an_edit_affects(calendar):
    edited = WorkingCalendar.vietnam(range(2020, 2028), extra_days_off=[DayOff(dt.date(2025, 3, 5), "Bão số 3")])
    assert calendar.changed_dates(edited) == [dt.date(2025, 3, 5)]
    assert calendar.changed_dates(WorkingCalendar.vietnam(range(2020, 2028))) == []
    assert calendar.changed_dates(WorkingCalendar.vietnam([2030])) == []


def test_a_local_day_off_pushes_deadlines(calendar):
    edited = WorkingCalendar.vietnam(range(2020, 2028), extra_days_off=[DayOff(dt.date(2025, 3, 5), "Bão số 3")])
    deadline = edited.add(at("03/03/2025 10:00"), DAYS(5))
    assert deadline.due_at == at("11/03/2025 10:00")
    assert (dt.date(2025, 3, 5), "Bão số 3") in deadline.skipped


def test_explain_and_json(calendar):
    deadline = calendar.add(at("26/04/2024 16:00"), DAYS(3))
    text = explain(deadline)
    assert "Thời hạn: 3 ngày làm việc" in text
    assert "Hạn giải quyết: 16:00 thứ Bảy 04/05/2024" in text
    assert "  - thứ Ba 30/04/2024: Ngày Chiến thắng" in text
    assert "Có tính các ngày làm bù:\n  - thứ Bảy 04/05/2024" in text
    data = as_json(deadline)
    assert data["due_at"] == "2024-05-04T16:00:00+07:00"
    assert data["skipped"][2] == {"date": "2024-04-29", "reason": "nghỉ bù"}
    assert data["duration"] == "3 working_days"


def test_duration_labels():
    assert duration_label(DAYS(5)) == "5 ngày làm việc"
    assert duration_label(HOURS(8)) == "8 giờ làm việc"
    assert duration_label(HOURS(1, 30)) == "1 giờ 30 phút làm việc"
    assert duration_label(Duration.working_minutes(0)) == "0 phút làm việc"
    assert duration_label(Duration.calendar_days(15)) == "15 ngày"
    assert duration_label(Duration.same_day()).startswith("trong ngày (tiếp nhận sau 15:00")
