"""Legal time limits (thời hạn) as values, and their text form used by the CLI and procedure data.

Text forms: "5 working_days", "8 working_hours", "90 working_minutes", "15 days", "same_day_cutoff 15:00";
the Vietnamese wording of procedure sheets is accepted too: "5 ngày làm việc", "8 giờ làm việc", "15 ngày".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

DEFAULT_CUTOFF = dt.time(15, 0)  # ND 118/2025 Art. 18.2: paper dossiers received after 15:00.


class DurationKind(StrEnum):
    WORKING_DAYS = "working_days"
    WORKING_MINUTES = "working_minutes"
    CALENDAR_DAYS = "days"
    SAME_DAY = "same_day_cutoff"


class WorkingDayStart(StrEnum):
    """Where a period of N working days (N ngày làm việc) starts counting; docs/deadlines.md "Start of a period".

    INSTANT (the legal default): from the acceptance instant printed on the Giấy tiếp nhận (ND 118/2025 Art. 17.3,
    "thời hạn giải quyết được tính từ thời điểm tiếp nhận"), so N working days = N × 8 working hours on the standard
    week. NEXT_DAY: Civil Code 2015 Art. 147.1 applied to working days, the day of receipt is not counted and the
    period runs from the start of the next working day to the end of the N-th working day. Working hours and
    calendar days are not affected.
    """

    INSTANT = "instant"
    NEXT_DAY = "next_day"


class DurationParseError(ValueError):
    """The text is not a time limit we understand."""


_UNITS = {
    "working_day": DurationKind.WORKING_DAYS,
    "working_days": DurationKind.WORKING_DAYS,
    "ngày làm việc": DurationKind.WORKING_DAYS,
    "working_hour": DurationKind.WORKING_MINUTES,
    "working_hours": DurationKind.WORKING_MINUTES,
    "giờ làm việc": DurationKind.WORKING_MINUTES,
    "working_minute": DurationKind.WORKING_MINUTES,
    "working_minutes": DurationKind.WORKING_MINUTES,
    "phút làm việc": DurationKind.WORKING_MINUTES,
    "day": DurationKind.CALENDAR_DAYS,
    "days": DurationKind.CALENDAR_DAYS,
    "ngày": DurationKind.CALENDAR_DAYS,
}
_MINUTES_PER_UNIT = {"working_minute": 1, "working_minutes": 1, "phút làm việc": 1}
_AMOUNT_RE = re.compile(r"^(\d+(?:[.,]\d+)?)\s+(\S.*?)$")
_CUTOFF_RE = re.compile(r"^(?:same_day_cutoff|same_day)(?:\s+(\d{1,2}):(\d{2}))?$")
_HELP = "dùng «N working_days», «N working_hours», «N working_minutes», «N days» hoặc «same_day_cutoff HH:MM»"


@dataclass(frozen=True, slots=True)
class Duration:
    """A time limit: `amount` is days for day kinds, minutes for working time, 0 for same-day."""

    kind: DurationKind
    amount: int = 0
    cutoff: dt.time | None = None

    def __post_init__(self):
        if self.amount < 0:
            raise ValueError(f"Thời hạn không được âm: {self.amount}.")
        if (self.kind is DurationKind.SAME_DAY) != (self.cutoff is not None):
            raise ValueError("Chỉ thời hạn «trong ngày» mới có giờ chốt tiếp nhận.")

    @classmethod
    def working_days(cls, n: int) -> Duration:
        return cls(DurationKind.WORKING_DAYS, n)

    @classmethod
    def working_hours(cls, hours: int, minutes: int = 0) -> Duration:
        return cls(DurationKind.WORKING_MINUTES, hours * 60 + minutes)

    @classmethod
    def working_minutes(cls, minutes: int) -> Duration:
        return cls(DurationKind.WORKING_MINUTES, minutes)

    @classmethod
    def calendar_days(cls, n: int) -> Duration:
        return cls(DurationKind.CALENDAR_DAYS, n)

    @classmethod
    def same_day(cls, cutoff: dt.time = DEFAULT_CUTOFF) -> Duration:
        return cls(DurationKind.SAME_DAY, 0, cutoff)

    @property
    def counts_working_time(self) -> bool:
        """True for working days and working hours: the kinds a pause (tạm dừng) can stop."""
        return self.kind in (DurationKind.WORKING_DAYS, DurationKind.WORKING_MINUTES)

    @property
    def working_time(self) -> dt.timedelta:
        """The working time of a working-hours limit (what `between` measures)."""
        if self.kind is not DurationKind.WORKING_MINUTES:
            raise ValueError("Chỉ thời hạn tính bằng giờ làm việc mới đổi được ra thời lượng.")
        return dt.timedelta(minutes=self.amount)

    @classmethod
    def parse(cls, text: str) -> Duration:
        cleaned = " ".join(text.strip().lower().split())
        if match := _CUTOFF_RE.match(cleaned):
            hour, minute = match.groups()
            if hour is None:
                return cls.same_day()
            try:
                return cls.same_day(dt.time(int(hour), int(minute)))
            except ValueError:
                raise DurationParseError(f"Giờ chốt không hợp lệ trong «{text}».") from None
        match = _AMOUNT_RE.match(cleaned)
        if not match or match.group(2) not in _UNITS:
            raise DurationParseError(f"Không hiểu thời hạn «{text}»: {_HELP}.")
        number, unit = match.groups()
        try:
            amount = Decimal(number.replace(",", "."))
        except InvalidOperation:
            raise DurationParseError(f"Không hiểu số trong thời hạn «{text}».") from None
        kind = _UNITS[unit]
        if kind is DurationKind.WORKING_MINUTES:
            amount *= _MINUTES_PER_UNIT.get(unit, 60)
        if amount != amount.to_integral_value():
            raise DurationParseError(f"Thời hạn «{text}» phải là số nguyên ngày hoặc số nguyên phút.")
        return cls(kind, int(amount))

    def __str__(self) -> str:
        if self.kind is DurationKind.SAME_DAY:
            return f"same_day_cutoff {self.cutoff:%H:%M}"
        if self.kind is DurationKind.WORKING_MINUTES and self.amount % 60 == 0:
            return f"{self.amount // 60} working_hours"
        return f"{self.amount} {self.kind.value}"
