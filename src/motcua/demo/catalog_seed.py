"""Demo catalog: the real commune-level procedures, what xã Hồng Vân's agencies offer, and a few internal processes.

The 240 procedures come from data/procedures.json (the national portal's shape; see data/README.md) and are
imported as published versions in force from 1 July 2025. TTPVHCC xã Hồng Vân receives every procedure on the
channels its methods allow; UBND xã Hồng Vân resolves them, except those the portal assigns to the commune police
("Công an cấp xã"), which Công an xã Hồng Vân resolves. The internal processes are illustrative, not official.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from motcua.accounts.models import Role
from motcua.catalog.interchange.importer import import_records, read_file, read_records
from motcua.catalog.models import AgencyOffering, Channel, InternalProcess, ProcedureVersion, ProcessStep
from motcua.orgs.models import REFORM_2025_DATE, Agency

CATALOG_FILE = Path(__file__).parent / "data" / "procedures.json"
CENTRE = "Trung tâm Phục vụ hành chính công xã Hồng Vân"
COMMITTEE = "Ủy ban nhân dân xã Hồng Vân"
POLICE = "Công an xã Hồng Vân"
POLICE_MARK = "Công an cấp xã"
DAY = 8 * 60  # working minutes in a working day (8:00–12:00, 13:30–17:30 style schedules)


@dataclass(frozen=True)
class Step:
    name: str
    role: str
    minutes: int
    at_centre: bool = False  # done by the one-stop centre rather than the resolving agency
    department: str = ""
    parallel_group: int | None = None
    is_consultation: bool = False


def _desk(minutes: int) -> tuple[Step, Step]:
    return (
        Step("Tiếp nhận, kiểm tra hồ sơ, chuyển xử lý", Role.RECEIVING_OFFICER, minutes, at_centre=True),
        Step("Trả kết quả cho người yêu cầu", Role.RECEIVING_OFFICER, minutes, at_centre=True),
    )


def _simple(desk: int, review: int, sign: int, department: str) -> list[Step]:
    receive, hand_back = _desk(desk)
    return [
        receive,
        Step("Thẩm định hồ sơ, dự thảo kết quả", Role.SPECIALIST, review, department=department),
        Step("Xem xét, ký kết quả", Role.LEADER, sign),
        hand_back,
    ]


def _land_mediation() -> list[Step]:
    receive, hand_back = _desk(DAY // 2)
    return [
        receive,
        Step(
            "Xác minh, thu thập tài liệu về tranh chấp",
            Role.SPECIALIST,
            5 * DAY,
            department="Địa chính",
            parallel_group=1,
        ),
        Step(
            "Lấy ý kiến Ủy ban Mặt trận Tổ quốc xã, tổ hòa giải thôn",
            Role.SPECIALIST,
            5 * DAY,
            department="Ủy ban Mặt trận Tổ quốc xã",
            parallel_group=1,
            is_consultation=True,
        ),
        Step("Tổ chức hòa giải, lập biên bản", Role.SPECIALIST, 8 * DAY, department="Hội đồng hòa giải"),
        Step("Xem xét, ký biên bản hòa giải", Role.LEADER, DAY),
        hand_back,
    ]


# Code → steps. Same-day civil-status procedures fit in the two hours before the 15:00 cut-off closes the day.
PROCESSES = {
    "1.001193": _simple(15, 60, 30, "Tư pháp – Hộ tịch"),  # đăng ký khai sinh: trong ngày
    "1.000656": _simple(15, 60, 30, "Tư pháp – Hộ tịch"),  # đăng ký khai tử: trong ngày
    "2.000815": _simple(10, 45, 20, "Tư pháp – Hộ tịch"),  # chứng thực bản sao: trong ngày
    "1.004837": _simple(60, 2 * DAY - 120, DAY // 2, "Tư pháp – Hộ tịch"),  # đăng ký giám hộ: 3 ngày làm việc
    "1.012812": _land_mediation(),  # hòa giải tranh chấp đất đai: 30 ngày
    "1.004222": _simple(120, 5 * DAY, DAY, "Đội Cảnh sát quản lý hành chính"),  # đăng ký thường trú: 7 ngày làm việc
    "1.004194": _simple(60, 2 * DAY - 120, DAY // 2, "Đội Cảnh sát quản lý hành chính"),  # đăng ký tạm trú: 3 ngày
}


def _current_versions(codes: set[str]) -> dict[str, ProcedureVersion]:
    """The current published version of each of the demo file's procedures only: other seeds (the group parts of
    demo/group_seed.py) import procedures with offerings of their own, which this seed's general rule must not touch."""
    current = {}
    versions = ProcedureVersion.objects.filter(
        status=ProcedureVersion.Status.PUBLISHED, valid_until__isnull=True, procedure__code__in=codes
    )
    for version in versions.select_related("procedure").prefetch_related("methods").order_by("number"):
        current[version.procedure.code] = version
    return current


def _offerings(versions: dict[str, ProcedureVersion], centre: Agency, committee: Agency, police: Agency) -> None:
    wanted = []
    for version in versions.values():
        used = {method.channel for method in version.methods.all()}
        channels = [channel for channel in Channel.values if channel in used] or [Channel.DIRECT.value]
        resolver = police if POLICE_MARK in version.notes else committee
        wanted.append(AgencyOffering(procedure=version.procedure, agency=centre, receives=True, channels=channels))
        wanted.append(AgencyOffering(procedure=version.procedure, agency=resolver, receives=False, resolves=True))
    existing = set(
        AgencyOffering.objects.filter(agency__in=[centre, committee, police]).values_list("procedure_id", "agency_id")
    )
    AgencyOffering.objects.bulk_create([o for o in wanted if (o.procedure_id, o.agency_id) not in existing])


def _processes(versions: dict[str, ProcedureVersion], centre: Agency) -> None:
    offerings = AgencyOffering.objects.filter(
        procedure__code__in=list(PROCESSES), resolves=True, agency__unit=centre.unit
    ).select_related("procedure")
    steps = []
    for offering in offerings:
        version = versions.get(offering.procedure.code)
        if version is None:
            continue
        process, created = InternalProcess.objects.get_or_create(
            offering=offering, version=version, defaults={"approved_on": REFORM_2025_DATE}
        )
        if not created:
            continue
        for order, step in enumerate(PROCESSES[offering.procedure.code], 1):
            steps.append(
                ProcessStep(
                    process=process,
                    order=order,
                    name=step.name,
                    role=step.role,
                    agency=centre if step.at_centre else None,
                    department=step.department,
                    allotted_minutes=step.minutes,
                    parallel_group=step.parallel_group,
                    is_consultation=step.is_consultation,
                )
            )
    ProcessStep.objects.bulk_create(steps)


@cache
def demo_records() -> tuple[dict, ...]:
    """The demo file read once per process (tests seed many times); the importer does not modify records."""
    data = read_file(CATALOG_FILE)
    return tuple(read_records(data, status=ProcedureVersion.Status.PUBLISHED, valid_from=REFORM_2025_DATE.isoformat()))


def seed_catalog(progress=lambda _message: None) -> None:
    """Import the demo catalog and give xã Hồng Vân's agencies their offering; safe to run again."""
    progress("Nạp danh mục 240 thủ tục hành chính cấp xã (dữ liệu Cổng Dịch vụ công quốc gia)…")
    report = import_records(list(demo_records()), source="demo/data/procedures.json")
    if not report.written:
        problems = "; ".join(f"{o.code}: {', '.join(o.reasons)}" for o in report.rejected)
        raise ValueError(f"Danh mục mẫu không nạp được: {problems}")
    progress(f"Danh mục mẫu: {report.summary()}")
    centre = Agency.objects.get(name=CENTRE)
    committee = Agency.objects.get(name=COMMITTEE)
    police = Agency.objects.get(name=POLICE)
    versions = _current_versions({record["code"] for record in demo_records()})
    progress("Gán thủ tục cho các cơ quan xã Hồng Vân và tạo quy trình nội bộ mẫu…")
    _offerings(versions, centre, committee, police)
    _processes(versions, centre)
