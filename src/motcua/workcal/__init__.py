"""Working calendar and deadline engine (lịch làm việc, thời hạn giải quyết): pure Python, no Django.

See docs/deadlines.md for the semantics.
"""

from motcua.workcal.clock import ClockEvent, ClockEventKind, ClockState, DeadlineClock
from motcua.workcal.days import DayInfo, DayOff, ExtraWorkingDay, SkippedDay, merge_overrides
from motcua.workcal.durations import Duration, DurationKind, DurationParseError, WorkingDayStart
from motcua.workcal.engine import STANDARD_WEEK, CalendarRangeError, Deadline, WorkingCalendar

__all__ = [
    "STANDARD_WEEK",
    "CalendarRangeError",
    "ClockEvent",
    "ClockEventKind",
    "ClockState",
    "DayInfo",
    "DayOff",
    "Deadline",
    "DeadlineClock",
    "Duration",
    "DurationKind",
    "DurationParseError",
    "ExtraWorkingDay",
    "SkippedDay",
    "WorkingCalendar",
    "WorkingDayStart",
    "merge_overrides",
]
