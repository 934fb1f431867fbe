"""Audit records of reform work (nhật ký): who created, changed, signed or deleted what, through core.audit."""

from motcua.core.audit import diff, field_values, record
from motcua.core.models import AuditEntry


def created(instance, user) -> None:
    record(AuditEntry.Action.CREATE, instance, changes=diff({}, field_values(instance)), actor=user)


def changed(instance, user, changes: dict) -> None:
    """`changes` maps a field (or an action such as "ký biên bản") to [before, after]."""
    record(AuditEntry.Action.UPDATE, instance, changes=changes, actor=user)


def deleted(instance, user) -> None:
    record(AuditEntry.Action.DELETE, instance, changes=diff(field_values(instance), {}), actor=user)
