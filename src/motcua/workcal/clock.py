"""A deadline clock (đồng hồ thời hạn) the dossier module stores and replays.

It is a duration plus a time-ordered log of events: start, pause (tạm dừng, e.g. a stop request), resume, and
restart (the period starts again from zero, ND 118/2025 Art. 19.5: complete supplement received after an
appraisal-time request). The due instant is always recomputed from the log with a calendar, so a calendar
change only needs a replay.

The clock also keeps the reading of "N ngày làm việc" it was started under (`counting`, WorkingDayStart): the
province setting is copied in at acceptance, so changing the setting later never moves a deadline already given.
A stored clock without it predates the setting and was given INSTANT deadlines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from motcua.workcal.durations import Duration, WorkingDayStart
from motcua.workcal.engine import Deadline, WorkingCalendar


class ClockEventKind(StrEnum):
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    RESTART = "restart"


class ClockState(StrEnum):
    NOT_STARTED = "not_started"
    RUNNING = "running"
    PAUSED = "paused"


class ClockEvent(NamedTuple):
    kind: ClockEventKind
    at: dt.datetime
    note: str = ""


# Which events may follow in each state, and the state they lead to.
_TRANSITIONS = {
    (ClockState.NOT_STARTED, ClockEventKind.START): ClockState.RUNNING,
    (ClockState.RUNNING, ClockEventKind.PAUSE): ClockState.PAUSED,
    (ClockState.PAUSED, ClockEventKind.RESUME): ClockState.RUNNING,
    (ClockState.RUNNING, ClockEventKind.RESTART): ClockState.RUNNING,
    (ClockState.PAUSED, ClockEventKind.RESTART): ClockState.RUNNING,
}
_STATE_NAMES = {
    ClockState.NOT_STARTED: "chưa bắt đầu",
    ClockState.RUNNING: "đang chạy",
    ClockState.PAUSED: "đang tạm dừng",
}
_EVENT_NAMES = {
    ClockEventKind.START: "bắt đầu",
    ClockEventKind.PAUSE: "tạm dừng",
    ClockEventKind.RESUME: "tiếp tục",
    ClockEventKind.RESTART: "tính lại từ đầu",
}


@dataclass(frozen=True, slots=True)
class DeadlineClock:
    """Immutable: each event returns a new clock. Invalid sequences raise ValueError with a Vietnamese message."""

    duration: Duration
    events: tuple[ClockEvent, ...] = ()
    counting: WorkingDayStart = WorkingDayStart.INSTANT

    def __post_init__(self):
        state, previous = ClockState.NOT_STARTED, None
        for event in self.events:
            if event.at.tzinfo is None or event.at.utcoffset() is None:
                raise ValueError("Thời điểm của sự kiện phải kèm múi giờ.")
            if previous is not None and event.at < previous:
                raise ValueError("Các sự kiện của đồng hồ thời hạn phải theo thứ tự thời gian.")
            next_state = _TRANSITIONS.get((state, event.kind))
            if next_state is None:
                raise ValueError(f"Không thể «{_EVENT_NAMES[event.kind]}» khi đồng hồ {_STATE_NAMES[state]}.")
            state, previous = next_state, event.at

    @classmethod
    def started(
        cls,
        duration: Duration,
        at: dt.datetime,
        note: str = "",
        counting: WorkingDayStart = WorkingDayStart.INSTANT,
    ) -> DeadlineClock:
        """A running clock; pass `counting=calendar.working_day_start` to apply the province's reading."""
        return cls(duration, (ClockEvent(ClockEventKind.START, at, note),), WorkingDayStart(counting))

    def _with(self, kind: ClockEventKind, at: dt.datetime, note: str) -> DeadlineClock:
        return DeadlineClock(self.duration, (*self.events, ClockEvent(kind, at, note)), self.counting)

    def pause(self, at: dt.datetime, note: str = "") -> DeadlineClock:
        return self._with(ClockEventKind.PAUSE, at, note)

    def resume(self, at: dt.datetime, note: str = "") -> DeadlineClock:
        return self._with(ClockEventKind.RESUME, at, note)

    def restart(self, at: dt.datetime, note: str = "") -> DeadlineClock:
        return self._with(ClockEventKind.RESTART, at, note)

    @property
    def state(self) -> ClockState:
        state = ClockState.NOT_STARTED
        for event in self.events:
            state = _TRANSITIONS[(state, event.kind)]
        return state

    def _current_period(self) -> tuple[dt.datetime, list[tuple[dt.datetime, dt.datetime]], dt.datetime | None]:
        """(start of the current period, closed pauses since then, start of an open pause or None)."""
        if not self.events:
            raise ValueError("Đồng hồ thời hạn chưa bắt đầu.")
        start, pauses, open_pause = self.events[0].at, [], None
        for event in self.events:
            if event.kind in (ClockEventKind.START, ClockEventKind.RESTART):
                start, pauses, open_pause = event.at, [], None
            elif event.kind is ClockEventKind.PAUSE:
                open_pause = event.at
            else:
                pauses.append((open_pause, event.at))
                open_pause = None
        return start, pauses, open_pause

    def deadline(self, calendar: WorkingCalendar) -> Deadline | None:
        """The deadline of the current period, or None while paused (a stopped clock has no due instant)."""
        start, pauses, open_pause = self._current_period()
        if open_pause is not None:
            return None
        if not pauses:
            return calendar.add(start, self.duration, counting=self.counting)
        return calendar.deadline_with_pauses(start, self.duration, pauses, counting=self.counting)

    def remaining(self, calendar: WorkingCalendar, at: dt.datetime) -> dt.timedelta:
        """Working time left at `at` (negative once overdue); frozen while paused."""
        start, pauses, open_pause = self._current_period()
        if open_pause is not None:
            pauses.append((open_pause, max(at, open_pause)))
        deadline = calendar.deadline_with_pauses(start, self.duration, pauses, counting=self.counting)
        return calendar.between(at, deadline.due_at)

    def to_data(self) -> dict:
        """JSON-ready form for storage."""
        return {
            "duration": str(self.duration),
            "events": [{"kind": str(e.kind), "at": e.at.isoformat(), "note": e.note} for e in self.events],
            "counting": str(self.counting),
        }

    @classmethod
    def from_data(cls, data: dict) -> DeadlineClock:
        events = tuple(
            ClockEvent(ClockEventKind(e["kind"]), dt.datetime.fromisoformat(e["at"]), e.get("note", ""))
            for e in data["events"]
        )
        counting = WorkingDayStart(data.get("counting", WorkingDayStart.INSTANT))
        return cls(Duration.parse(data["duration"]), events, counting)
