"""Where an online submission may be forwarded when the receiving agency is not competent (Decree 118/2025
Art. 17.2.c, «chuyển đến cơ quan có thẩm quyền»): by the catalog's offerings (AgencyOffering), the other desks that
receive its procedure online and the agencies that resolve it, each active on the day. Used by the lifecycle's
`forward_online`, the transition table's condition (the action is offered only when there is somewhere to forward
to) and the desk's form."""

import datetime

from django.utils import timezone

from motcua.catalog.models import AgencyOffering, Channel
from motcua.dossiers.models import Dossier
from motcua.orgs.models import Agency


def active_on(agency: Agency, day: datetime.date) -> bool:
    return not (agency.valid_from and agency.valid_from > day) and not (agency.valid_until and agency.valid_until < day)


def offerings(dossier: Dossier) -> list[AgencyOffering]:
    return list(
        AgencyOffering.objects.filter(procedure_id=dossier.version.procedure_id, active=True).select_related("agency")
    )


def choices(dossier: Dossier, day: datetime.date | None = None) -> tuple[list[Agency], list[Agency]]:
    """(the desks it may go to, the agencies that may resolve it), by name."""
    day = day or timezone.localdate()
    desks, resolvers = [], []
    for offering in offerings(dossier):
        agency = offering.agency
        if not active_on(agency, day):
            continue
        online_desk = offering.receives and Channel.ONLINE in (offering.channels or [])
        if online_desk and agency.pk != dossier.receiving_agency_id:
            desks.append(agency)
        if offering.resolves:
            resolvers.append(agency)
    return sorted(desks, key=lambda a: a.name), sorted(resolvers, key=lambda a: a.name)
