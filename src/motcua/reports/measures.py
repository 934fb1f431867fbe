"""The counts behind the dashboards (bảng điều hành) and the Decision 766 index, grouped by month, agency or field.

The dossier counts reuse form II.06a's own rules (motcua.reports.ii06a: which dossiers an agency set counts,
when a dossier was received or ended, early / on time / late), so a dashboard figure and the form agree:
- the received family (online, direct or postal; with fees; paid online; digitised at intake) is the dossiers
  of columns 4 and 5, grouped by the local month of `received_at`;
- the decided family (early, on time, late; granted; with an electronic result) is the dossiers of columns 8–10,
  grouped by the local month of the moment they ended (the decision, or the stop or closing event);
- pending overdue is column 13, taken at the end of the period (it is a snapshot, so not grouped by month);
- ratings (motcua.feedback) are grouped by the month they were given and the competent agency they name.

Grouped by agency, a dossier goes to its competent agency when that agency is in the set, else to its receiving
agency: each dossier once, with the agency answerable for its timeliness. The dossier counts are the grouped rows
of motcua.reports.flows (form II.06a's two aggregate queries with conditional counts): read from the stored monthly
facts for the complete past months (motcua.reports.facts), counted live for the rest; nothing loops over dossiers
in Python.
"""

import datetime
from collections.abc import Collection
from dataclasses import dataclass, fields
from enum import StrEnum

from django.db.models import Count, F, Q

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers import interagency
from motcua.feedback.models import DossierRating
from motcua.reports import facts, flows, ii06a

VN = ii06a.VN
SATISFIED_FROM = 4  # overall 4 ("hài lòng") and 5 ("rất hài lòng")


class By(StrEnum):
    TOTAL = "total"
    MONTH = "month"
    AGENCY = "agency"
    FIELD = "field"


@dataclass(frozen=True)
class Ratio:
    """`part` of `whole`; the percentage is None when there is nothing to measure."""

    part: int = 0
    whole: int = 0

    @property
    def percent(self) -> float | None:
        return 100 * self.part / self.whole if self.whole else None


@dataclass(frozen=True)
class Measures:
    received_online: int = 0
    received_direct: int = 0
    with_fees: int = 0
    paid_online: int = 0
    digitised: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    granted: int = 0
    electronic_results: int = 0
    withdrawn_or_closed: int = 0  # part of resolved_on_time (column 9), left out of the on-time rate
    refused_after_appraisal: int = 0  # the «Trả lại» of column 9, likewise
    pending_overdue: int = 0
    ratings: int = 0
    satisfied: int = 0

    def __add__(self, other: "Measures") -> "Measures":
        return Measures(**{name: getattr(self, name) + getattr(other, name) for name in MEASURE_NAMES})

    @property
    def received(self) -> int:
        return self.received_online + self.received_direct

    @property
    def resolved(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def on_time(self) -> Ratio:
        """Tỷ lệ giải quyết trước hạn và đúng hạn: of the dossiers decided in the period, the share decided early or
        on time. The dossiers that form II.06a puts in column 9 by the note «Bao gồm cả hồ sơ … Trả lại/Xin rút»
        rather than by their timing are neither "on time" nor part of the whole: the withdrawn and closed ones
        (ii06a.WITHDRAWN_OR_CLOSED_IN_COLUMN_9), which were not decided at all, and those refused after appraisal
        (ii06a.refused_after_appraisal)."""
        placed = self.withdrawn_or_closed + self.refused_after_appraisal
        return Ratio(self.resolved_early + self.resolved_on_time - placed, self.resolved - placed)

    @property
    def online(self) -> Ratio:
        return Ratio(self.received_online, self.received)

    @property
    def payments(self) -> Ratio:
        return Ratio(self.paid_online, self.with_fees)

    @property
    def satisfaction(self) -> Ratio:
        return Ratio(self.satisfied, self.ratings)

    @property
    def digitisation(self) -> Ratio:
        return Ratio(self.digitised, self.received)

    @property
    def electronic(self) -> Ratio:
        return Ratio(self.electronic_results, self.granted)


MEASURE_NAMES = tuple(f.name for f in fields(Measures))
POSITION = {name: number for number, name in enumerate(MEASURE_NAMES)}


RECEIVED, DECIDED, SNAPSHOT = flows.RECEIVED, flows.DECIDED, flows.SNAPSHOT
RATED = ("ratings", "satisfied")


def _ratings(agency_ids: list[int], period: ii06a.Period) -> list[dict]:
    ratings = DossierRating.objects.filter(
        agency_id__in=agency_ids, rated_at__gte=period.start_at, rated_at__lt=period.end_at
    )
    return list(
        ratings.annotate(g_month=flows.month_of("rated_at"), g_field=F("dossier__version__field_id"))
        .order_by()
        .values("g_month", "agency_id", "g_field")
        .annotate(ratings=Count("pk"), satisfied=Count("pk", filter=Q(overall__gte=SATISFIED_FROM)))
    )


@dataclass(frozen=True)
class Grain:
    """The measures of one (month, agency, field): the finest grouping, from which every other one is summed.
    `month` is None for the end-of-period snapshot (pending overdue)."""

    month: datetime.date | None
    agency_id: int
    field_id: int
    measures: Measures


def live_ranges(
    start: datetime.date, end: datetime.date, stored: list[datetime.date]
) -> list[tuple[datetime.date, datetime.date]]:
    """The parts of the local days start..end that the stored months (consecutive first days) leave to be counted
    live: the partial month before them, and the days after them (the months not storable yet) — or the whole
    period when nothing is stored."""
    if not stored:
        return [(start, end)]
    one_day = datetime.timedelta(days=1)
    ranges = [(start, stored[0] - one_day)] if start < stored[0] else []
    after = facts.next_month(stored[-1])
    return ranges + ([(after, end)] if after <= end else [])


def collect(
    agency_ids: Collection[int],
    start: datetime.date,
    end: datetime.date,
    *,
    now: datetime.datetime | None = None,
    stored: bool = True,
) -> list[Grain]:
    """All the measures of these agencies over the local days start..end, per (month, agency, field): a fixed
    number of aggregate queries, whatever the number of dossiers.

    The complete past months come from the stored facts (motcua.reports.facts, computed first if missing or stale);
    the rest of the period — at most the partial first month and the months not over yet — is counted live with the
    same rules, so the result is the same as counting it all live (`stored=False`). Pending overdue is the state at
    the end of the period: counted with the live range that ends the period, or on its own when the period ends
    with a stored month."""
    ids = sorted(set(agency_ids))
    period = ii06a.Period.of(start, end, now)
    months = facts.storable_months(start, end, now) if stored else []
    fact_rows = facts.month_rows(months, ids)  # before the read transaction: a month computed commits on its own
    ranges = live_ranges(start, end, months)
    with flows.aggregating():
        dossier_rows = []
        for first, last in ranges:
            # A range that ends before the period only adds flows (its own end's snapshot is not the period's).
            dossier_rows += flows.dossier_rows(ids, ii06a.Period.of(first, last, now), snapshot=last == end)
        if not ranges or ranges[-1][1] != end:
            # An empty range at the period's end: no flow, and the pending figures at the period's cutoff.
            at_end = ii06a.Period(period.end_at, period.end_at, period.cutoff)
            dossier_rows += flows.dossier_rows(ids, at_end, snapshot=True)
        rating_rows = _ratings(ids, period)
    wanted = set(ids)
    # Grouped on the dossier's own version column (no join); versions are placed in their fields afterwards.
    field_of = dict(
        ProcedureVersion.objects.filter(pk__in={row["g_version"] for row in dossier_rows}).values_list("pk", "field_id")
    )
    sums: dict[tuple, list[int]] = {}

    def add(key: tuple, names: tuple[str, ...], row: dict) -> None:
        values = sums.setdefault(key, [0] * len(MEASURE_NAMES))
        for name in names:
            values[POSITION[name]] += row[name]

    # A dossier counted only for a part one of the set did (ii06a.of_agencies) goes to that participating agency.
    shared = {row["g_interagency"] for row in dossier_rows if not {row["g_competent"], row["g_receiving"]} & wanted}
    participant = interagency.participants_among(shared, wanted) if shared else {}
    for row in dossier_rows:
        # Each dossier goes to its competent agency when that is one of the set, else to its receiving one.
        agency = row["g_competent"] if row["g_competent"] in wanted else row["g_receiving"]
        agency = agency if agency in wanted else participant.get(row["g_interagency"], agency)
        field = field_of[row["g_version"]]
        for month, names in ((row["g_received"], RECEIVED), (row["g_ended"], DECIDED), (None, SNAPSHOT)):
            if any(row.get(name) for name in names):  # rows without the snapshot have no SNAPSHOT count
                add((month, agency, field), names, row)
    for row in fact_rows:  # already given to their agency and field, one month each
        for names in (RECEIVED, DECIDED):
            if any(row[name] for name in names):
                add((row["month"], row["agency"], row["field"]), names, row)
    for row in rating_rows:
        add((row["g_month"], row["agency_id"], row["g_field"]), RATED, row)
    return [Grain(*key, Measures(*values)) for key, values in sums.items()]


KEY_OF = {
    By.TOTAL: lambda grain: None,
    By.MONTH: lambda grain: grain.month,
    By.AGENCY: lambda grain: grain.agency_id,
    By.FIELD: lambda grain: grain.field_id,
}


def group(grains: list[Grain], by: By) -> dict:
    """Sum the grains by month (first day), agency id or field id, or into the total (key None). By month, the
    end-of-period snapshot (pending overdue, month None) is left out."""
    sums: dict = {None: [0] * len(MEASURE_NAMES)} if by == By.TOTAL else {}
    key_of = KEY_OF[by]
    for grain in grains:
        if by == By.MONTH and grain.month is None:
            continue
        values = sums.setdefault(key_of(grain), [0] * len(MEASURE_NAMES))
        for position, value in enumerate(grain.measures.__dict__.values()):
            values[position] += value
    return {key: Measures(*values) for key, values in sums.items()}


def measures(
    agency_ids: Collection[int],
    start: datetime.date,
    end: datetime.date,
    by: By = By.TOTAL,
    *,
    now: datetime.datetime | None = None,
) -> dict:
    """The measures of these agencies over the local days start..end, keyed by month (first day), agency id, field
    id, or None for the total. Pending overdue is not split by month (it is the state at the end of the period)."""
    return group(collect(agency_ids, start, end, now=now), by)


def months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first day of every month that start..end touches."""
    first, last = start.replace(day=1), end.replace(day=1)
    found = []
    while first <= last:
        found.append(first)
        first = (first + datetime.timedelta(days=32)).replace(day=1)
    return found
