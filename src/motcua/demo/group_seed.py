"""Demo of the Decree 63/2024/NĐ-CP groups: the social-insurance parts of the catalog (data/group_procedures.json,
codes DEMO-BHYT6 and DEMO-TUTUAT: their national codes could not be confirmed, docs/groups.md), the offering of
every part at xã Hồng Vân's one-stop centre, and one demo group of each kind filed through motcua.groups.
"""

import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.catalog.interchange.importer import import_records, read_file, read_records
from motcua.catalog.models import AgencyOffering, Channel, Procedure, ProcedureVersion
from motcua.demo.catalog_seed import CENTRE
from motcua.dossiers import lifecycle
from motcua.dossiers.models import ApplicantKind, Dossier
from motcua.groups import services
from motcua.groups.definitions import GroupKind
from motcua.groups.models import DossierGroup
from motcua.notify.services import muted
from motcua.orgs.models import REFORM_2025_DATE, Agency

GROUP_FILE = Path(__file__).parent / "data" / "group_procedures.json"
SOCIAL_INSURANCE = "Bảo hiểm xã hội cơ sở Thường Tín"
CODES = ("DEMO-BHYT6", "DEMO-TUTUAT")
HOUR = datetime.timedelta(hours=1)
SATURDAY = 5


def seed_group_catalog(progress=lambda _message: None) -> None:
    """Import the two social-insurance parts; the centre receives them online and on paper, the social-insurance
    office resolves them. Safe to run again."""
    progress("Nạp hai thủ tục của cơ quan bảo hiểm xã hội trong nhóm liên thông (Nghị định 63/2024/NĐ-CP)…")
    records = read_records(
        read_file(GROUP_FILE), status=ProcedureVersion.Status.PUBLISHED, valid_from=REFORM_2025_DATE.isoformat()
    )
    report = import_records(records, source="demo/data/group_procedures.json")
    if not report.written:
        raise ValueError(f"Thủ tục nhóm liên thông mẫu không nạp được: {report.summary()}")
    centre = Agency.objects.get(name=CENTRE)
    office = Agency.objects.get(name=SOCIAL_INSURANCE)
    for procedure in Procedure.objects.filter(code__in=CODES):
        AgencyOffering.objects.update_or_create(
            procedure=procedure,
            agency=centre,
            defaults={"receives": True, "resolves": False, "channels": [Channel.ONLINE, Channel.DIRECT]},
        )
        AgencyOffering.objects.update_or_create(
            procedure=procedure, agency=office, defaults={"receives": False, "resolves": True}
        )


def _staff(username: str) -> User:
    return User.objects.get(username=username)


# The agency of each part's resolver → (leader, specialist) of the demo.
RESOLVERS = {
    "Ủy ban nhân dân xã Hồng Vân": ("lanhdao.hongvan", "chuyenvien.hongvan"),
    "Công an xã Hồng Vân": ("lanhdao.congan.hongvan", "chuyenvien.congan.hongvan"),
    SOCIAL_INSURANCE: ("lanhdao.bhxh", "chuyenvien.bhxh"),
}


def _resolve(officer: User, dossier: Dossier, start: datetime.datetime, *, sign: bool) -> None:
    """Transfer, assign and appraise the part; sign its result when `sign`."""
    leader, specialist = (_staff(name) for name in RESOLVERS[dossier.competent_agency.name])
    dossier = lifecycle.transfer(officer, dossier, at=start)
    dossier = lifecycle.assign(leader, dossier, specialist=specialist, at=start + HOUR / 6)
    if sign:
        dossier = lifecycle.submit_for_signature(specialist, dossier, note="Dự thảo kết quả", at=start + HOUR / 2)
        lifecycle.sign(leader, dossier, at=start + HOUR)


def _morning(now: datetime.datetime, working_days_back: int) -> datetime.datetime:
    """08:30 on the weekday `working_days_back` weekdays before `now` (the demo desk works Monday to Friday)."""
    local = timezone.localtime(now)
    while working_days_back:
        local -= datetime.timedelta(days=1)
        working_days_back -= local.weekday() < SATURDAY
    return local.replace(hour=8, minute=30, second=0, microsecond=0)


def seed_groups(progress=lambda _message: None, *, now: datetime.datetime | None = None) -> list[DossierGroup]:
    """A birth group filed online by the demo citizen (the birth registered, residence and card in progress) and a
    death group received at the desk with every result in, waiting to be handed over together. Once only."""
    if DossierGroup.objects.exists():
        progress("Đã có nhóm hồ sơ liên thông: bỏ qua.")
        return []
    now = now or timezone.now()
    centre = Agency.objects.get(name=CENTRE)
    officer, citizen = _staff("tiepnhan.hongvan"), _staff("congdan")
    progress("Tạo hai nhóm hồ sơ liên thông mẫu (khai sinh, khai tử)…")
    with muted(), transaction.atomic():
        filed = _morning(now, 3)
        birth = services.submit_online(
            citizen,
            GroupKind.BIRTH,
            receiving_agency=centre,
            applicant=lifecycle.Applicant(
                kind=ApplicantKind.PERSON,
                name=citizen.full_name,
                id_number="001090012345",
                phone=citizen.phone,
                email=citizen.email,
                address="Thôn Vân Tảo, xã Hồng Vân, Thành phố Hà Nội",
                user=citizen,
            ),
            details=[("Họ, chữ đệm, tên của trẻ", "Nguyễn Minh Khôi"), ("Ngày sinh", "28/11/2026")],
            uploads=[],
            at=filed,
        )
        for index, dossier in enumerate(services.members(birth)):
            accepted = lifecycle.accept(officer, dossier, at=filed + HOUR * (1 + index / 6))
            _resolve(officer, accepted, filed + HOUR * 2, sign=index == 0)
        received = _morning(now, 1)
        death = services.receive_at_desk(
            officer,
            GroupKind.DEATH,
            receiving_agency=centre,
            applicant=lifecycle.Applicant(
                kind=ApplicantKind.PERSON,
                name="Trần Thị Bình",
                id_number="001185004321",
                phone="0987654321",
                address="Thôn Đông Cứu, xã Hồng Vân, Thành phố Hà Nội",
            ),
            details=[("Họ, chữ đệm, tên người chết", "Phạm Văn Cường"), ("Ngày chết", "01/12/2026")],
            uploads=[],
            presented=_every_component(GroupKind.DEATH, centre, received),
            at=received,
        )
        for index, dossier in enumerate(services.members(death)):
            _resolve(officer, dossier, received + HOUR * (1 + index), sign=True)
    return [birth, death]


def _every_component(kind: str, centre: Agency, at: datetime.datetime) -> list[int]:
    """The demo applicant at the desk brings every component of every part."""
    planned = services.plan(kind, centre, services.AT_DESK, timezone.localdate(at))
    return [doc.pk for item in planned for doc in item.requirements]
