"""Lunar dates for display only (âm lịch Việt Nam, via `vnlunar`; not `lunardate`, which follows China's calendar).

The deadline engine never needs this: holidays come from the `holidays` package and the override table.
"""

from __future__ import annotations

import datetime as dt

import vnlunar

_MONTH_NAMES = {1: "Giêng", 12: "Chạp"}


def lunar_date(day: dt.date) -> tuple[int, int, int, bool]:
    """(day, month, lunar year, leap month?) of a solar date."""
    lunar = vnlunar.get_lunar_date(day.day, day.month, day.year)
    return lunar["day"], lunar["month"], lunar["year"], bool(lunar["leap"])


def lunar_label(day: dt.date) -> str:
    """E.g. "mùng 1 tháng Giêng năm Giáp Thìn", "10 tháng 3 năm Bính Ngọ"."""
    lunar_day, month, year, leap = lunar_date(day)
    day_text = f"mùng {lunar_day}" if lunar_day <= 10 else str(lunar_day)
    month_text = _MONTH_NAMES.get(month, str(month)) + (" nhuận" if leap else "")
    return f"{day_text} tháng {month_text} năm {vnlunar.get_year_can_chi(year)}"
