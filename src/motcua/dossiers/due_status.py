"""How a dossier's time is worded (thời hạn còn lại, "Quá hạn N ngày"), in words and not by colour alone, for the
staff pages, the citizen's pages and public tracking alike.

Whether a dossier is overdue is decided by motcua.dossiers.queues.is_overdue; this module only words it.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext, ngettext

from motcua.dossiers import queues
from motcua.dossiers.models import OPEN_STATES, Dossier, State

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class DueStatus:
    """What the "due" column shows: the instant, the words, and whether to highlight it as overdue."""

    due_at: datetime.datetime | None
    label: str
    overdue: bool


def running_due(dossier: Dossier) -> datetime.datetime | None:
    """The instant the dossier is being held to now: the correction deadline, the online check, or the due date."""
    if dossier.state == State.CORRECTION:
        return dossier.correction_due_at
    if dossier.state == State.SUBMITTED:
        return dossier.intake_due_at
    if dossier.state == State.SUPPLEMENT_REQUESTED and dossier.due_at is None:
        return dossier.supplement_due_at
    return dossier.due_at


def _span(delta: datetime.timedelta) -> str:
    """`3 ngày 4 giờ`, `5 giờ`, `dưới 1 giờ` (calendar time)."""
    days, hours = delta.days, delta.seconds // 3600
    if days and hours:
        return ngettext("%(days)s ngày", "%(days)s ngày", days) % {"days": days} + " " + _hours(hours)
    if days:
        return ngettext("%(days)s ngày", "%(days)s ngày", days) % {"days": days}
    if hours:
        return _hours(hours)
    return gettext("dưới 1 giờ")


def _hours(hours: int) -> str:
    return ngettext("%(hours)s giờ", "%(hours)s giờ", hours) % {"hours": hours}


def overdue_label(delta: datetime.timedelta) -> str:
    if delta >= DAY:
        return ngettext("Quá hạn %(days)s ngày", "Quá hạn %(days)s ngày", delta.days) % {"days": delta.days}
    if delta >= HOUR:
        hours = delta.seconds // 3600
        return ngettext("Quá hạn %(hours)s giờ", "Quá hạn %(hours)s giờ", hours) % {"hours": hours}
    return gettext("Quá hạn dưới 1 giờ")


def due_status(dossier: Dossier, now: datetime.datetime | None = None) -> DueStatus:
    now = now or timezone.now()
    due = running_due(dossier)
    if queues.is_overdue(dossier, now):
        return DueStatus(due, overdue_label(now - due), True)
    waiting = dossier.state in OPEN_STATES or dossier.state in (State.SUBMITTED, State.CORRECTION)
    if due is None or not waiting:
        return DueStatus(due, "", False)
    if due < now:  # e.g. the online check or the supplement wait ran out; not counted as the dossier overdue
        return DueStatus(due, gettext("Đã hết hạn"), False)
    return DueStatus(due, gettext("Còn %(time)s") % {"time": _span(due - now)}, False)
