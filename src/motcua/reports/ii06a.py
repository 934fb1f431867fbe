"""Form II.06a/VPCP/KSTT (Thông tư 01/2020/TT-VPCP): "Tình hình, kết quả giải quyết thủ tục hành chính".

For a set of agencies and a period of local days, the dossiers counted are those whose competent agency (cơ quan
giải quyết) or receiving agency (cơ quan tiếp nhận) is in the set, or that handed one of them a part of inter-agency
work (PARTICIPATING_AGENCY_COUNTS_THE_DOSSIER), each dossier once. The 13 columns:

  1 TT · 2 field / procedure · 3 received in total (= 4 + 5 + 6) · 4 received online in the period ·
  5 received directly or by post in the period · 6 carried over from the previous period (kỳ trước chuyển sang) ·
  7 decided in the period (= 8 + 9 + 10) · 8 early (trước hạn) · 9 on time (đúng hạn) · 10 late (quá hạn) ·
  11 still pending at the end of the period (= 12 + 13) · 12 within time (trong hạn) · 13 overdue (quá hạn).

Every dossier of column 3 is in exactly one of columns 7 and 11, so 3 = 7 + 11. The conventions are named rules
below, each quoting the footnote it follows (docs/reports.md): `legal_due` (an extension does not move the deadline
the dossier is judged against), `WITHDRAWN_OR_CLOSED_IN_COLUMN_9` (and `ended_without_decision`, which the on-time
rate of the dashboards and the 766 index leave out), `refused_after_appraisal` (the «Trả lại» of column 9, also
left out of the rate), `WAITING_FOR_SUPPLEMENT_WITHIN_TIME` (`waiting_for_supplement`), and `never_received`
(online submissions not yet accepted, dossiers returned or refused at the desk: in no column).

Everything is computed by aggregate SQL — conditional COUNTs grouped by procedure version, one query for each of
the two parts of period_parts — never by looping over dossiers in Python; `dossiers_for` gives the dossiers of any cell.
"""

import datetime
from collections.abc import Collection
from dataclasses import dataclass, fields
from zoneinfo import ZoneInfo

from django.db.models import Case, Count, DateTimeField, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from motcua.catalog.models import Channel, Field, ProcedureVersion
from motcua.core import replica
from motcua.dossiers import interagency
from motcua.dossiers.models import Dossier, DossierEvent, Outcome, State

VN = ZoneInfo("Asia/Ho_Chi_Minh")

# Dossiers that end without a decision; their end is the event that ended them (stop has no resolved_at).
ENDED_WITHOUT_DECISION = (State.STOPPED, State.CLOSED)
END_EVENTS = (DossierEvent.Kind.STOPPED, DossierEvent.Kind.CLOSED)
OPEN_OR_DECIDED, ENDED = "open_or_decided", "ended"  # the two parts of a report, see period_parts
NEVER = datetime.datetime(9999, 12, 31, tzinfo=datetime.UTC)  # "not decided (yet)" in comparisons

WITHDRAWN_OR_CLOSED_IN_COLUMN_9 = True
"""Rule (footnote of column 9, "Đúng hạn"): «Bao gồm cả hồ sơ chờ bổ sung và trả lại/xin rút». A dossier withdrawn
at the applicant's request (dừng giải quyết, Decree 118 Art. 21) or closed because the supplement never came
(Art. 19.5) ends without a decision; the footnote places it in column 9 of the period of its stop or closing
event. It was not decided on time, so the on-time rate (Measures.on_time, the 766 index) leaves it out:
`ended_without_decision`."""

WAITING_FOR_SUPPLEMENT_WITHIN_TIME = True
"""Rule (footnote of column 12, "Trong hạn"): «Bao gồm cả hồ sơ chờ bổ sung và hồ sơ khác». A dossier waiting for a
supplement after appraisal (Decree 118 Art. 19.5) at the end of the period is pending within time, never overdue:
its clock is paused, so `legal_due` is None whatever due date its row still holds (`waiting_for_supplement`). The
same words in the footnote of column 9 cannot also apply to it — it is not decided, and counting it in both 9 and
12 would break 3 = 7 + 11 — so it is counted once, in column 12."""


def waiting_for_supplement() -> Q:
    """The dossiers of WAITING_FOR_SUPPLEMENT_WITHIN_TIME: asked for a supplement after appraisal (Mẫu 02, Decree 118
    Art. 19.5), not supplied yet. Those returned for completion at the desk (Art. 17.1.c) were never received:
    `never_received`."""
    return Q(state=State.SUPPLEMENT_REQUESTED)


def refused_after_appraisal() -> Q:
    """Rule (footnote of column 9, "Đúng hạn"): «Bao gồm cả hồ sơ chờ Bổ sung và Trả lại/Xin rút». A dossier refused
    after appraisal (từ chối giải quyết, Mẫu 03, Decree 118 Art. 19.3: Outcome.REFUSED) is the «Trả lại» of that
    note: it was received, so it stays in columns 3 and 7, and it counts in column 9 of the period of the refusal,
    early, on time or late alike (the note does not time it). Like the withdrawn and closed dossiers, it was placed
    in column 9 by the note and not by its timing, so the on-time rate (Measures.on_time, the 766 score) leaves it
    out of both its parts. Its timing is not lost: the list of returns shows every refusal with its date."""
    return Q(outcome=Outcome.REFUSED)


def never_received() -> Q:
    """Rule (columns 3–6, «Tiếp nhận» / «Số hồ sơ nhận giải quyết»): only a dossier accepted (tiếp nhận, Decree 118
    Art. 17.3: received_at) is counted. An online submission not checked yet, a dossier returned for completion at
    the desk (Mẫu 02 at intake, Art. 17.1.c) and one refused at the desk (Mẫu 03 at intake) were never received:
    they are in no column of the form — not in column 3, nor in the «Trả lại» of column 9 — and appear in the list
    of returns (lists.returns). A dossier returned for completion and accepted later counts from its acceptance."""
    return Q(received_at__isnull=True)


def legal_due() -> Case:
    """Rule (footnote of columns 8–10 and 12–13; Decree 118 Art. 19.6): a dossier is judged against its ORIGINAL legal
    deadline. The apology and new appointment (Mẫu 04) is owed because the agency is late; it does not make the
    dossier on time: "Trước hạn / Đúng hạn / Quá hạn" compare the decision (or the end of the period) with the due
    instant before any extension (Dossier.original_due_at, kept by lifecycle.request_extension), else due_at.

    A paused clock (waiting for a supplement, stopped) has no due instant: None, whatever was extended or is left in
    the row (WAITING_FOR_SUPPLEMENT_WITHIN_TIME). A complete supplement restarts the period from zero (Art. 19.5) and
    drops the extension with its original date."""
    return Case(
        When(waiting_for_supplement() | Q(due_at__isnull=True), then=Value(None, output_field=DateTimeField())),
        When(original_due_at__isnull=False, then=F("original_due_at")),
        default=F("due_at"),
        output_field=DateTimeField(),
    )


def ended_without_decision(period: "Period", part: str | None = None) -> Q:
    """The withdrawn and closed dossiers of column 9 (WITHDRAWN_OR_CLOSED_IN_COLUMN_9): what the on-time rate leaves
    out of both its parts."""
    return cell_conditions(period, part)["withdrawn_or_closed"]


@dataclass(frozen=True)
class Cells:
    """The 11 figures (columns 3–13) of one row of the form."""

    received_total: int = 0
    received_online: int = 0
    received_direct: int = 0
    carried_over: int = 0
    resolved_total: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    pending_total: int = 0
    pending_within: int = 0
    pending_overdue: int = 0

    def __add__(self, other: "Cells") -> "Cells":
        return Cells(**{name: getattr(self, name) + getattr(other, name) for name in CELL_NAMES})

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in CELL_NAMES}

    def broken_invariants(self) -> list[str]:
        """The form's arithmetic rules that do not hold (empty when the row is consistent)."""
        rules = {
            "3 = 4 + 5 + 6": self.received_total == self.received_online + self.received_direct + self.carried_over,
            "7 = 8 + 9 + 10": self.resolved_total == self.resolved_early + self.resolved_on_time + self.resolved_late,
            "11 = 12 + 13": self.pending_total == self.pending_within + self.pending_overdue,
            "3 = 7 + 11": self.received_total == self.resolved_total + self.pending_total,
        }
        return [rule for rule, holds in rules.items() if not holds]


CELL_NAMES = tuple(f.name for f in fields(Cells))
# The printed column number of each cell (columns 1 and 2 are the number and the label).
COLUMN_OF = {name: number for number, name in enumerate(CELL_NAMES, start=3)}


@dataclass(frozen=True)
class Row:
    """One printed row: a field (lĩnh vực) with its subtotal, or a procedure under it."""

    FIELD = "field"
    PROCEDURE = "procedure"

    level: str  # FIELD or PROCEDURE
    number: str  # "I", "II"… for fields, "1", "2"… for procedures
    label: str
    field_id: int
    procedure_id: int | None
    code: str
    cells: Cells


@dataclass(frozen=True)
class II06aReport:
    agency_ids: tuple[int, ...]
    start: datetime.date
    end: datetime.date
    rows: tuple[Row, ...]
    total: Cells

    @property
    def field_rows(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if row.level == Row.FIELD)


@dataclass(frozen=True)
class Period:
    """A period of local days as the instants that bound it, and the instant the pending figures are taken at."""

    start_at: datetime.datetime
    end_at: datetime.datetime  # exclusive: midnight after the last day
    cutoff: datetime.datetime  # the end, or now for a period that has not ended yet

    @classmethod
    def of(cls, start: datetime.date, end: datetime.date, now: datetime.datetime | None = None) -> "Period":
        start_at = datetime.datetime.combine(start, datetime.time(), tzinfo=VN)
        end_at = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(), tzinfo=VN)
        return cls(start_at, end_at, min(end_at, now or timezone.now()))


def _ended_without_decision(after: datetime.datetime) -> Q:
    """Withdrawn or closed at or after `after`: the instant is the stop or closing event (no resolved_at is kept).

    A probe of the partial index on the end events (reports migrations) for the few withdrawn or closed dossiers
    only; the state test comes first so that the others never reach it."""
    ends = DossierEvent.objects.filter(dossier=OuterRef("pk"), kind__in=END_EVENTS, at__gte=after)
    return Q(state__in=ENDED_WITHOUT_DECISION) & Q(Exists(ends))


def _ended_since(moment: datetime.datetime) -> Q:
    """Still pending at `moment`, or ended (decided, withdrawn, closed) at or after it."""
    return Q(decided_or_open__gte=moment) & (~Q(state__in=ENDED_WITHOUT_DECISION) | _ended_without_decision(moment))


PARTICIPATING_AGENCY_COUNTS_THE_DOSSIER = True
"""Rule (liên thông, Decree 118/2025 Art. 20.2; docs/reports.md «Liên thông»): an agency that took part in an
inter-agency dossier — a part was handed to it (motcua.dossiers.interagency) — counts that dossier in its own form,
once however many parts it had, with the dossier's own figures: the form counts dossiers (one code, Art. 28) by when
they were received and decided against their legal due date. Each part's own timeliness is on the control slip."""


def of_agencies(agency_ids: Collection[int]) -> Q:
    """The dossiers of these agencies: those they resolve or received, or in which they took part (each dossier
    once, whichever matches)."""
    ids = list(agency_ids)
    return Q(competent_agency_id__in=ids) | Q(receiving_agency_id__in=ids) | interagency.given_to(ids)


# At most this many dossiers a report's agencies took part in are listed by id; more are tested per row (EXISTS).
HANDED_IDS_MAX = 5000


def of_agencies_in_period(agency_ids: Collection[int], period: Period, *, through: str = "") -> Q:
    """of_agencies for the dossiers of a report over `period` (`through`: the path to the dossier, e.g. "dossier__"
    from its events): the dossiers in which the agencies took part are fetched first, as ids (leaving out those
    decided before the period, which cannot be in it). As an EXISTS test per row the planner cannot combine the
    agencies' own indexes, and one commune's quarter read every dossier of the province's quarter (1.2 million rows
    for 9,000: issue 17, docs/performance.md)."""
    ids = list(agency_ids)
    handed = interagency.dossier_ids_given_to(ids, open_at=period.start_at, at_most=HANDED_IDS_MAX)
    if handed is not None:
        taken_part = Q(**{f"{through}pk__in": handed})
    elif through:
        taken_part = Q(**{f"{through}parts__agency_id__in": ids, f"{through}parts__sent_at__isnull": False})
    else:
        taken_part = interagency.given_to(ids)
    resolving_or_receiving = Q(**{f"{through}competent_agency_id__in": ids}) | Q(
        **{f"{through}receiving_agency_id__in": ids}
    )
    return resolving_or_receiving | taken_part


def _end_events(since: datetime.datetime) -> QuerySet:
    return DossierEvent.objects.filter(kind__in=END_EVENTS, at__gte=since)


def period_parts(period: Period, agency_ids: Collection[int] | None = None) -> dict[str, Q]:
    """The dossiers still pending at the start of the period or ended after it started, in two parts that each have an
    index (reports migrations): those decided since the start or not decided at all — COALESCE(resolved_at, NEVER)
    on partial expression indexes that leave out the withdrawn and closed ones, which would otherwise bring every
    old withdrawal into the scan — and the withdrawn or closed ones whose end event is since the start."""
    start = period.start_at
    ended = _end_events(start).values_list("dossier_id", flat=True)
    if agency_ids is not None:
        # The agencies' ids fetched first (a few per hundred dossiers of the period), so that the dossiers are read
        # by primary key; as a subquery the planner reads every withdrawn dossier since the beginning.
        ended = list(
            ended.filter(of_agencies_in_period(agency_ids, period, through="dossier__"))
            .filter(dossier__state__in=ENDED_WITHOUT_DECISION)  # (agency, state) are the queue indexes' first columns
            .order_by()
        )
    return {
        OPEN_OR_DECIDED: Q(decided_or_open__gte=start) & ~Q(state__in=ENDED_WITHOUT_DECISION),
        ENDED: Q(state__in=ENDED_WITHOUT_DECISION, pk__in=ended),
    }


def annotated_dossiers(agency_ids: Collection[int] | None, period: Period, part: Q | None = None) -> QuerySet:
    """The dossiers of the report (received in the period or carried into it), or one part of them, with the
    instants compared. `agency_ids` None: the dossiers of every agency (the stored monthly facts,
    motcua.reports.facts)."""
    if part is None:
        parts = period_parts(period, agency_ids)
        part = parts[OPEN_OR_DECIDED] | parts[ENDED]
    dossiers = Dossier.objects.annotate(decided_or_open=Coalesce("resolved_at", Value(NEVER)))
    if agency_ids is not None:
        dossiers = dossiers.filter(of_agencies_in_period(agency_ids, period))
    return (
        dossiers.filter(part, received_at__lt=period.end_at)
        .exclude(never_received())  # already out by the filter above (NULL is never before the end); said by name
        .annotate(legal_due=legal_due())
        .annotate(
            resolved_day=TruncDate("resolved_at", tzinfo=VN),
            due_day=TruncDate("legal_due", tzinfo=VN),
        )
    )


def cell_conditions(period: Period, part: str | None = None) -> dict[str, Q]:
    """The condition of each cell over the dossiers of the report (each written positively, NULL-safe), or over one
    part of them, where what cannot happen is left out: part 1 holds no withdrawn or closed dossier, so its counts
    need no look at the events (and PostgreSQL may run them in parallel); part 2 holds nothing but those."""
    received = Q(received_at__gte=period.start_at)
    decided = Q(resolved_at__lt=period.end_at)  # at or after the start: the report holds no earlier decision
    if part == OPEN_OR_DECIDED:
        withdrawn, pending = Q(pk__in=[]), Q(decided_or_open__gte=period.end_at)
    elif part == ENDED:
        ended_after = Q(Exists(_end_events(period.end_at).filter(dossier=OuterRef("pk"))))
        withdrawn, pending = ~ended_after, ended_after
    else:
        withdrawn = Q(state__in=ENDED_WITHOUT_DECISION) & ~_ended_without_decision(period.end_at)
        pending = _ended_since(period.end_at)
    dated = Q(legal_due__isnull=False)
    refused = decided & refused_after_appraisal()  # column 9 by the note, whatever its timing
    timed = decided & ~refused_after_appraisal()
    return {
        "withdrawn_or_closed": withdrawn,
        "refused_after_appraisal": refused,
        # The whole of the on-time rate (Measures.on_time): column 7 without what the note of column 9 places there.
        "timed_decisions": timed,
        "received_total": Q(pk__isnull=False),
        "received_online": received & Q(channel=Channel.ONLINE),
        "received_direct": received & Q(channel__in=[Channel.DIRECT, Channel.POSTAL]),
        "carried_over": Q(received_at__lt=period.start_at),
        "resolved_total": decided | withdrawn,
        "resolved_early": timed & dated & Q(resolved_day__lt=F("due_day")),
        "resolved_on_time": withdrawn
        | refused
        | (timed & Q(legal_due__isnull=True))
        | (timed & Q(resolved_at__lte=F("legal_due"), resolved_day__gte=F("due_day"))),
        "resolved_late": timed & dated & Q(resolved_at__gt=F("legal_due")),
        "pending_total": pending,
        "pending_within": pending & (Q(legal_due__isnull=True) | Q(legal_due__gte=period.cutoff)),
        "pending_overdue": pending & dated & Q(legal_due__lt=period.cutoff),
    }


def dossiers_for(
    cell_name: str,
    agency_ids: Collection[int],
    start: datetime.date,
    end: datetime.date,
    procedure_id: int | None = None,
    *,
    field_id: int | None = None,
    now: datetime.datetime | None = None,
) -> QuerySet:
    """The dossiers counted in one cell (of a procedure's row, a field's row, or the total). KeyError if unknown."""
    period = Period.of(start, end, now)
    condition = cell_conditions(period)[cell_name]
    dossiers = annotated_dossiers(agency_ids, period).filter(condition)
    if procedure_id is not None:
        dossiers = dossiers.filter(version__procedure_id=procedure_id)
    if field_id is not None:
        dossiers = dossiers.filter(version__field_id=field_id)
    return dossiers


def _roman(number: int) -> str:
    numerals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"))
    numerals += ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    text = ""
    for value, letters in numerals:
        count, number = divmod(number, value)
        text += letters * count
    return text


def _procedure_labels(procedure_ids: Collection[int]) -> dict[int, tuple[str, str]]:
    """Code and name of each procedure, the name taken from its newest version."""
    labels: dict[int, tuple[str, str]] = {}
    versions = ProcedureVersion.objects.filter(procedure_id__in=list(procedure_ids)).order_by("procedure_id", "-number")
    for procedure_id, code, name in versions.values_list("procedure_id", "procedure__code", "name"):
        labels.setdefault(procedure_id, (code, name))
    return labels


def aggregate_queries(agency_ids: Collection[int], period: Period) -> list[QuerySet]:
    """Every cell counted per procedure version, in two aggregate queries (one per part of period_parts, each on its
    index) grouped on the dossier's own column: the database hashes a few hundred groups without a join; versions
    are placed in fields and procedures afterwards."""
    queries = []
    for name, part in period_parts(period, agency_ids).items():
        conditions = cell_conditions(period, name)
        counts = {cell: Count("pk", filter=conditions[cell]) for cell in CELL_NAMES}
        queries.append(annotated_dossiers(agency_ids, period, part).order_by().values("version_id").annotate(**counts))
    return queries


def build(
    agency_ids: Collection[int], start: datetime.date, end: datetime.date, *, now: datetime.datetime | None = None
) -> II06aReport:
    """Form II.06a for these agencies over the local days start..end (inclusive), in one aggregate query."""
    period = Period.of(start, end, now)
    with replica.reading(Dossier) as read:
        if read.vendor == "postgresql":
            # The estimate of this many conditional counts crosses jit_above_cost, and compiling the expressions
            # takes seconds, far longer than the query itself (measured at 1,000,000 dossiers).
            with read.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        grouped = [group for query in aggregate_queries(agency_ids, period) for group in query]
    versions = ProcedureVersion.objects.filter(pk__in=[g["version_id"] for g in grouped])
    placed = dict(versions.values_list("pk", "field_id"))
    procedure_of = dict(versions.values_list("pk", "procedure_id"))
    field_names = dict(Field.objects.filter(pk__in=set(placed.values())).values_list("pk", "name"))
    labels = _procedure_labels(set(procedure_of.values()))
    # Versions of one procedure in one field make one row (a Python sum over a few hundred groups, not dossiers).
    summed: dict[tuple[int, int], Cells] = {}  # a version may come from both parts
    for group in grouped:
        key = (placed[group["version_id"]], procedure_of[group["version_id"]])
        summed[key] = summed.get(key, Cells()) + Cells(**{name: group[name] for name in CELL_NAMES})
    by_field: dict[int, list[tuple[int, Cells]]] = {}
    for (field_id, procedure_id), cells in summed.items():
        by_field.setdefault(field_id, []).append((procedure_id, cells))
    rows: list[Row] = []
    total = Cells()
    for field_number, field_id in enumerate(sorted(by_field, key=lambda pk: field_names[pk]), start=1):
        procedures = sorted(by_field[field_id], key=lambda item: labels[item[0]])
        subtotal = sum((cells for _, cells in procedures), Cells())
        total += subtotal
        rows.append(Row(Row.FIELD, _roman(field_number), field_names[field_id], field_id, None, "", subtotal))
        for number, (procedure_id, cells) in enumerate(procedures, start=1):
            code, name = labels[procedure_id]
            rows.append(Row(Row.PROCEDURE, str(number), name, field_id, procedure_id, code, cells))
    return II06aReport(tuple(sorted(set(agency_ids))), start, end, tuple(rows), total)
