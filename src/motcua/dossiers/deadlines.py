"""Stored deadlines of dossiers: replayed from each dossier's clock with its competent agency's calendar.

`recompute_after_calendar_change` is the recomputer registered with motcua.workcal.recompute: when a calendar
changes, it replays the open dossiers whose counting period spans a changed date, stores the new due instant and
appends an event saying why.
"""

import datetime

from django.db import connection, transaction
from django.utils import timezone

from motcua.dossiers.models import OPEN_STATES, Dossier, DossierEvent
from motcua.workcal.calendars import engine_calendar
from motcua.workcal.clock import DeadlineClock
from motcua.workcal.recompute import CalendarChange

BATCH = 2000


def due_at(clock: DeadlineClock, agency) -> datetime.datetime | None:
    deadline = clock.deadline(engine_calendar(agency=agency))
    return None if deadline is None else deadline.due_at


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def recompute_after_calendar_change(change: CalendarChange) -> int:
    """Replay the affected open dossiers; returns how many due instants moved."""
    first, last = min(change.changed_dates), max(change.changed_dates)
    # Only a period that is still running on a changed date can move: received before the end of the last
    # changed date, and not yet due at the start of the first one.
    affected = Dossier.objects.filter(
        state__in=OPEN_STATES,
        extended_due_at__isnull=True,  # an extended dossier keeps the date promised in its apology letter
        received_at__lt=_day_start(last + datetime.timedelta(days=1)),
        due_at__gte=_day_start(first),
    )
    if change.agency_ids is not None:
        affected = affected.filter(competent_agency_id__in=change.agency_ids)
    calendars = {}
    moved = 0
    now = timezone.now()
    rows = affected.only("pk", "clock", "due_at", "state", "revision", "competent_agency_id").order_by("pk")
    batch: list[Dossier] = []
    for dossier in rows.iterator(chunk_size=BATCH):
        calendar = calendars.get(dossier.competent_agency_id)
        if calendar is None:
            calendar = calendars[dossier.competent_agency_id] = engine_calendar(agency=dossier.competent_agency)
        deadline = DeadlineClock.from_data(dossier.clock).deadline(calendar)
        new_due = None if deadline is None else deadline.due_at
        if new_due != dossier.due_at:
            dossier.due_at = new_due
            batch.append(dossier)
        if len(batch) >= BATCH:
            moved += _store(batch, change, now)
            batch = []
    return moved + _store(batch, change, now)


def _store(batch: list[Dossier], change: CalendarChange, now: datetime.datetime) -> int:
    if not batch:
        return 0
    with transaction.atomic():
        # A lifecycle action may have acted since the dossier was read (moved its clock, or decided it: a decided
        # dossier's due instant must not move); every action bumps the revision, and those dossiers keep what it
        # stored.
        current = dict(
            Dossier.objects.select_for_update().filter(pk__in=[d.pk for d in batch]).values_list("pk", "revision")
        )
        batch = [dossier for dossier in batch if current.get(dossier.pk) == dossier.revision]
        _set_due(batch)
        DossierEvent.objects.bulk_create(
            DossierEvent(
                dossier=dossier,
                at=now,
                kind=DossierEvent.Kind.DEADLINE_RECOMPUTED,
                actor_id=change.actor_id,
                from_state=dossier.state,
                to_state=dossier.state,
                note=change.description,
                due_at=dossier.due_at,
            )
            for dossier in batch
        )
    return len(batch)


def _set_due(batch: list[Dossier]) -> None:
    """Store the new due instants in one statement. bulk_update's `CASE WHEN id = … THEN …` has a branch per row,
    which the database walks for every row it updates (quadratic in the batch) and the ORM is slow to build;
    PostgreSQL joins the batch as two arrays instead, other databases get one plain UPDATE per row."""
    quote = connection.ops.quote_name
    table, due, pk = quote(Dossier._meta.db_table), quote("due_at"), quote(Dossier._meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} SET {due} = batch.due FROM unnest(%s::bigint[], %s::timestamptz[]) AS batch(id, due) "
                f"WHERE {table}.{pk} = batch.id",
                [[dossier.pk for dossier in batch], [dossier.due_at for dossier in batch]],
            )
        else:
            adapt = connection.ops.adapt_datetimefield_value
            sql = f"UPDATE {table} SET {due} = %s WHERE {pk} = %s"
            cursor.executemany(sql, [(adapt(dossier.due_at), dossier.pk) for dossier in batch])
