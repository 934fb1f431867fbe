"""The dossier lifecycle (Decree 118/2025 Arts 15–24): the only writer of a dossier's state and deadlines.

Each action is one transaction that checks its guard (state, role, scope), appends an event to the history and
stores the deadline replayed from the dossier's clock. This slice implements acceptance at the desk (tiếp nhận,
Art. 17.1.c and 17.3): the resolution period counts from the accepted time printed on the receipt.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from motcua.accounts.identity_numbers import validate_cccd, validate_tax_code
from motcua.accounts.models import Role
from motcua.catalog.models import AgencyOffering, ProcedureMethod
from motcua.catalog.versions import version_in_force
from motcua.dossiers.codes import allocate_code
from motcua.dossiers.deadlines import due_at
from motcua.dossiers.models import ApplicantKind, Dossier, DossierEvent, State
from motcua.orgs.models import Agency
from motcua.workcal.clock import DeadlineClock


@dataclass(frozen=True)
class Applicant:
    kind: str
    name: str
    id_number: str
    phone: str = ""
    email: str = ""
    address: str = ""
    submitter_name: str = ""
    user: object = None


def _check_applicant(applicant: Applicant) -> None:
    if not applicant.name.strip():
        raise ValidationError({"applicant_name": gettext("Hãy nhập tên người nộp hồ sơ.")})
    if applicant.kind == ApplicantKind.PERSON:
        validate_cccd(applicant.id_number)
    elif applicant.kind == ApplicantKind.ORGANISATION:
        validate_tax_code(applicant.id_number)
    else:
        raise ValidationError({"applicant_kind": gettext("Loại người nộp không hợp lệ.")})


def _check_offering(method: ProcedureMethod, receiving: Agency, competent: Agency) -> None:
    procedure = method.version.procedure
    offerings = {o.agency_id: o for o in AgencyOffering.objects.filter(procedure=procedure, active=True)}
    desk = offerings.get(receiving.pk)
    if desk is None or not desk.receives or method.channel not in desk.channels:
        raise ValidationError(
            gettext("%(agency)s không tiếp nhận thủ tục %(code)s theo hình thức «%(channel)s».")
            % {"agency": receiving, "code": procedure.code, "channel": method.get_channel_display()}
        )
    resolver = offerings.get(competent.pk)
    if resolver is None or not resolver.resolves:
        raise ValidationError(
            gettext("%(agency)s không giải quyết thủ tục %(code)s.") % {"agency": competent, "code": procedure.code}
        )


def accept(
    officer,
    *,
    method: ProcedureMethod,
    receiving_agency: Agency,
    competent_agency: Agency,
    applicant: Applicant,
    received_at: datetime.datetime | None = None,
) -> Dossier:
    """Accept a complete dossier at the desk: give it its code, start its clock and store its due instant."""
    received_at = received_at or timezone.now()
    if not officer.roles.filter(role=Role.RECEIVING_OFFICER, agency=receiving_agency).exists():
        raise PermissionDenied(
            gettext("Chỉ cán bộ tiếp nhận của %(agency)s được tiếp nhận hồ sơ tại đây.") % {"agency": receiving_agency}
        )
    version = method.version
    if version_in_force(version.procedure, on=timezone.localdate(received_at)) != version:
        raise ValidationError(gettext("Phiên bản thủ tục này không có hiệu lực vào ngày tiếp nhận."))
    if method.duration is None:
        raise ValidationError(
            gettext("Cách thức này chưa có thời hạn giải quyết có cấu trúc; hãy bổ sung trong danh mục thủ tục.")
        )
    _check_offering(method, receiving_agency, competent_agency)
    _check_applicant(applicant)
    clock = DeadlineClock.started(method.duration, received_at, note="tiếp nhận")
    with transaction.atomic():
        dossier = Dossier.objects.create(
            code=allocate_code(competent_agency, received_at),
            version=version,
            method=method,
            channel=method.channel,
            receiving_agency=receiving_agency,
            competent_agency=competent_agency,
            applicant_kind=applicant.kind,
            applicant_name=applicant.name.strip(),
            applicant_id_number=applicant.id_number,
            applicant_phone=applicant.phone,
            applicant_email=applicant.email,
            applicant_address=applicant.address,
            submitter_name=applicant.submitter_name,
            applicant_user=applicant.user,
            state=State.RECEIVED,
            received_at=received_at,
            due_at=due_at(clock, competent_agency),
            clock=clock.to_data(),
            received_by=officer,
        )
        DossierEvent.objects.create(
            dossier=dossier,
            at=received_at,
            kind=DossierEvent.Kind.ACCEPTED,
            actor=officer,
            to_state=State.RECEIVED,
            note=gettext("Tiếp nhận hồ sơ, mã %(code)s") % {"code": dossier.code},
            due_at=dossier.due_at,
        )
    return dossier
