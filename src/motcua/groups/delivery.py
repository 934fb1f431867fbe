"""The results of a group are handed over together (trả kết quả đồng thời, Decree 63/2024/NĐ-CP).

A member whose result is in waits at the desk (RESULT_ISSUED) until every other member has its result or has
ended without one; then `deliver_together` takes each through the lifecycle's own actions — the desk receives the
result (mark_ready) and returns it (return_result) — in one transaction, with one hand-over instant.

The hold itself: `held_reason` is registered with motcua.dossiers.holds, which the transition table asks (condition
"not_held") before offering or doing "result received" and "return the result": a member's own buttons are not
shown, and the lifecycle refuses those actions with the group's reason, except inside `deliver_together`.
"""

import datetime
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from motcua.dossiers import lifecycle
from motcua.dossiers.errors import ActionNotAllowed
from motcua.dossiers.models import ReturnMethod, State
from motcua.dossiers.permissions import Standing
from motcua.groups.models import DossierGroup, GroupMember
from motcua.groups.services import members
from motcua.groups.status import BEING_RESOLVED, WAITING_INTAKE, GroupStatus, status_of

_delivering: ContextVar[int | None] = ContextVar("groups_delivering", default=None)


def held_reason(dossier) -> str | None:
    """The hold registered with motcua.dossiers.holds: a member's result is received and returned only with the
    whole group, inside `deliver_together`."""
    membership = GroupMember.objects.filter(dossier_id=dossier.pk).select_related("group").first()
    if membership is None or _delivering.get() == membership.group_id:
        return None
    return gettext(
        "Hồ sơ này thuộc nhóm liên thông %(reference)s: kết quả của cả nhóm được trả cùng lúc khi mọi hồ sơ "
        "trong nhóm đã có kết quả (Nghị định 63/2024/NĐ-CP). Hãy trả kết quả tại trang của nhóm."
    ) % {"reference": membership.group.reference}


def can_deliver(user, group: DossierGroup) -> bool:
    """A receiving officer of the desk that received the group's dossiers (the desk of each, to
    motcua.dossiers.permissions)."""
    dossiers = members(group)
    return bool(dossiers) and all(Standing(user, dossier).desk for dossier in dossiers)


def deliver_together(
    officer, group: DossierGroup, *, method: str | None = None, at: datetime.datetime | None = None
) -> DossierGroup:
    """Hand over every member's result at once: refused (with the parts still waiting) until all results are in."""
    at = at or timezone.now()
    method = method or ReturnMethod.DESK
    if not can_deliver(officer, group):
        raise PermissionDenied(gettext("Chỉ cán bộ tiếp nhận của nơi đã tiếp nhận nhóm hồ sơ được trả kết quả."))
    with transaction.atomic():
        dossiers = members(group)
        if status_of([d.state for d in dossiers]) != GroupStatus.RESULTS_READY:
            waiting = [str(d) for d in dossiers if d.state in BEING_RESOLVED or d.state in WAITING_INTAKE]
            raise ActionNotAllowed(
                gettext("Chưa trả được kết quả của nhóm %(reference)s: còn chờ %(waiting)s.")
                % {"reference": group.reference, "waiting": ", ".join(waiting)}
            )
        token = _delivering.set(group.pk)
        try:
            for dossier in dossiers:
                if dossier.state == State.RESULT_ISSUED:
                    dossier = lifecycle.mark_ready(officer, dossier, at=at)
                if dossier.state == State.READY_FOR_RETURN:
                    lifecycle.return_result(officer, dossier, method=method, at=at)
        finally:
            _delivering.reset(token)
    return group
