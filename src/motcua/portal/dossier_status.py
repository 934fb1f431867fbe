"""What the applicant is told about their own dossier beyond its state, worded once for "Hồ sơ của tôi":
the supplement they were asked for (Mẫu 02, at intake or after appraisal) and the delay (quá hạn; the apology
letter, Mẫu 04, with its new appointment).

The rules are not decided here: overdue is motcua.dossiers.queues.is_overdue (through the desk's wording
motcua.dossiers.due_status.due_status), a supplement sent online is motcua.dossiers.queues.supplement_sent_online.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from motcua.catalog.models import Channel
from motcua.dossiers import queues
from motcua.dossiers.due_status import due_status
from motcua.dossiers.models import Dossier, DossierEvent, State

Kind = DossierEvent.Kind
# The state a supplement request leaves the dossier in, and the event that asked for it.
ASKING_EVENT = {State.INTAKE_SUPPLEMENT: Kind.INTAKE_SUPPLEMENT, State.SUPPLEMENT_REQUESTED: Kind.SUPPLEMENT_REQUESTED}


@dataclass(frozen=True)
class SupplementAsk:
    """The supplement the dossier waits for (yêu cầu bổ sung, Mẫu 02): what is missing, why, whom to ask."""

    event: DossierEvent
    at_intake: bool  # asked by the desk before acceptance (Art. 17.1.c): no clock runs yet
    items: list[str]
    reason: str
    contact: str
    due_at: datetime.datetime | None  # the 15-day limit after appraisal (Art. 19.5); none at intake
    sent_online: bool  # the applicant already sent files after this request; the desk has to check them
    # Whether it may be sent from "my dossiers": a paper dossier's intake supplement is brought to the desk
    # (lifecycle.send_supplement refuses it online).
    online: bool


@dataclass(frozen=True)
class Delay:
    """How late the dossier is, and what the agency said about it (Mẫu 04)."""

    overdue: bool
    label: str  # "Quá hạn 26 ngày", empty when not overdue
    due_at: datetime.datetime | None  # the instant it is held to now
    apology: DossierEvent | None  # the apology letter with its new appointment (Art. 19.6), if one was issued
    new_due_at: datetime.datetime | None

    @property
    def shown(self) -> bool:
        return self.overdue or self.apology is not None


def supplement_ask(dossier: Dossier, events: Sequence[DossierEvent]) -> SupplementAsk | None:
    """The open supplement request of this dossier, from its events in time order; None if it waits for none."""
    kind = ASKING_EVENT.get(dossier.state)
    if kind is None:
        return None
    asking = next((event for event in reversed(events) if event.kind == kind), None)
    if asking is None:
        return None
    details = asking.details or {}
    return SupplementAsk(
        event=asking,
        at_intake=kind == Kind.INTAKE_SUPPLEMENT,
        items=list(details.get("items") or []),
        reason=details.get("reason", ""),
        contact=details.get("contact", ""),
        due_at=dossier.supplement_due_at if kind == Kind.SUPPLEMENT_REQUESTED else None,
        sent_online=kind == Kind.SUPPLEMENT_REQUESTED and queues.supplement_sent_online(events),
        online=kind == Kind.SUPPLEMENT_REQUESTED or dossier.channel == Channel.ONLINE,
    )


def delay(dossier: Dossier, events: Sequence[DossierEvent], now: datetime.datetime | None = None) -> Delay:
    """Whether the dossier is overdue now (the desk's rule and words), and the apology letter if one was issued."""
    now = now or timezone.now()
    status = due_status(dossier, now)
    apology = next((event for event in reversed(events) if event.kind == Kind.EXTENDED), None)
    return Delay(
        overdue=status.overdue,
        label=status.label if status.overdue else "",
        due_at=status.due_at,
        apology=apology,
        new_due_at=_promised(apology),
    )


def _promised(apology: DossierEvent | None) -> datetime.datetime | None:
    """The new appointment written in the apology letter (kept in its event, as printed on Mẫu 04)."""
    value = (apology.details or {}).get("new_due_at") if apology is not None else None
    return datetime.datetime.fromisoformat(value) if value else None
