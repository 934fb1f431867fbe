"""The dossier figures of the dashboards in grouped rows: the one aggregate that both the live path of
motcua.reports.measures and the stored monthly facts (motcua.reports.facts) run, so the two cannot count apart.

It is form II.06a's two aggregate queries (motcua.reports.ii06a: one per part, each on its index — decided or open
dossiers, withdrawn or closed ones — with the form's own cell conditions), grouped by the month received, the month
ended (the decision, or the stop or closing event), the competent agency, the receiving agency and the procedure
version — a dossier with an inter-agency part on its own row. A received dossier counts in the month it was
received (RECEIVED), a decided one in the month it ended (DECIDED), an overdue one at the end of the period
(SNAPSHOT).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models import Case, Count, DateField, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import TruncMonth

from motcua.core import replica
from motcua.dossiers import interagency
from motcua.dossiers.models import DossierDocument, DossierEvent, DossierFee, Outcome
from motcua.payments.models import Payment
from motcua.reports import ii06a

VN = ii06a.VN

RECEIVED = ("received_online", "received_direct", "with_fees", "paid_online", "digitised")
DECIDED = (
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "granted",
    "electronic_results",
    "withdrawn_or_closed",
    "refused_after_appraisal",
)
SNAPSHOT = ("pending_overdue",)
GROUPS = ("g_received", "g_ended", "g_competent", "g_receiving", "g_version", "g_interagency")


def month_of(instant) -> TruncMonth:
    """The first day of the local month of an instant (Asia/Ho_Chi_Minh)."""
    return TruncMonth(instant, tzinfo=VN, output_field=DateField())


def _end_event_at() -> Subquery:
    """When a withdrawn or closed dossier (which keeps no resolved_at) ended: its stop or closing event. Only to
    tell the month; whether it counts, and in which cell, stays ii06a's condition."""
    events = DossierEvent.objects.filter(dossier=OuterRef("pk"), kind__in=ii06a.END_EVENTS).order_by("at")
    return Subquery(events.values("at")[:1])


def _bounds(period: ii06a.Period) -> dict[str, Q]:
    """Per part, the dossiers that can add to a flow of the period: received in it, or ended in it.

    Without these the parts hold every dossier ended since the start of the period, so an old month would read
    every dossier decided since. They drop only rows whose flow counts are all zero (the received family needs
    received_at in the period, the decided family an end in it); the rows dropped still matter for the pending
    figures, which is why a query that keeps the snapshot does not use them."""
    ended_in = DossierEvent.objects.filter(
        kind__in=ii06a.END_EVENTS, at__gte=period.start_at, at__lt=period.end_at
    ).values("dossier_id")
    received_in = Q(received_at__gte=period.start_at)  # before the end: annotated_dossiers' own filter
    return {
        ii06a.OPEN_OR_DECIDED: received_in | Q(decided_or_open__lt=period.end_at),
        ii06a.ENDED: received_in | Q(pk__in=ended_in),
    }


def _counts(cell: dict[str, Q], snapshot: bool) -> dict[str, Count]:
    # Membership in the few dossier ids of each side table (one hashed look-up per row, no subquery per row).
    fees = Q(pk__in=DossierFee.objects.filter(amount_vnd__gt=0).values("dossier_id"))
    paid = Q(
        pk__in=Payment.objects.filter(method=Payment.Method.GATEWAY, status=Payment.Status.PAID).values("dossier_id")
    )
    stored = DossierDocument.objects.values("dossier_id")
    files = Q(pk__in=stored.filter(stage__in=[DossierDocument.Stage.INTAKE, DossierDocument.Stage.SUPPLEMENT]))
    results = Q(pk__in=stored.filter(stage=DossierDocument.Stage.RESULT))
    granted = Q(outcome=Outcome.GRANTED)
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
        # The parts of resolved_on_time the on-time rate leaves out (ii06a.WITHDRAWN_OR_CLOSED_IN_COLUMN_9,
        # ii06a.refused_after_appraisal): placed in column 9 by its note, not by their timing.
        "withdrawn_or_closed": Count("pk", filter=cell["withdrawn_or_closed"]),
        "refused_after_appraisal": Count("pk", filter=cell["refused_after_appraisal"]),
    }
    if snapshot:
        counts["pending_overdue"] = Count("pk", filter=cell["pending_overdue"])
    return counts


def queries(agency_ids: list[int] | None, period: ii06a.Period, *, snapshot: bool = True) -> list[QuerySet]:
    """The two grouped aggregate queries (one per part of ii06a.period_parts) over the dossiers of these agencies,
    or of every agency (None). Without `snapshot` the rows hold only the flows (RECEIVED and DECIDED) and the
    dossiers that cannot add to them are left out (_bounds)."""
    bounds = None if snapshot else _bounds(period)
    found = []
    for name, part in ii06a.period_parts(period, agency_ids).items():
        ended = "resolved_at" if name == ii06a.OPEN_OR_DECIDED else _end_event_at()
        dossiers = ii06a.annotated_dossiers(agency_ids, period, part)
        if bounds is not None:
            dossiers = dossiers.filter(bounds[name])
        found.append(
            dossiers.annotate(
                g_received=month_of("received_at"),
                g_ended=month_of(ended),
                g_competent=F("competent_agency_id"),
                g_receiving=F("receiving_agency_id"),
                g_version=F("version_id"),
                # A dossier with an inter-agency part is a group of its own (its id; 0 for all others): the stored
                # facts keep it apart, for the participating agencies that count it (ii06a.of_agencies).
                g_interagency=Case(When(interagency.handed_over(), then=F("pk")), default=Value(0)),
            )
            .order_by()
            .values(*GROUPS)
            .annotate(**_counts(ii06a.cell_conditions(period, name), snapshot))
        )
    return found


def dossier_rows(agency_ids: list[int] | None, period: ii06a.Period, *, snapshot: bool = True) -> list[dict]:
    """The rows of `queries`: each a dict of the GROUPS and the counts (RECEIVED, DECIDED and, with `snapshot`,
    SNAPSHOT). Run it inside `aggregating()`."""
    return [row for query in queries(agency_ids, period, snapshot=snapshot) for row in query]


@contextmanager
def aggregating() -> Iterator[None]:
    """A transaction set up for these aggregates. On PostgreSQL, as in ii06a.build: compiling these many conditional
    counts (JIT) costs more than running them; and the groups are hashed in memory rather than sorted on disk."""
    with replica.reading(DossierEvent) as read:
        if read.vendor == "postgresql":
            with read.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
                cursor.execute("SET LOCAL work_mem = '64MB'")
        yield
