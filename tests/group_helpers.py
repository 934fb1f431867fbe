"""Shared set-up for the tests of the Decree 63/2024/NĐ-CP groups: filing a group and taking its parts along."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from dossier_helpers import CENTRE, PERSON, user
from motcua.demo.group_seed import RESOLVERS
from motcua.dossiers import lifecycle
from motcua.dossiers.uploads import Upload
from motcua.groups import services
from motcua.groups.definitions import GroupKind
from motcua.orgs.models import Agency

HOUR = datetime.timedelta(hours=1)
# A PDF as the upload check reads it: by its magic number, not by its name.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def centre() -> Agency:
    return Agency.objects.get(name=CENTRE)


def pdf_file(name: str = "giay-chung-sinh.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def file_online(kind: str = GroupKind.BIRTH, *, at: datetime.datetime):
    """The demo citizen files a group online, with one file for the first part."""
    citizen = user("congdan")
    planned = services.plan(kind, centre(), services.ONLINE, at.date())
    upload = Upload(pdf_file(), planned[0].requirements[0].pk)
    applicant = lifecycle.Applicant(**{**PERSON.__dict__, "user": citizen})
    return services.submit_online(
        citizen,
        kind,
        receiving_agency=centre(),
        applicant=applicant,
        details=[("Họ, chữ đệm, tên của trẻ", "Nguyễn Minh Khôi")],
        uploads=[upload],
        at=at,
    )


def file_at_desk(kind: str = GroupKind.DEATH, *, at: datetime.datetime):
    """The desk receives a complete group: every component of every part handed in."""
    planned = services.plan(kind, centre(), services.AT_DESK, at.date())
    return services.receive_at_desk(
        user("tiepnhan.hongvan"),
        kind,
        receiving_agency=centre(),
        applicant=PERSON,
        details=[("Họ, chữ đệm, tên người chết", "Phạm Văn Cường")],
        uploads=[],
        presented=[doc.pk for item in planned for doc in item.requirements],
        at=at,
    )


def handle(dossier, at: datetime.datetime):
    """Transfer the part to its agency and have its leader assign it: it is being resolved."""
    leader, specialist = (user(name) for name in RESOLVERS[dossier.competent_agency.name])
    dossier = lifecycle.transfer(user("tiepnhan.hongvan"), dossier, at=at)
    return lifecycle.assign(leader, dossier, specialist=specialist, at=at + HOUR / 4)


def sign(dossier, at: datetime.datetime):
    """The part's result is issued (submitted by its specialist, signed by its leader)."""
    leader, specialist = (user(name) for name in RESOLVERS[dossier.competent_agency.name])
    dossier = lifecycle.submit_for_signature(specialist, dossier, note="Dự thảo kết quả", at=at)
    return lifecycle.sign(leader, dossier, at=at + HOUR / 4)
