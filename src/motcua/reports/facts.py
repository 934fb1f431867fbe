"""The stored monthly facts (số liệu tháng đã chốt): the dashboard counts of complete past months, kept so that a
dashboard, the 766 index or the public statistics only count live what has not been stored (docs/dashboards.md,
"Stored monthly facts").

A month is stored once it is wholly past by GRACE; its facts (MonthFacts) are the flows of motcua.reports.flows —
the received family of the dossiers received in the month, the decided family of those that ended in it — summed
per (competent agency, receiving agency, procedure version) for every agency, a dossier with an inter-agency part on
a row of its own so that the participating agencies count it as form II.06a does (ii06a.of_agencies). They are
computed on demand, the first time a month is read, or by `motcua refresh_report_facts`. A change that touches a
stored month (a backdated action, a supplement or a document of an earlier dossier, an online payment of a dossier
received last month, a first part handed over) marks it stale (StaleMonth, motcua.reports.marking) in the
transaction of the change, and the month is computed again when next read.
"""

import datetime
from collections.abc import Callable, Collection, Iterable

from django.db import connection
from django.db.models import BigIntegerField, Case, F, Min, Q, Sum, When
from django.utils import timezone

from motcua.core import replica
from motcua.dossiers import interagency
from motcua.dossiers.models import Dossier
from motcua.reports import flows, ii06a
from motcua.reports.models import MonthFacts, StaleMonth, StoredMonth

VN = ii06a.VN
# Longer than any transaction lasts: an action at 23:59 on the last day that commits after midnight is seen by the
# computation, which waits until the month has been over for this long.
GRACE = datetime.timedelta(days=1)
COUNTS = flows.RECEIVED + flows.DECIDED


def next_month(first: datetime.date) -> datetime.date:
    return (first + datetime.timedelta(days=32)).replace(day=1)


def month_end_at(first: datetime.date) -> datetime.datetime:
    """The instant the local month that starts on `first` ends (midnight of the next month's first day)."""
    return datetime.datetime.combine(next_month(first), datetime.time(), tzinfo=VN)


def month_of(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(VN).date().replace(day=1)


def is_storable(first: datetime.date, now: datetime.datetime | None = None) -> bool:
    """Whether the month may be stored: over for GRACE at `now` (and at the real now: what has not happened yet
    cannot be stored)."""
    real_now = timezone.now()
    return month_end_at(first) + GRACE <= min(now or real_now, real_now)


def storable_months(
    start: datetime.date, end: datetime.date, now: datetime.datetime | None = None
) -> list[datetime.date]:
    """The first days of the months wholly inside the local days start..end that may be stored (is_storable);
    consecutive, since a month is only storable when the ones before it are."""
    first = start if start.day == 1 else next_month(start)
    found = []
    while next_month(first) - datetime.timedelta(days=1) <= end and is_storable(first, now):
        found.append(first)
        first = next_month(first)
    return found


def fresh_months(months: Iterable[datetime.date]) -> set[datetime.date]:
    """Those of the months that are computed and not marked stale since."""
    months = list(months)
    computed = StoredMonth.objects.filter(month__in=months, computed_at__isnull=False)
    return set(computed.exclude(month__in=StaleMonth.objects.values("month")).values_list("month", flat=True))


def compute(first: datetime.date, *, force: bool = False) -> bool:
    """Store the facts of one month unless it is fresh (or `force`); True when they were computed. ValueError for a
    month that may not be stored yet.

    One transaction, in an order that loses no change: the month's StoredMonth row is locked (one computation of a
    month at a time; the second one finds it fresh and stops), its stale mark is deleted FIRST, and only then are the
    dossiers counted. A change committed after that delete either is seen by the count or leaves a new mark; a change
    whose mark found the old one in place holds a lock on it (mark_stale), so the delete waits for its commit."""
    if first.day != 1 or not is_storable(first):
        raise ValueError(f"{first} is not the first day of a month that may be stored yet")
    # A report page may compute a missing month: this transaction writes and locks, so it is the primary's.
    replica.use_primary()
    with flows.aggregating():
        StoredMonth.objects.bulk_create([StoredMonth(month=first)], ignore_conflicts=True)
        stored = StoredMonth.objects.select_for_update().get(month=first)
        stale = StaleMonth.objects.filter(month=first)
        if not force and stored.computed_at is not None and not stale.exists():
            return False
        stale.delete()
        period = ii06a.Period.of(first, next_month(first) - datetime.timedelta(days=1))
        sums: dict[tuple[int, int, int, int], dict[str, int]] = {}
        for row in flows.dossier_rows(None, period, snapshot=False):
            key = (row["g_competent"], row["g_receiving"], row["g_version"], row["g_interagency"])
            # Each family in the month it belongs to (the same rule as measures.collect), which for a one-month
            # period is every row that counts anything.
            for month, names in ((row["g_received"], flows.RECEIVED), (row["g_ended"], flows.DECIDED)):
                if month == first and any(row[name] for name in names):
                    counts = sums.setdefault(key, dict.fromkeys(COUNTS, 0))
                    for name in names:
                        counts[name] += row[name]
        MonthFacts.objects.filter(month=first).delete()
        MonthFacts.objects.bulk_create(
            MonthFacts(
                month=first,
                competent_agency_id=competent,
                receiving_agency_id=receiving,
                version_id=version,
                interagency_dossier=shared,
                **counts,
            )
            for (competent, receiving, version, shared), counts in sums.items()
        )
        stored.computed_at = timezone.now()
        stored.save(update_fields=["computed_at"])
    return True


def month_rows(months: Collection[datetime.date], agency_ids: Collection[int]) -> list[dict]:
    """The stored facts of these months for these agencies, each month made fresh first (computed if need be).

    Summed in the database per (month, agency, field) — the finest grouping of the dashboards — with each dossier
    given to its competent agency when that one is among `agency_ids`, else to its receiving agency, else to the one
    of them that did a part of it (as measures.collect does): a few rows per agency and field rather than one per
    agency pair and version. Each row: month, agency, field and the COUNTS."""
    months = sorted(set(months))
    fresh = fresh_months(months)
    for first in months:
        if first not in fresh:
            compute(first)
    ids = sorted(set(agency_ids))
    if not months or not ids:
        return []
    attributed = Case(
        When(competent_agency_id__in=ids, then=F("competent_agency_id")),
        default=F("receiving_agency_id"),
        output_field=BigIntegerField(),
    )
    stored = MonthFacts.objects.filter(month__in=months)
    own = Q(competent_agency_id__in=ids) | Q(receiving_agency_id__in=ids)
    rows = list(
        stored.filter(own)
        .annotate(agency=attributed, field=F("version__field_id"))
        .order_by()
        .values("month", "agency", "field")
        .annotate(**{name: Sum(name) for name in COUNTS})
    )
    # ii06a.of_agencies on the stored rows: besides their own dossiers, those in which they took part (only the rows
    # of dossiers with a part can be), each given to the participating agency, as measures.collect does.
    took_part = Q(interagency_dossier__in=Dossier.objects.filter(interagency.given_to(ids)).values("pk"))
    shared = list(
        stored.filter(took_part)
        .exclude(own)
        .annotate(field=F("version__field_id"))
        .values("month", "interagency_dossier", "field", *COUNTS)
    )
    participant = interagency.participants_among({row["interagency_dossier"] for row in shared}, ids)
    found = {(row["month"], row["agency"], row["field"]): row for row in rows}
    for row in shared:
        key = (row["month"], participant[row["interagency_dossier"]], row["field"])
        total = found.setdefault(key, {"month": key[0], "agency": key[1], "field": key[2], **dict.fromkeys(COUNTS, 0)})
        for name in COUNTS:
            total[name] += row[name]
    return list(found.values())


def mark_stale(*moments: datetime.datetime | None) -> None:
    """Mark the local months of these moments stale, those that may be stored (is_storable at the real now).

    Called inside every dossier action (motcua.reports.marking): a moment of the current month — nearly all of them
    — costs nothing, not even a statement. Otherwise one INSERT … ON CONFLICT DO NOTHING, and on PostgreSQL a
    FOR KEY SHARE lock on the marks: when the mark was already there, the insert did nothing and locked nothing, so
    a computation could delete that mark and count before this transaction commits, and its change would be lost;
    the lock makes the computation's delete wait for the commit (many markers share it; they never wait for each
    other). On SQLite a writing transaction already excludes every other writer."""
    months = sorted({month_of(moment) for moment in moments if moment is not None})
    months = [first for first in months if is_storable(first)]
    if not months:
        return
    StaleMonth.objects.bulk_create([StaleMonth(month=first) for first in months], ignore_conflicts=True)
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(StaleMonth._meta.db_table)
        with connection.cursor() as cursor:
            # The ORM's select_for_update has no FOR KEY SHARE; table and column are our own names, the months a
            # parameter.
            cursor.execute(f"SELECT 1 FROM {table} WHERE month = ANY(%s) FOR KEY SHARE", [months])


def months_to_store(since: datetime.date | None = None) -> list[datetime.date]:
    """Every month that may be stored from `since` (a month's first day), or from the month of the first dossier
    received, to the last complete one."""
    if since is None:
        first_received = Dossier.objects.aggregate(first=Min("received_at"))["first"]
        if first_received is None:
            return []
        since = month_of(first_received)
    found, first = [], since.replace(day=1)
    while is_storable(first):
        found.append(first)
        first = next_month(first)
    return found


def rebuild(months: Iterable[datetime.date] | None = None, progress: Callable[[str], None] = lambda _line: None) -> int:
    """Compute the given months again (the months already stored when None), fresh or not: after a bulk import or a
    change made outside the services, which marks nothing. Returns how many were computed; one line per month on
    `progress`."""
    months = sorted(set(StoredMonth.objects.values_list("month", flat=True) if months is None else months))
    done = 0
    for first in months:
        if not is_storable(first):
            progress(f"{first:%m/%Y}: chưa hết tháng, không lưu")
            continue
        began = timezone.now()
        compute(first, force=True)
        rows = MonthFacts.objects.filter(month=first).count()
        progress(f"{first:%m/%Y}: {rows} dòng, {(timezone.now() - began).total_seconds():.1f} s")
        done += 1
    return done
