"""Durations and their text form (the `--duration` format of `motcua deadline`)."""

import datetime as dt

import pytest

from motcua.workcal import Duration, DurationKind, DurationParseError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 working_days", Duration.working_days(5)),
        ("1 working_day", Duration.working_days(1)),
        ("8 working_hours", Duration.working_hours(8)),
        ("2.5 working_hours", Duration.working_minutes(150)),
        ("1,5 working_hours", Duration.working_minutes(90)),
        ("90 working_minutes", Duration.working_minutes(90)),
        ("15 days", Duration.calendar_days(15)),
        ("  15   Days ", Duration.calendar_days(15)),
        ("same_day_cutoff 15:00", Duration.same_day(dt.time(15))),
        ("same_day_cutoff 9:30", Duration.same_day(dt.time(9, 30))),
        ("same_day", Duration.same_day()),
        ("5 ngày làm việc", Duration.working_days(5)),
        ("8 giờ làm việc", Duration.working_hours(8)),
        ("15 ngày", Duration.calendar_days(15)),
    ],
)
def test_parse(text, expected):
    assert Duration.parse(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "5",
        "five working_days",
        "5 weeks",
        "-3 days",
        "1.5 working_days",
        "0.01 working_hours",
        "same_day_cutoff 25:00",
    ],
)
def test_parse_errors_are_explained_in_vietnamese(text):
    with pytest.raises(DurationParseError, match=r"[Tt]hời hạn|Giờ chốt"):
        Duration.parse(text)


@pytest.mark.parametrize(
    "duration",
    [
        Duration.working_days(5),
        Duration.working_hours(8),
        Duration.working_minutes(90),
        Duration.calendar_days(15),
        Duration.same_day(dt.time(15, 30)),
    ],
)
def test_text_form_round_trips(duration):
    assert Duration.parse(str(duration)) == duration


def test_canonical_text():
    assert str(Duration.working_hours(8)) == "8 working_hours"
    assert str(Duration.working_hours(1, 30)) == "90 working_minutes"
    assert str(Duration.same_day()) == "same_day_cutoff 15:00"


def test_working_time_only_for_working_hours():
    assert Duration.working_hours(1, 30).working_time == dt.timedelta(minutes=90)
    with pytest.raises(ValueError):
        _ = Duration.working_days(1).working_time


def test_invalid_values_are_refused():
    with pytest.raises(ValueError, match="âm"):
        Duration.working_days(-1)
    with pytest.raises(ValueError, match="giờ chốt"):
        Duration(DurationKind.WORKING_DAYS, 1, dt.time(15))
    with pytest.raises(ValueError, match="giờ chốt"):
        Duration(DurationKind.SAME_DAY)


def test_which_kinds_a_pause_can_stop():
    assert Duration.working_days(1).counts_working_time
    assert Duration.working_hours(1).counts_working_time
    assert not Duration.calendar_days(1).counts_working_time
    assert not Duration.same_day().counts_working_time
