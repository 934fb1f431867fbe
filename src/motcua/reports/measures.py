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
agency: each dossier once, with the agency answerable for its timeliness. Each family is one aggregate query with
conditional counts; nothing loops over dossiers in Python.
"""

import datetime
from collections.abc import Collection
from dataclasses import dataclass, fields
from enum import StrEnum

from django.db import connection, transaction
from django.db.models import (
    Count,
    DateField,
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import TruncMonth

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import DossierDocument, DossierEvent, DossierFee, Outcome
from motcua.feedback.models import DossierRating
from motcua.payments.models import Payment
from motcua.reports import ii06a

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
        """Tỷ lệ giải quyết trước hạn và đúng hạn: of the dossiers decided in the period."""
        return Ratio(self.resolved_early + self.resolved_on_time, self.resolved)

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


def _month(instant) -> TruncMonth:
    return TruncMonth(instant, tzinfo=VN, output_field=DateField())


def _end_event_at() -> Subquery:
    """When a withdrawn or closed dossier (which keeps no resolved_at) ended: its stop or closing event. Only to
    tell the month; whether it counts, and in which cell, stays ii06a's condition."""
    events = DossierEvent.objects.filter(dossier=OuterRef("pk"), kind__in=ii06a.END_EVENTS).order_by("at")
    return Subquery(events.values("at")[:1])


def _dossiers(agency_ids: list[int], period: ii06a.Period) -> list[dict]:
    """Every dossier figure in the two aggregate queries of form II.06a (one per part, each on its index: decided or
    open dossiers, withdrawn or closed ones), grouped by the month received, the month ended (the decision, or the
    stop or closing event), both agencies and the field. A received dossier counts in the month it was received, a
    decided one in the month it ended, an overdue one at the end of the period."""
    # Membership in the few dossier ids of each side table (one hashed look-up per row, no subquery per row).
    fees = Q(pk__in=DossierFee.objects.filter(amount_vnd__gt=0).values("dossier_id"))
    paid = Q(
        pk__in=Payment.objects.filter(method=Payment.Method.GATEWAY, status=Payment.Status.PAID).values("dossier_id")
    )
    stored = DossierDocument.objects.values("dossier_id")
    files = Q(pk__in=stored.filter(stage__in=[DossierDocument.Stage.INTAKE, DossierDocument.Stage.SUPPLEMENT]))
    results = Q(pk__in=stored.filter(stage=DossierDocument.Stage.RESULT))
    granted = Q(outcome=Outcome.GRANTED)
    rows = []
    for name, part in ii06a.period_parts(period, agency_ids).items():
        cell = ii06a.cell_conditions(period, name)
        received = cell["received_online"] | cell["received_direct"]
        counts = {
            "received_online": Count("pk", filter=cell["received_online"]),
            "received_direct": Count("pk", filter=cell["received_direct"]),
            "with_fees": Count("pk", filter=received & fees),
            "paid_online": Count("pk", filter=received & fees & paid),
            "digitised": Count("pk", filter=received & files),
            "resolved_early": Count("pk", filter=cell["resolved_early"]),
            "resolved_on_time": Count("pk", filter=cell["resolved_on_time"]),
            "resolved_late": Count("pk", filter=cell["resolved_late"]),
            "granted": Count("pk", filter=cell["resolved_total"] & granted),
            "electronic_results": Count("pk", filter=cell["resolved_total"] & granted & results),
            "pending_overdue": Count("pk", filter=cell["pending_overdue"]),
        }
        ended = "resolved_at" if name == ii06a.OPEN_OR_DECIDED else _end_event_at()
        rows += list(
            ii06a.annotated_dossiers(agency_ids, period, part)
            .annotate(
                g_received=_month("received_at"),
                g_ended=_month(ended),
                g_competent=F("competent_agency_id"),
                g_receiving=F("receiving_agency_id"),
                g_version=F("version_id"),
            )
            .order_by()
            .values("g_received", "g_ended", "g_competent", "g_receiving", "g_version")
            .annotate(**counts)
        )
    return rows


RECEIVED = ("received_online", "received_direct", "with_fees", "paid_online", "digitised")
DECIDED = ("resolved_early", "resolved_on_time", "resolved_late", "granted", "electronic_results")
SNAPSHOT = ("pending_overdue",)
RATED = ("ratings", "satisfied")


def _ratings(agency_ids: list[int], period: ii06a.Period) -> list[dict]:
    ratings = DossierRating.objects.filter(
        agency_id__in=agency_ids, rated_at__gte=period.start_at, rated_at__lt=period.end_at
    )
    return list(
        ratings.annotate(g_month=_month("rated_at"), g_field=F("dossier__version__field_id"))
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


def collect(
    agency_ids: Collection[int], start: datetime.date, end: datetime.date, *, now: datetime.datetime | None = None
) -> list[Grain]:
    """All the measures of these agencies over the local days start..end, per (month, agency, field): a fixed
    number of aggregate queries, whatever the number of dossiers."""
    ids = sorted(set(agency_ids))
    period = ii06a.Period.of(start, end, now)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # As in ii06a.build: compiling these many conditional counts (JIT) costs more than running them; and
            # the groups are hashed in memory rather than sorted on disk.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
                cursor.execute("SET LOCAL work_mem = '64MB'")
        dossier_rows, rating_rows = _dossiers(ids, period), _ratings(ids, period)
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

    for row in dossier_rows:
        # Each dossier goes to its competent agency when that is one of the set, else to its receiving one.
        agency = row["g_competent"] if row["g_competent"] in wanted else row["g_receiving"]
        field = field_of[row["g_version"]]
        for month, names in ((row["g_received"], RECEIVED), (row["g_ended"], DECIDED), (None, SNAPSHOT)):
            if any(row[name] for name in names):
                add((month, agency, field), names, row)
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
