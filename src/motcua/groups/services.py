"""Filing a group (nộp hồ sơ liên thông, Decree 63/2024/NĐ-CP): one submission, online or at the desk, makes the
group with its reference and one dossier per part, each through motcua.dossiers.lifecycle at its own competent
agency and with its own deadline. All or nothing: one transaction, so a refused part leaves no half group.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from motcua.catalog.filing import is_fileable
from motcua.catalog.models import AgencyOffering, Channel, Procedure, ProcedureMethod, RequiredDocument
from motcua.catalog.versions import components, version_in_force
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier, ReturnMethod
from motcua.dossiers.uploads import Upload
from motcua.groups.codes import allocate_group_reference
from motcua.groups.definitions import Part, parts
from motcua.groups.models import DossierGroup, GroupMember
from motcua.orgs.models import Agency

ONLINE = (Channel.ONLINE,)
# At the desk a part is filed on paper when its procedure has a paper method; a part published as online-only
# (e.g. 1.003197, xóa đăng ký thường trú) is entered electronically by the desk on the applicant's behalf, as the
# decree's electronic inter-agency flow expects (docs/groups.md).
AT_DESK = (Channel.DIRECT, Channel.ONLINE)


@dataclass(frozen=True)
class PlannedPart:
    """One part as it will be filed: the method, who resolves it, and what it asks for."""

    part: Part
    method: ProcedureMethod
    competent_agency: Agency
    requirements: tuple[RequiredDocument, ...]  # the components to hand in (not the "Lưu ý" rows)


def _resolver(procedure: Procedure, receiving_agency: Agency) -> Agency | None:
    """The agency resolving the part: the one in the desk's own unit when there is one, else the first offering it."""
    offerings = AgencyOffering.objects.filter(procedure=procedure, resolves=True, active=True).select_related("agency")
    agencies = sorted((o.agency for o in offerings), key=lambda agency: agency.name)
    local = [agency for agency in agencies if agency.unit_id == receiving_agency.unit_id]
    return (local or agencies or [None])[0]


def _method(version, offering: AgencyOffering, channels: Sequence[str]) -> ProcedureMethod | None:
    methods = [m for m in version.methods.order_by("order", "pk") if is_fileable(m)]
    for channel in channels:
        for method in methods:
            if method.channel == channel and channel in (offering.channels or []):
                return method
    return None


def plan(kind: str, receiving_agency: Agency, channels: Sequence[str], on: datetime.date) -> list[PlannedPart]:
    """Each part of the group as `receiving_agency` can take it on `on`, or a ValidationError naming the part the
    catalog cannot serve (not offered, no version in force, no method on these channels, nobody resolves it)."""
    planned = []
    for part in parts(kind):
        procedure = Procedure.objects.filter(code=part.code).first()
        version = version_in_force(procedure, on) if procedure else None
        offering = (
            AgencyOffering.objects.filter(
                procedure=procedure, agency=receiving_agency, receives=True, active=True
            ).first()
            if version
            else None
        )
        method = _method(version, offering, channels) if offering else None
        resolver = _resolver(procedure, receiving_agency) if method else None
        if resolver is None:
            raise ValidationError(
                gettext("%(agency)s chưa tiếp nhận được thủ tục «%(part)s» (%(code)s) của nhóm liên thông này.")
                % {"agency": receiving_agency, "part": part.label, "code": part.code}
            )
        required = tuple(doc for doc in components(version)[0] if not doc.is_note)
        planned.append(PlannedPart(part, method, resolver, required))
    return planned


def receiving_agencies(kind: str, channels: Sequence[str], on: datetime.date) -> list[Agency]:
    """The desks that can take every part of the group on these channels (those that receive its first part and
    for which `plan` succeeds)."""
    first = parts(kind)[0].code
    candidates = Agency.objects.filter(
        offerings__procedure__code=first, offerings__receives=True, offerings__active=True
    ).exclude(valid_from__gt=on)
    found = []
    for agency in candidates.exclude(valid_until__lt=on).distinct().order_by("name"):
        try:
            plan(kind, agency, channels, on)
        except ValidationError:
            continue
        found.append(agency)
    return found


def summary_text(reference: str, part: Part, details: Iterable[tuple[str, str]]) -> str:
    """The member's request: which group and part it is, then the group's one declaration (tờ khai điện tử)."""
    lines = [gettext("Hồ sơ liên thông %(reference)s – %(part)s") % {"reference": reference, "part": part.label}]
    lines += [f"{label}: {value}" for label, value in details if str(value).strip()]
    return "\n".join(lines)


def _own_uploads(planned: PlannedPart, uploads: Iterable[Upload]) -> tuple[Upload, ...]:
    ids = {doc.pk for doc in planned.requirements}
    return tuple(upload for upload in uploads if upload.requirement_id in ids)


def _new_group(kind: str, channel: str, applicant_user, actor, at: datetime.datetime) -> DossierGroup:
    return DossierGroup.objects.create(
        kind=kind,
        reference=allocate_group_reference(at),
        channel=channel,
        applicant_user=applicant_user,
        created_by=actor if getattr(actor, "pk", None) else None,
        created_at=at,
    )


def _intake(planned, receiving_agency, applicant, summary, return_method, uploads, presented=None):
    return lifecycle.Intake(
        method=planned.method,
        receiving_agency=receiving_agency,
        competent_agency=planned.competent_agency,
        applicant=applicant,
        request_summary=summary,
        return_method=return_method,
        documents=_own_uploads(planned, uploads),
        presented=presented,
    )


def submit_online(
    user,
    kind: str,
    *,
    receiving_agency: Agency,
    applicant: lifecycle.Applicant,
    details: Sequence[tuple[str, str]],
    uploads: Sequence[Upload],
    return_method: str = ReturnMethod.DESK,
    at: datetime.datetime | None = None,
) -> DossierGroup:
    """An online group submission: each part waits for the desk's check (Decree 118 Art. 17.2) as its own dossier."""
    at = at or timezone.now()
    planned = plan(kind, receiving_agency, ONLINE, timezone.localdate(at))
    with transaction.atomic():
        group = _new_group(kind, Channel.ONLINE, user, user, at)
        for order, item in enumerate(planned, 1):
            summary = summary_text(group.reference, item.part, details)
            intake = _intake(item, receiving_agency, applicant, summary, return_method, uploads)
            dossier = lifecycle.submit_online(user, intake, at=at)
            GroupMember.objects.create(group=group, dossier=dossier, order=order, part=item.part.code)
    return group


def receive_at_desk(
    officer,
    kind: str,
    *,
    receiving_agency: Agency,
    applicant: lifecycle.Applicant,
    details: Sequence[tuple[str, str]],
    uploads: Sequence[Upload],
    presented: Iterable[int],
    return_method: str = ReturnMethod.DESK,
    at: datetime.datetime | None = None,
) -> DossierGroup:
    """The desk receives a complete group (tiếp nhận, Decree 118 Art. 17.1.c): each part is accepted at once with
    its own code, receipt (Mẫu 01) and deadline; a part missing a required component refuses the whole group."""
    at = at or timezone.now()
    presented = set(presented)
    planned = plan(kind, receiving_agency, AT_DESK, timezone.localdate(at))
    with transaction.atomic():
        group = _new_group(kind, Channel.DIRECT, applicant.user, officer, at)
        for order, item in enumerate(planned, 1):
            summary = summary_text(group.reference, item.part, details)
            shown = tuple(doc.pk for doc in item.requirements if doc.pk in presented)
            intake = _intake(item, receiving_agency, applicant, summary, return_method, uploads, shown)
            dossier = lifecycle.accept(officer, intake, at=at)
            GroupMember.objects.create(group=group, dossier=dossier, order=order, part=item.part.code)
    return group


def members(group: DossierGroup) -> list[Dossier]:
    """The group's dossiers in the decree's order, with what their pages show."""
    return [
        member.dossier
        for member in group.members.select_related(
            "dossier__version__procedure", "dossier__competent_agency", "dossier__receiving_agency"
        ).order_by("order")
    ]
