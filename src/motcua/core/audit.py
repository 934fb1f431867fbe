"""Writing the audit log: the request context (who, from where) and model change tracking.

Models opt in with `track_changes(Model)`; their saves and deletes are then recorded with a
field-by-field diff, attributed to the user of the current request (or to nobody for commands).
"""

from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import translation

from motcua.core.models import AuditEntry

# Values of these fields are never written to the log, only the fact that they changed.
SECRET_FIELDS = {"password"}
MASKED = "••••••"


@dataclass(frozen=True)
class RequestContext:
    actor: object | None = None
    ip_address: str | None = None
    user_agent: str = ""


current_context: ContextVar[RequestContext | None] = ContextVar("audit_context", default=None)
NO_REQUEST = RequestContext()

# label ("orgs.Agency") → model, for every model whose changes are recorded.
tracked_models: dict[str, type[models.Model]] = {}


def record(
    action: str, instance=None, *, changes=None, object_type: str = "", object_label: str = "", actor=None
) -> AuditEntry:
    """Append one entry; the actor and address come from the current request unless given."""
    context = current_context.get() or NO_REQUEST
    actor = actor if actor is not None else context.actor
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    # The record is written in the site's language, whatever the user reads in (labels like a role are translated).
    with translation.override(settings.LANGUAGE_CODE):
        object_label = (object_label or str(instance)) if instance is not None else object_label
    return AuditEntry.objects.create(
        actor=actor,
        actor_label=(actor.get_username() if actor is not None else ""),
        action=action,
        object_type=object_type or (instance._meta.label if instance is not None else ""),
        object_id=str(instance.pk) if instance is not None and instance.pk is not None else "",
        object_label=object_label[:300],
        changes=changes or {},
        ip_address=context.ip_address,
        user_agent=context.user_agent[:300],
    )


def field_values(instance: models.Model) -> dict[str, object]:
    values = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        values[field.name] = None if value is None else str(value)
    return values


def diff(before: dict[str, object], after: dict[str, object]) -> dict[str, list]:
    changes = {}
    for name, new in after.items():
        old = before.get(name)
        if old != new:
            changes[name] = [MASKED, MASKED] if name in SECRET_FIELDS else [old, new]
    return changes


def _remember_old_values(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._audit_before = None
        return
    old = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = field_values(old) if old is not None else None


def _record_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    before = getattr(instance, "_audit_before", None)
    after = field_values(instance)
    if created or before is None:
        record(AuditEntry.Action.CREATE, instance, changes=diff({}, after))
        return
    changes = diff(before, after)
    # A save that changed nothing but the last-login stamp is not an administrative change.
    if set(changes) - {"last_login"}:
        record(AuditEntry.Action.UPDATE, instance, changes=changes)


def _record_delete(sender, instance, **kwargs):
    record(AuditEntry.Action.DELETE, instance, changes=diff(field_values(instance), {}))


def track_changes(model: type[models.Model]) -> None:
    """Record every save and delete of `model` in the audit log."""
    uid = f"audit-{model._meta.label}"
    tracked_models[model._meta.label] = model
    pre_save.connect(_remember_old_values, sender=model, dispatch_uid=uid)
    post_save.connect(_record_save, sender=model, dispatch_uid=uid)
    post_delete.connect(_record_delete, sender=model, dispatch_uid=uid)


def object_type_choices() -> list[tuple[str, str]]:
    """The kinds of records the log speaks about, by their Vietnamese names, for filters."""
    return sorted(
        ((label, str(model._meta.verbose_name)) for label, model in tracked_models.items()), key=lambda c: c[1]
    )


def object_type_name(label: str) -> str:
    model = tracked_models.get(label)
    return str(model._meta.verbose_name) if model is not None else label


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: object
    new: object


def describe_changes(entry: AuditEntry) -> list[FieldChange]:
    """The entry's diff with each field named by its verbose name (e.g. "họ và tên", not "full_name")."""
    model = tracked_models.get(entry.object_type)
    described = []
    for name, values in entry.changes.items():
        old, new = values if isinstance(values, list) and len(values) == 2 else (None, values)
        label = name
        if model is not None:
            try:
                label = str(model._meta.get_field(name).verbose_name)
            except FieldDoesNotExist:
                label = name
        described.append(FieldChange(label, old, new))
    return described
