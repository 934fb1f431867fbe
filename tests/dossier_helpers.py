"""Shared set-up for the dossier tests: the demo desk at Hồng Vân and a way to take a dossier along the path."""

import datetime
from zoneinfo import ZoneInfo

from motcua.accounts.models import User
from motcua.catalog.models import ProcedureMethod
from motcua.dossiers import lifecycle
from motcua.orgs.models import Agency

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PERSON = lifecycle.Applicant(
    kind="person", name="Nguyễn Văn An", id_number="001090012345", phone="0912345678", address="Thôn Hồng Vân"
)
CENTRE = "Trung tâm Phục vụ hành chính công xã Hồng Vân"
UBND = "Ủy ban nhân dân xã Hồng Vân"
POLICE = "Công an xã Hồng Vân"


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=VN)


def method(code: str, channel: str = "direct") -> ProcedureMethod:
    return ProcedureMethod.objects.get(version__procedure__code=code, version__status="published", channel=channel)


def user(username: str) -> User:
    return User.objects.get(username=username)


def intake(code: str = "1.002211", channel: str = "direct", competent: str = UBND, **extra) -> lifecycle.Intake:
    return lifecycle.Intake(
        method=method(code, channel),
        receiving_agency=Agency.objects.get(name=CENTRE),
        competent_agency=Agency.objects.get(name=competent),
        applicant=extra.pop("applicant", PERSON),
        **extra,
    )


def processing(received: datetime.datetime, code: str = "1.002211"):
    """A dossier accepted at `received`, transferred an hour later and assigned to the demo specialist."""
    desk, leader = user("tiepnhan.hongvan"), user("lanhdao.hongvan")
    dossier = lifecycle.accept(desk, intake(code), at=received)
    dossier = lifecycle.transfer(desk, dossier, at=received + datetime.timedelta(hours=1))
    return lifecycle.assign(
        leader, dossier, specialist=user("chuyenvien.hongvan"), at=received + datetime.timedelta(hours=2)
    )
