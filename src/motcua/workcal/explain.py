"""Vietnamese wording of durations and deadlines, and the JSON form of a deadline (CLI and API)."""

from __future__ import annotations

import datetime as dt

from motcua.workcal.days import MAKE_UP_WORKING_DAY, WEEKDAY_NAMES
from motcua.workcal.durations import Duration, DurationKind
from motcua.workcal.engine import Deadline


def duration_label(duration: Duration) -> str:
    """E.g. "5 ngày làm việc", "1 giờ 30 phút làm việc", "15 ngày", "trong ngày (tiếp nhận sau 15:00 …)"."""
    if duration.kind is DurationKind.WORKING_DAYS:
        return f"{duration.amount} ngày làm việc"
    if duration.kind is DurationKind.CALENDAR_DAYS:
        return f"{duration.amount} ngày"
    if duration.kind is DurationKind.SAME_DAY:
        return f"trong ngày (tiếp nhận sau {duration.cutoff:%H:%M} thì trả trong ngày làm việc tiếp theo)"
    hours, minutes = divmod(duration.amount, 60)
    parts = [f"{hours} giờ"] * bool(hours) + [f"{minutes} phút"] * bool(minutes or not hours)
    return f"{' '.join(parts)} làm việc"


def date_label(day: dt.date) -> str:
    """E.g. "thứ Hai 05/02/2024"."""
    name = WEEKDAY_NAMES[day.weekday()]
    return f"{name[0].lower()}{name[1:]} {day:%d/%m/%Y}"


def instant_label(at: dt.datetime) -> str:
    """E.g. "10:00 thứ Hai 05/02/2024"."""
    return f"{at:%H:%M} {date_label(at.date())}"


def explain(deadline: Deadline) -> str:
    """A few Vietnamese lines: the limit, when counting started, the due instant, and the days skipped and why."""
    lines = [
        f"Thời hạn: {duration_label(deadline.duration)}",
        f"Tiếp nhận: {instant_label(deadline.start.astimezone(deadline.due_at.tzinfo))}",
        f"Bắt đầu tính: {instant_label(deadline.counted_from)}",
        f"Hạn giải quyết: {instant_label(deadline.due_at)}",
    ]
    if deadline.paused:
        lines.append(f"Cộng thêm thời gian tạm dừng: {duration_label(Duration.working_minutes(_minutes(deadline)))}")
    not_counted = [entry for entry in deadline.skipped if entry.reason != MAKE_UP_WORKING_DAY]
    made_up = [entry for entry in deadline.skipped if entry.reason == MAKE_UP_WORKING_DAY]
    if not_counted:
        lines.append("Không tính các ngày:")
        lines += [f"  - {date_label(entry.day)}: {entry.reason}" for entry in not_counted]
    if made_up:
        lines.append("Có tính các ngày làm bù:")
        lines += [f"  - {date_label(entry.day)}" for entry in made_up]
    return "\n".join(lines)


def _minutes(deadline: Deadline) -> int:
    return round(deadline.paused.total_seconds() / 60)


def as_json(deadline: Deadline) -> dict:
    """`due_at` (ISO 8601 with offset) and `skipped` ([{date, reason}]), plus the inputs for traceability."""
    return {
        "start": deadline.start.isoformat(),
        "duration": str(deadline.duration),
        "counted_from": deadline.counted_from.isoformat(),
        "due_at": deadline.due_at.isoformat(),
        "skipped": [{"date": entry.day.isoformat(), "reason": entry.reason} for entry in deadline.skipped],
        "paused_seconds": int(deadline.paused.total_seconds()),
    }
