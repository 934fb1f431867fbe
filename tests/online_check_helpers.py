"""Shared set-up for the tests of the online check (Decree 118/2025 Art. 17.2): an online submission at the demo
desk of Hồng Vân, and a second commune whose desk receives the same procedure online and whose committee resolves
it — the competent agency a submission filed at the wrong desk is forwarded to."""

import dataclasses

from dossier_helpers import CENTRE, PERSON, UBND, at, intake
from motcua.accounts.models import Role, RoleAssignment, User
from motcua.catalog.models import AgencyOffering, Channel, Procedure
from motcua.dossiers import lifecycle
from motcua.orgs.models import Agency

CODE = "1.002211"
APPLICANT = dataclasses.replace(PERSON, email="an@example.vn")
SUBMITTED_AT = at(2026, 3, 2, 8)  # a Monday: the 8 working hours end at 17:00 the same day


def other_commune() -> dict:
    """Vân Tảo: a centre receiving the procedure online, a committee resolving it, a receiving officer there."""
    unit = Agency.objects.get(name=CENTRE).unit
    centre = Agency.objects.create(
        name="Trung tâm Phục vụ hành chính công xã Vân Tảo", kind=Agency.Kind.SERVICE_CENTRE, unit=unit
    )
    committee = Agency.objects.create(
        name="Ủy ban nhân dân xã Vân Tảo", kind=Agency.Kind.PEOPLES_COMMITTEE, unit=unit, electronic_id="000.99.5.H26"
    )
    procedure = Procedure.objects.get(code=CODE)
    AgencyOffering.objects.create(procedure=procedure, agency=centre, receives=True, channels=[Channel.ONLINE])
    AgencyOffering.objects.create(procedure=procedure, agency=committee, receives=False, resolves=True)
    officer = User.objects.create_user(
        "tiepnhan.vantao", password="x", account_type=User.AccountType.STAFF, email="tiepnhan@vantao.example.vn"
    )
    RoleAssignment.objects.create(user=officer, role=Role.RECEIVING_OFFICER, agency=centre)
    return {"centre": centre, "committee": committee, "officer": officer, "hongvan_ubnd": Agency.objects.get(name=UBND)}


def submitted(when=SUBMITTED_AT):
    """An online submission waiting for the Hồng Vân desk's check."""
    return lifecycle.submit_online(None, intake(CODE, channel="online", applicant=APPLICANT), at=when)
