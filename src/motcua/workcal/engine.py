"""The working calendar (lịch làm việc) and the deadline arithmetic (tính thời hạn giải quyết).

Pure Python: standard library and `holidays` only, no Django. Semantics and worked examples: docs/deadlines.md.

Every instant maps to a *working position*: the number of working microseconds from the start of the calendar's
first year up to it. Positions are precomputed per day (cumulative working time before each day), so adding
working time or working days is a bisection in those tables, never a walk over minutes or days.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple
from zoneinfo import ZoneInfo

from motcua.workcal.days import (
    MAKE_UP_WORKING_DAY,
    WEEKDAY_NAMES,
    DayInfo,
    DayOff,
    ExtraWorkingDay,
    Period,
    SkippedDay,
)
from motcua.workcal.durations import Duration, DurationKind, WorkingDayStart
from motcua.workcal.holidays_vn import official_days

VIETNAM_TZ = "Asia/Ho_Chi_Minh"
_US = 1_000_000
_MINUTE = 60 * _US
_NO_PAUSE = dt.timedelta(0)
_CLOCK = tuple(divmod(minute, 60) for minute in range(24 * 60))  # minute of the day -> (hour, minute)
_MORNING = (dt.time(8, 0), dt.time(12, 0))
_AFTERNOON = (dt.time(13, 0), dt.time(17, 0))
# Mon–Fri 08:00–12:00 and 13:00–17:00: 8 hours a day, 40 a week (QĐ 188/1999/QĐ-TTg).
STANDARD_WEEK: Mapping[int, tuple[Period, ...]] = MappingProxyType({day: (_MORNING, _AFTERNOON) for day in range(5)})


class CalendarRangeError(ValueError):
    """The computation needs days outside the years the calendar knows."""


class Deadline(NamedTuple):
    """The result of a deadline computation.

    `due_at` is the last instant that is still on time (aware, in the calendar's time zone); `counted_from` is the
    working moment the clock actually started from; `skipped` lists, in date order, the days between the start
    and the due date that were not counted (with the reason) and the worked Saturdays that were ("làm bù");
    `paused` is the working time added by pauses.
    """

    start: dt.datetime
    duration: Duration
    counted_from: dt.datetime
    due_at: dt.datetime
    skipped: tuple[SkippedDay, ...]
    paused: dt.timedelta = dt.timedelta(0)


def _to_us(value: dt.time) -> int:
    return ((value.hour * 60 + value.minute) * 60 + value.second) * _US + value.microsecond


def _checked_periods(periods: Sequence[Period], label: str) -> tuple[Period, ...]:
    periods = tuple((start, end) for start, end in periods)
    previous_end = None
    for start, end in periods:
        if start.tzinfo or end.tzinfo:
            raise ValueError(f"Giờ làm việc {label} phải là giờ địa phương, không kèm múi giờ.")
        if not start < end or (previous_end is not None and start < previous_end):
            raise ValueError(f"Giờ làm việc {label} phải tăng dần và không chồng lên nhau.")
        previous_end = end
    return periods


class WorkingCalendar:
    """An immutable working calendar over whole years.

    `weekly` maps a weekday (0 = Monday) to its working periods (local wall-clock times); a missing weekday is a
    weekly day off. `days_off` removes all working time of a date; `working_days` makes a date worked with its own
    periods, or with `make_up_periods` (default: Monday's hours, a make-up Saturday works a normal weekday).
    """

    __slots__ = (
        "_cum",
        "_day_end",
        "_days_off",
        "_first_year",
        "_last_year",
        "_note_index",
        "_note_items",
        "_origin",
        "_periods",
        "_periods_us",
        "_reasons",
        "_size",
        "_tz",
        "_weekly",
        "_workday_rank",
        "_workdays",
        "_working_day_start",
        "_working_days",
        "_ymd",
    )

    def __init__(
        self,
        years: Iterable[int],
        *,
        weekly: Mapping[int, Sequence[Period]] = STANDARD_WEEK,
        days_off: Iterable[DayOff] = (),
        working_days: Iterable[ExtraWorkingDay] = (),
        make_up_periods: Sequence[Period] | None = None,
        timezone: str = VIETNAM_TZ,
        working_day_start: WorkingDayStart = WorkingDayStart.INSTANT,
    ):
        years = sorted(set(years))
        if not years:
            raise ValueError("Lịch làm việc cần ít nhất một năm.")
        if set(weekly) - set(range(7)):
            raise ValueError("Thứ trong tuần phải từ 0 (thứ Hai) đến 6 (Chủ nhật).")
        self._first_year, self._last_year = years[0], years[-1]
        # The reading of "N ngày làm việc" new clocks take (DurationKind.WORKING_DAYS only); see WorkingDayStart.
        self._working_day_start = WorkingDayStart(working_day_start)
        self._tz = ZoneInfo(timezone)
        self._weekly = tuple(_checked_periods(weekly.get(day, ()), WEEKDAY_NAMES[day]) for day in range(7))
        if make_up_periods is None:
            make_up_periods = next((periods for periods in self._weekly if periods), ())
        make_up_periods = _checked_periods(make_up_periods, "ngày làm bù")
        first, last = dt.date(self._first_year, 1, 1), dt.date(self._last_year, 12, 31)
        self._days_off = {day.day: day for day in days_off if first <= day.day <= last}
        self._working_days = {day.day: day for day in working_days if first <= day.day <= last}
        if clash := sorted(set(self._days_off) & set(self._working_days)):
            raise ValueError(f"Ngày {clash[0]:%d/%m/%Y} vừa là ngày nghỉ vừa là ngày làm việc bổ sung.")
        self._build(first, last, make_up_periods)

    def _build(self, first: dt.date, last: dt.date, make_up_periods: tuple[Period, ...]) -> None:
        self._origin = first.toordinal()
        self._size = last.toordinal() - self._origin + 1
        self._periods, self._periods_us, self._reasons, self._ymd, self._day_end = [], [], [], [], []
        self._cum, self._workday_rank, self._workdays = [0], [0], []
        self._note_index, self._note_items = [], []
        for index in range(self._size):
            day = dt.date.fromordinal(self._origin + index)
            reason = None
            if day in self._days_off:
                periods, reason = (), self._days_off[day].reason
            elif day in self._working_days:
                extra = self._working_days[day]
                periods = make_up_periods if extra.periods is None else _checked_periods(extra.periods, "làm bù")
                reason = MAKE_UP_WORKING_DAY
            else:
                periods = self._weekly[day.weekday()]
                if not periods:
                    reason = WEEKDAY_NAMES[day.weekday()]
            periods_us = tuple((_to_us(start), _to_us(end)) for start, end in periods)
            self._periods.append(periods)
            self._periods_us.append(periods_us)
            self._reasons.append(reason)
            self._ymd.append((day.year, day.month, day.day))
            self._day_end.append(periods_us[-1][1] if periods_us else None)
            length = sum(end - start for start, end in periods_us)
            self._cum.append(self._cum[-1] + length)
            if length:
                self._workdays.append(index)
            self._workday_rank.append(len(self._workdays))
            if reason is not None:
                self._note_index.append(index)
                self._note_items.append(SkippedDay(day, reason))
        self._note_items = tuple(self._note_items)

    @classmethod
    def vietnam(
        cls,
        years: Iterable[int] | None = None,
        *,
        weekly: Mapping[int, Sequence[Period]] = STANDARD_WEEK,
        extra_days_off: Iterable[DayOff] = (),
        extra_working_days: Iterable[ExtraWorkingDay] = (),
        include_unconfirmed: bool = False,
        working_day_start: WorkingDayStart = WorkingDayStart.INSTANT,
    ) -> WorkingCalendar:
        """The civil-service calendar of Vietnam, corrected by overrides (an override wins over the holidays).

        Default years: ten years back (stored dossiers) to five ahead (long deadlines).
        """
        if years is None:
            this_year = dt.date.today().year
            years = range(this_year - 10, this_year + 6)
        years = sorted(set(years))
        extra_days_off, extra_working_days = list(extra_days_off), list(extra_working_days)
        if clash := {day.day for day in extra_days_off} & {day.day for day in extra_working_days}:
            raise ValueError(f"Ngày {min(clash):%d/%m/%Y} vừa là ngày nghỉ vừa là ngày làm việc bổ sung.")
        days_off, working = official_days(years, include_unconfirmed=include_unconfirmed)
        overridden = {day.day for day in extra_days_off} | {day.day for day in extra_working_days}
        days_off = [day for day in days_off if day.day not in overridden] + extra_days_off
        working = [day for day in working if day.day not in overridden] + extra_working_days
        return cls(years, weekly=weekly, days_off=days_off, working_days=working, working_day_start=working_day_start)

    # -- what the calendar says ---------------------------------------------------------------------------------

    @property
    def timezone(self) -> ZoneInfo:
        return self._tz

    @property
    def working_day_start(self) -> WorkingDayStart:
        """The configured start of a period in working days (per province; the legal default INSTANT)."""
        return self._working_day_start

    @property
    def years(self) -> range:
        return range(self._first_year, self._last_year + 1)

    def day_info(self, day: dt.date) -> DayInfo:
        index = self._day_index(day)
        return DayInfo(day, self._periods[index], self._reasons[index])

    def is_working_time(self, at: dt.datetime) -> bool:
        """True inside a working period, both ends included (a deadline may fall at 17:00 sharp)."""
        index, micros = self._locate(at)
        return any(start <= micros <= end for start, end in self._periods_us[index])

    def changed_dates(self, other: WorkingCalendar) -> list[dt.date]:
        """Dates of the common years whose working periods or reason differ: what a calendar edit affects."""
        first = max(self._first_year, other._first_year)
        last = min(self._last_year, other._last_year)
        if first > last:
            return []
        changed = []
        for ordinal in range(dt.date(first, 1, 1).toordinal(), dt.date(last, 12, 31).toordinal() + 1):
            mine, theirs = ordinal - self._origin, ordinal - other._origin
            if (self._periods_us[mine], self._reasons[mine]) != (other._periods_us[theirs], other._reasons[theirs]):
                changed.append(dt.date.fromordinal(ordinal))
        return changed

    # -- deadlines ----------------------------------------------------------------------------------------------

    def add(self, start: dt.datetime, duration: Duration, *, counting: WorkingDayStart | None = None) -> Deadline:
        """The deadline of `duration` counted from `start`; `counting` (default: the calendar's setting) says where
        a period in working days starts."""
        if duration.kind is DurationKind.CALENDAR_DAYS:
            return self._add_calendar_days(start, duration)
        if duration.kind is DurationKind.SAME_DAY:
            return self._add_same_day(start, duration)
        start_day, micros, position, first_day, offset = self._counting_start(start, duration, counting)
        target = self._target(position, first_day, offset, duration)
        return self._deadline(start, start_day, micros, duration, first_day, offset, target, _NO_PAUSE)

    def deadline_with_pauses(
        self,
        start: dt.datetime,
        duration: Duration,
        pauses: Iterable[tuple[dt.datetime, dt.datetime]],
        *,
        counting: WorkingDayStart | None = None,
    ) -> Deadline:
        """The deadline when the clock stops during each pause (tạm dừng): working time inside a pause is not
        counted. Pauses may overlap or extend before the start; a pause beginning once the deadline is reached
        changes nothing. Only working days and working hours can be paused."""
        if not duration.counts_working_time:
            raise ValueError("Chỉ thời hạn tính bằng ngày làm việc hoặc giờ làm việc mới tạm dừng được.")
        start_day, micros, position, first_day, offset = self._counting_start(start, duration, counting)
        target = self._target(position, first_day, offset, duration)
        added = 0
        for pause_start, pause_end in _merged(pauses):
            begin = max(self._position(pause_start), position)
            if begin >= target:
                break
            gained = self._position(pause_end) - begin
            if gained > 0:
                target += gained
                added += gained
        paused = dt.timedelta(microseconds=added)
        return self._deadline(start, start_day, micros, duration, first_day, offset, target, paused)

    def between(self, earlier: dt.datetime, later: dt.datetime) -> dt.timedelta:
        """The working time from `earlier` to `later` (negative when `later` comes first)."""
        return dt.timedelta(microseconds=self._position(later) - self._position(earlier))

    def working_days_between(self, earlier: dt.datetime, later: dt.datetime) -> tuple[int, dt.timedelta]:
        """(n, rest): the most working days n with add(earlier, n working days) <= later, and the working time
        left after that deadline."""
        start, end = self._position(earlier), self._position(later)
        if end < start:
            raise ValueError("Thời điểm sau phải không sớm hơn thời điểm đầu.")
        day, offset = self._split(start)
        end_day, _ = self._split(end)
        count = self._workday_rank[end_day] - self._workday_rank[day]
        if self._target(start, day, offset, Duration.working_days(count)) > end:
            count -= 1
        return count, dt.timedelta(microseconds=end - self._target(start, day, offset, Duration.working_days(count)))

    def next_working_moment(self, at: dt.datetime) -> dt.datetime:
        """`at` itself inside working time, else the start of the next working period."""
        index, micros = self._split(self._position(at))
        return self._instant(index, self._forward(index, micros))

    # -- internals ----------------------------------------------------------------------------------------------

    def _counting_start(
        self, start: dt.datetime, duration: Duration, counting: WorkingDayStart | None
    ) -> tuple[int, int, int, int, int]:
        """(start day, start µs, working position, first counted day, offset) of a working-time period.

        NEXT_DAY (Civil Code Art. 147.1 read onto working days) moves a working-days period to the start of the
        first working day after the calendar day of `start`, whatever the hour of receipt."""
        start_day, micros = self._locate(start)
        if counting is None:
            counting = self._working_day_start
        if duration.kind is DurationKind.WORKING_DAYS and counting is WorkingDayStart.NEXT_DAY:
            first_day = self._next_working_day(start_day)
            return start_day, micros, self._cum[first_day], first_day, 0
        position = self._position_at(start_day, micros)
        first_day, offset = self._split(position)
        return start_day, micros, position, first_day, offset

    def _day_index(self, day: dt.date) -> int:
        index = day.toordinal() - self._origin
        if not 0 <= index < self._size:
            raise self._range_error()
        return index

    def _range_error(self) -> CalendarRangeError:
        return CalendarRangeError(
            f"Lịch làm việc chỉ có dữ liệu các năm {self._first_year}–{self._last_year}; "
            "không tính được thời hạn ngoài khoảng này."
        )

    def _locate(self, at: dt.datetime) -> tuple[int, int]:
        if at.tzinfo is self._tz:
            local = at
        elif at.tzinfo is None or at.utcoffset() is None:
            raise ValueError("Thời điểm phải kèm múi giờ (ví dụ 2025-01-06T10:00+07:00).")
        else:
            local = at.astimezone(self._tz)
        index = local.toordinal() - self._origin
        if not 0 <= index < self._size:
            raise self._range_error()
        micros = ((local.hour * 60 + local.minute) * 60 + local.second) * _US + local.microsecond
        return index, micros

    def _position(self, at: dt.datetime) -> int:
        return self._position_at(*self._locate(at))

    def _position_at(self, index: int, micros: int) -> int:
        position = self._cum[index]
        for start, end in self._periods_us[index]:
            if micros <= start:
                break
            position += min(micros, end) - start
        return position

    def _split(self, position: int) -> tuple[int, int]:
        """(working day, offset) with 0 <= offset < that day's working time: where counting from `position` starts."""
        index = bisect_right(self._cum, position) - 1
        if index >= self._size:
            raise self._range_error()
        return index, position - self._cum[index]

    def _forward(self, index: int, offset: int) -> int:
        """Time of day (µs) at `offset` working time into day `index`; a period boundary gives the next start."""
        periods = self._periods_us[index]
        for start, end in periods[:-1]:
            if offset < end - start:
                return start + offset
            offset -= end - start
        return periods[-1][0] + offset

    def _backward(self, index: int, offset: int) -> int:
        """Time of day (µs) at `offset` working time into day `index`; a period boundary gives that period's end."""
        periods = self._periods_us[index]
        for start, end in periods[:-1]:
            if offset <= end - start:
                return start + offset
            offset -= end - start
        return periods[-1][0] + offset

    def _target(self, position: int, index: int, offset: int, duration: Duration) -> int:
        """The working position where `duration` counted from `position` (split as day `index`, `offset`) ends."""
        if duration.kind is DurationKind.WORKING_MINUTES:
            return position + duration.amount * 60 * _US
        # Working days: the same offset into the working day n days later, capped by that day's length.
        rank = self._workday_rank[index] + duration.amount
        if rank >= len(self._workdays):
            raise self._range_error()
        target_day = self._workdays[rank]
        length = self._cum[target_day + 1] - self._cum[target_day]
        return self._cum[target_day] + min(offset, length)

    def _instant(self, index: int, micros: int) -> dt.datetime:
        # The constructor is several times faster than adding a timedelta to an aware datetime.
        minutes, rest = divmod(micros, _MINUTE)
        seconds, fraction = divmod(rest, _US) if rest else (0, 0)
        return dt.datetime(*self._ymd[index], *_CLOCK[minutes], seconds, fraction, self._tz)

    def _deadline(
        self,
        start: dt.datetime,
        start_day: int,
        start_micros: int,
        duration: Duration,
        first_day: int,
        first_offset: int,
        target: int,
        paused: dt.timedelta,
    ) -> Deadline:
        counted_micros = self._forward(first_day, first_offset)
        if first_day == start_day and counted_micros == start_micros and start.tzinfo is self._tz:
            counted_from = start  # received in working time: the usual case, no new datetime needed
        else:
            counted_from = self._instant(first_day, counted_micros)
        if target == self._cum[first_day] + first_offset:
            day, due_at = first_day, counted_from
        else:
            # The earliest instant reaching `target`: a target on a day boundary ends at 17:00, not the next 08:00.
            day = bisect_left(self._cum, target) - 1
            if day >= self._size:
                raise self._range_error()
            due_at = self._instant(day, self._backward(day, target - self._cum[day]))
        return Deadline(start, duration, counted_from, due_at, self._notes(start_day, day), paused)

    def _notes(self, first_day: int, last_day: int) -> tuple[SkippedDay, ...]:
        low = bisect_left(self._note_index, first_day)
        high = bisect_right(self._note_index, last_day)
        return self._note_items[low:high]

    def _next_working_day(self, index: int) -> int:
        """The first working day strictly after day `index`."""
        rank = self._workday_rank[index + 1]
        if rank >= len(self._workdays):
            raise self._range_error()
        return self._workdays[rank]

    def _end_of_day(self, start: dt.datetime, duration: Duration, start_day: int, due_day: int) -> Deadline:
        position = self._position(start)
        counted_day, offset = self._split(position)
        counted_from = self._instant(counted_day, self._forward(counted_day, offset))
        due_at = self._instant(due_day, self._day_end[due_day])
        return Deadline(start, duration, counted_from, due_at, self._notes(start_day, due_day))

    def _add_same_day(self, start: dt.datetime, duration: Duration) -> Deadline:
        """Same working day if received by the cut-off of a working day, else the end of the next working day."""
        index, micros = self._locate(start)
        day_end = self._day_end[index]
        if day_end is not None and micros <= day_end and micros <= _to_us(duration.cutoff):
            due_day = index
        else:
            due_day = self._next_working_day(index)
        return self._end_of_day(start, duration, index, due_day)

    def _add_calendar_days(self, start: dt.datetime, duration: Duration) -> Deadline:
        """Civil Code 2015 Arts 147–148: counting starts the day after; the period ends at the end (24:00) of the
        last day, or of the next working day when the last day is a day off."""
        index, _ = self._locate(start)
        last = index + duration.amount
        if last >= self._size:
            raise self._range_error()
        due_day = last if self._day_end[last] is not None else self._next_working_day(last)
        counted_from = self._instant(index, 0) + dt.timedelta(days=1)
        due_at = dt.datetime.combine(dt.date(*self._ymd[due_day]), dt.time.max, tzinfo=self._tz)
        return Deadline(start, duration, counted_from, due_at, self._notes(last, due_day))


def _merged(pauses: Iterable[tuple[dt.datetime, dt.datetime]]) -> list[tuple[dt.datetime, dt.datetime]]:
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for begin, end in sorted(pauses):
        if end < begin:
            raise ValueError("Khoảng tạm dừng phải kết thúc sau khi bắt đầu.")
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((begin, end))
    return merged
