"""Thời hạn giải quyết read from the published legal text, for methods the portal gives no structured time.

The national portal's "Thời gian" column is structured for most methods ("5 Ngày làm việc"), but for a quarter of
the commune catalog it shows only a bare number ("1", "5": mostly Hộ tịch), "Không có thông tin", "0" or "1 Giờ".
A method without a structured time cannot be filed: the deadline engine has nothing to count. This module derives
one from what the procedure's own text says, in this order (the rules, with examples, are in docs/catalog.md):

1. the portal's unit ("Ngày làm việc", "Ngày", "Giờ": hours are counted as working hours, the only hours the
   engine has);
2. a bare number: "1" is *same day* (trong ngày, results the next working day when received after 15:00) when the
   procedure is Hộ tịch or its steps state that rule (PROCEDURES_README: the Hộ tịch time column shows a number
   without unit, the real rule being the same-day rule); any other number N is N working days, the unit in which
   these procedures' laws count (e.g. Luật Hộ tịch, Điều 25: nhận cha, mẹ, con, 3 ngày làm việc);
3. the method's description ("05 ngày làm việc kể từ ngày nhận được hồ sơ đầy đủ"), read by `parse_phrase`;
4. the steps (trình tự): the same-day rule, else the longest "trong thời hạn N … kể từ ngày nhận … hồ sơ" that is
   not about a supplement, a verification, a complaint or a refusal;
5. nothing at all: the dossier is answered on the day it is received (trả kết quả ngay, Nghị định 118/2025
   Điều 17.4) with the 15:00 cut-off of Điều 18.2 — see docs/catalog.md for why.

`time_text` stays as published; only the structured time is added. `DerivedTime.basis` says, in Vietnamese, which
rule gave the time (shown to staff on the version page and in the import report).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from motcua.workcal.durations import Duration, DurationKind

from .text import fold

CUTOFF = "15:00"
# "02 (hai) ngày làm việc", "01 ngày", "8 giờ làm việc", "1 giờ".
_AMOUNT = r"0*(\d+)\s*(?:\([^)]{1,20}\)\s*)?(ngày làm việc|ngày|giờ làm việc|giờ)(?![a-zà-ỹ])"
AMOUNT_RE = re.compile(_AMOUNT)
# "ngay trong ngày", "trong ngày làm việc", "trong ngày tiếp nhận", "giải quyết ngay", "trả kết quả ngay".
SAME_DAY_RE = re.compile(
    r"ngay trong ngày|trong ngày(?! *\d)(?: làm việc| tiếp nhận| cơ quan)?|giải quyết ngay|trả (?:kết quả )?ngay"
    r"|tiếp nhận ngay|ngay sau khi (?:tiếp )?nhận"
)
# The steps of a same-day procedure: "(tiếp nhận hồ sơ) sau 15 giờ thì/mà … trong ngày làm việc tiếp theo".
STEPS_SAME_DAY_RE = re.compile(r"sau 15 gio (?:thi|ma)[^.;]*trong ngay lam viec tiep theo")
CONDITION_RE = re.compile(r"trường h[ợo]p|(?:^|\s)nếu\s")
CASE_START_RE = re.compile(r"(?:đối với |trong )?(?:các )?trường h[ợo]p|nếu\s")
GENERAL_RE = re.compile(r"trường h[ợo]p (?:khác|còn lại)")
# A stage: "<what is done>: <time>", e.g. "Thẩm định hồ sơ và trình Chủ tịch…: 33 ngày làm việc".
STAGE_RE = re.compile(r"^[^:]{3,}:\s*(?:trong\s+|không quá\s+)?" + _AMOUNT)
LABEL_RE = re.compile(r"^\s*(?:[-+•*]+|\(?[a-zđ]\d?\)|\(?[ivx]+\))\s*")
STEPS_LIMIT_RE = re.compile(
    r"(?:trong thời hạn|trong vòng|không quá)\s+(?:không quá\s+)?" + _AMOUNT + r",?\s+(?:tính\s+)?kể từ\s+"
    r"(?:ngày|khi|thời điểm)\s+(?:cơ quan[^,]*?\s)?(?:tiếp nhận|nhận)"
)
# Clauses of the steps that give another time than the resolution's.
OTHER_TIME_RE = re.compile(r"bổ sung|hoàn thiện|xác minh|khiếu nại|không đủ điều kiện|từ chối|niêm yết|thông báo cho")


@dataclass(frozen=True)
class DerivedTime:
    """A structured time and the rule that gave it (căn cứ xác định thời hạn)."""

    duration: Duration
    basis: str

    def as_record(self) -> dict:
        """The time as the interchange format's {amount, unit, cutoff}."""
        return duration_record(self.duration)


def duration_record(duration: Duration) -> dict:
    if duration.kind is DurationKind.SAME_DAY:
        return {"amount": None, "unit": "same_day", "cutoff": f"{duration.cutoff:%H:%M}"}
    if duration.kind is DurationKind.WORKING_MINUTES:
        hours = duration.amount / 60
        return {"amount": int(hours) if hours.is_integer() else hours, "unit": "working_hours", "cutoff": None}
    unit = "working_days" if duration.kind is DurationKind.WORKING_DAYS else "days"
    return {"amount": duration.amount, "unit": unit, "cutoff": None}


def _amount(number: str, unit: str) -> Duration | None:
    amount = int(number)
    if amount <= 0:
        return None
    if unit == "ngày làm việc":
        return Duration.working_days(amount)
    if unit == "ngày":
        return Duration.calendar_days(amount)
    return Duration.working_hours(amount)  # "giờ": the engine counts hours only as working hours


def _same_kind_sum(durations: list[Duration]) -> Duration | None:
    if len({d.kind for d in durations}) != 1:
        return None
    return Duration(durations[0].kind, sum(d.amount for d in durations))


def clauses(text: str) -> list[str]:
    """Lower-cased clauses: lines, then ";" and sentence ends; a leading bullet or "a)" label is kept."""
    return [clause for clause, _conditional in _clauses(text)]


def _clauses(text: str) -> list[tuple[str, bool]]:
    """Clauses with whether each belongs to a special case. A clause without a bullet or label continues the
    clause before it on the same line, so "a) Đối với trường hợp X; Y: 05 ngày" is a special case as a whole."""
    found = []
    for line in text.lower().splitlines():
        conditional = False
        for part in re.split(r";|\.\s+(?=[^\d])|\s+(?=-\s)", line):
            part = part.strip()
            if not part.strip(" .-+"):
                continue
            # A bullet, a label or a new "trường hợp"/"nếu" starts a new item; any other clause continues one.
            starts_item = LABEL_RE.match(part) is not None or CASE_START_RE.match(part) is not None
            conditional = is_conditional(part) or (conditional and not starts_item)
            found.append((part, conditional))
    return found


def phrase_time(clause: str) -> Duration | None:
    """The first time phrase of one clause: an amount with its unit, or a same-day phrase."""
    match = AMOUNT_RE.search(clause)
    same_day = SAME_DAY_RE.search(clause)
    if same_day and (match is None or same_day.start() < match.start()):
        return Duration.same_day()
    return _amount(*match.groups()) if match else None


def is_conditional(clause: str) -> bool:
    """A clause that states a special case ("Trường hợp cần xác minh…", "nếu…", "đối với trường hợp…");
    "các trường hợp khác" / "còn lại" is the general case."""
    clause = LABEL_RE.sub("", clause)
    return bool(CONDITION_RE.search(clause)) and not GENERAL_RE.search(clause)


def parse_phrase(text: str | None) -> Duration | None:
    """The processing time stated by a legal text, or None when it states none.

    - Stages written "<stage>: <time>" (two or more, not special cases, same unit) add up: they run one after
      another ("Thông báo…: 02 ngày làm việc; Thẩm định…: 33 ngày làm việc" → 35 ngày làm việc).
    - Otherwise the general case: the first clause with a time that is not a special case ("Trường hợp…", "nếu…").
    - Otherwise (only special cases are written) the first case given.
    """
    parts = _clauses(text or "")
    stages = []
    for clause, conditional in parts:
        match = STAGE_RE.match(LABEL_RE.sub("", clause))
        if match and not conditional:
            duration = _amount(*match.groups())
            if duration:
                stages.append(duration)
    if len(stages) >= 2 and (total := _same_kind_sum(stages)):
        return total
    timed = [(conditional, phrase_time(clause)) for clause, conditional in parts]
    timed = [(conditional, duration) for conditional, duration in timed if duration is not None]
    for conditional, duration in timed:
        if not conditional:
            return duration
    return timed[0][1] if timed else None


def steps_time(steps: str | None) -> Duration | None:
    """The resolution time stated in the steps: the longest "trong thời hạn N … kể từ ngày nhận … hồ sơ"."""
    found = []
    for clause in clauses(steps or ""):
        if OTHER_TIME_RE.search(clause):
            continue
        for match in STEPS_LIMIT_RE.finditer(clause):
            duration = _amount(*match.groups())
            if duration:
                found.append(duration)
    if not found:
        return None
    kinds = {d.kind for d in found}
    if len(kinds) > 1:  # working days win over calendar days: the law's unit for a resolution period
        found = [d for d in found if d.kind is DurationKind.WORKING_DAYS] or found
    return max(found, key=lambda d: d.amount)


def states_same_day(procedure: dict) -> bool:
    """The steps or notes say: received after 15:00 → result in the next working day."""
    return bool(STEPS_SAME_DAY_RE.search(fold(f"{procedure.get('steps_text') or ''} {procedure.get('notes') or ''}")))


def derive(procedure: dict, method: dict) -> DerivedTime:
    """The structured time of one method of a portal-shape procedure record (never None; see the module doc)."""
    time = method.get("time") or {}
    amount, unit = time.get("amount"), time.get("unit")
    shown = (method.get("time_text") or "").strip()
    if unit == "working_days" and amount:
        return DerivedTime(Duration.working_days(int(amount)), "Như công bố")
    if unit == "days" and amount:
        return DerivedTime(Duration.calendar_days(int(amount)), "Như công bố")
    if unit == "working_hours" and amount:
        return DerivedTime(Duration.working_minutes(round(amount * 60)), "Như công bố")
    if unit == "hours" and amount:
        return DerivedTime(
            Duration.working_minutes(round(amount * 60)), f"«{shown}» trên Cổng được tính là giờ làm việc"
        )
    same_day_stated = states_same_day(procedure)
    if unit is None and amount:
        if amount == 1 and (procedure.get("field") == "Hộ tịch" or same_day_stated):
            return DerivedTime(
                Duration.same_day(),
                "Số «1» không kèm đơn vị: giải quyết trong ngày, nhận sau 15 giờ trả trong ngày làm việc tiếp theo",
            )
        return DerivedTime(
            Duration.working_days(int(amount)), f"Số «{shown}» không kèm đơn vị được tính là ngày làm việc"
        )
    if duration := parse_phrase(method.get("description")):
        return DerivedTime(duration, "Theo mô tả của cách thức thực hiện")
    if same_day_stated:
        return DerivedTime(Duration.same_day(), "Theo trình tự thực hiện: trong ngày, nhận sau 15 giờ trả hôm sau")
    if duration := steps_time(procedure.get("steps_text")):
        return DerivedTime(duration, "Theo trình tự thực hiện")
    return DerivedTime(
        Duration.same_day(),
        "Văn bản không quy định thời hạn: trả kết quả trong ngày (Nghị định 118/2025/NĐ-CP, Điều 17.4, 18.2)",
    )
