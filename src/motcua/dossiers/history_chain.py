"""The dossier history as hash chains (chuỗi băm lịch sử hồ sơ), one per dossier, and the owner's purge path.

Every event appended (DossierEvent.save, or the manager's bulk_create) locks its dossier's row, reads the chain's
head (the dossier's newest event), seals the event after it and records the action in the audit log — who did
what on which dossier, named by its code, never the applicant. The lifecycle already holds that row lock; taking
it here too keeps any other writer from forking the chain. Lock order: the dossier row, then the audit log's head.
"""

from collections.abc import Iterable, Iterator
from itertools import groupby

from django.db import models, transaction
from django.db.models import Max

from motcua.core import append_only, audit, hash_chain
from motcua.core.models import AuditEntry

# What an event's hash covers: every column but the id (actor and agency by their ids, which PROTECT keeps).
HASHED_FIELDS = (
    "dossier",
    "at",
    "kind",
    "actor",
    "actor_agency",
    "from_state",
    "to_state",
    "note",
    "due_at",
    "form",
    "details",
)


def _lock_heads(model: type[models.Model], dossier_ids: set[int]) -> dict[int, str]:
    """Lock the dossiers' rows and return each one's chain head (GENESIS for a dossier with no event yet)."""
    dossier_model = model._meta.get_field("dossier").related_model
    list(dossier_model.objects.select_for_update().filter(pk__in=dossier_ids).order_by("pk").values_list("pk"))
    newest = model.objects.filter(dossier_id__in=dossier_ids).values("dossier_id").annotate(last=Max("pk"))
    heads = dict(model.objects.filter(pk__in=newest.values("last")).values_list("dossier_id", "hash"))
    return {dossier_id: heads.get(dossier_id, hash_chain.GENESIS) for dossier_id in dossier_ids}


def _audit(events: list[models.Model]) -> None:
    for event in events:
        audit.record(
            AuditEntry.Action.DOSSIER_EVENT,
            event.dossier,
            actor=event.actor,
            # The event's kind and states only: its note and details may name people.
            changes={"event": event.kind, "event_id": event.pk, "from": event.from_state, "to": event.to_state},
        )


def append(event: models.Model, insert) -> None:
    """Seal `event` after its dossier's head, insert it with `insert()` and audit it, in one transaction."""
    # No savepoint: every lifecycle action would pay two more statements; a failure fails the action anyway.
    with transaction.atomic(savepoint=False):
        head = _lock_heads(type(event), {event.dossier_id})[event.dossier_id]
        hash_chain.seal(event, head, HASHED_FIELDS)
        insert()
        _audit([event])


class EventQuerySet(models.QuerySet):
    """Events are only ever added: bulk_create seals them like save() does."""

    def bulk_create(self, objs, *args, **kwargs):
        events = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            heads = _lock_heads(self.model, {event.dossier_id for event in events})
            for event in events:
                heads[event.dossier_id] = hash_chain.seal(event, heads[event.dossier_id], HASHED_FIELDS)
            created = super().bulk_create(events, *args, **kwargs)
            _audit(created)
        return created


def dossier_chains(model: type[models.Model]) -> Iterator[tuple[str, Iterable[models.Model]]]:
    """Every dossier's chain, oldest event first, named "dossier:<id>"."""
    events = model.objects.order_by("dossier_id", "pk").iterator(chunk_size=5000)
    for dossier_id, chain in groupby(events, key=lambda event: event.dossier_id):
        yield f"dossier:{dossier_id}", chain


def purge_dossiers(dossiers: models.QuerySet) -> int:
    """Remove whole dossiers with their history (the retention purge): the owner role only, audited by count.

    On PostgreSQL the runtime role is refused by the triggers even here; run the purge as the migration role.
    """
    model = dossiers.model._meta.get_field("events").related_model
    with append_only.maintenance(dossiers.db):
        ids = list(dossiers.values_list("pk", flat=True))
        model.objects.filter(dossier_id__in=ids).delete()
        removed = dossiers.model.objects.filter(pk__in=ids).delete()[1].get(dossiers.model._meta.label, 0)
        audit.record(AuditEntry.Action.DELETE, object_type=dossiers.model._meta.label, changes={"purged": removed})
    return removed
