"""Demo reform data (dữ liệu mẫu CCHC): xã Hồng Vân's plans for the year and a city inspection of its first eight
months that mirrors the founding scenario: plans issued, satisfaction surveyed, the desk staffed; overdue dossiers,
untimely posting and weak communication found; recommendations to fix them, one already reported on.

Everything goes through the services, so the records, audit entries and the signed evidence are the real ones.
"""

import datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.demo.seed import DEMO_PASSWORD
from motcua.orgs.models import Agency
from motcua.reform.models import Area, ChecklistItem, Finding, Inspection, PlanTask, ReformPlan, TeamMember
from motcua.reform.services import followup, inspections, plans

VN = ZoneInfo("Asia/Ho_Chi_Minh")
LEAD_USERNAME = "truongdoan.hanoi"
CITY = "Ủy ban nhân dân Thành phố Hà Nội"
COMMUNE = "Ủy ban nhân dân xã Hồng Vân"
CENTRE = "Trung tâm Phục vụ hành chính công xã Hồng Vân"

# (area, task, owner, month and day of the deadline, expected output, status, progress)
TASKS = [
    (Area.DIRECTION, "Ban hành kế hoạch CCHC năm", "Văn phòng – Thống kê", (1, 15), "Kế hoạch", "done", 100),
    (Area.DIRECTION, "Báo cáo CCHC quý, 6 tháng", "Văn phòng – Thống kê", (6, 30), "Báo cáo", "done", 100),
    (
        Area.INSTITUTIONS,
        "Rà soát văn bản quy phạm pháp luật của xã",
        "Tư pháp – Hộ tịch",
        (9, 30),
        "Báo cáo rà soát",
        "in_progress",
        60,
    ),
    (
        Area.PROCEDURES,
        "Niêm yết đầy đủ TTHC đang có hiệu lực tại Bộ phận Một cửa",
        "Trung tâm PVHCC xã",
        (3, 31),
        "Bảng niêm yết",
        "in_progress",
        70,
    ),
    (
        Area.PROCEDURES,
        "Khảo sát mức độ hài lòng của người dân",
        "Trung tâm PVHCC xã",
        (6, 30),
        "Kết quả khảo sát",
        "done",
        100,
    ),
    (
        Area.APPARATUS,
        "Kiện toàn Trung tâm Phục vụ hành chính công xã",
        "Văn phòng – Thống kê",
        (2, 28),
        "Quyết định kiện toàn",
        "done",
        100,
    ),
    (
        Area.CIVIL_SERVICE,
        "Đánh giá, xếp loại công chức theo quý",
        "Văn phòng – Thống kê",
        (12, 15),
        "Kết quả đánh giá",
        "in_progress",
        50,
    ),
    (
        Area.PUBLIC_FINANCE,
        "Công khai dự toán ngân sách xã",
        "Tài chính – Kế toán",
        (1, 31),
        "Thông báo công khai",
        "done",
        100,
    ),
    (
        Area.DIGITAL,
        "Tăng tỷ lệ hồ sơ nộp trực tuyến",
        "Trung tâm PVHCC xã",
        (12, 31),
        "Tỷ lệ trực tuyến ≥ 50%",
        "in_progress",
        40,
    ),
    (
        Area.COMMUNICATION,
        "Tuyên truyền CCHC trên đài truyền thanh xã",
        "Văn hóa – Xã hội",
        (4, 30),
        "Chuyên mục hằng tháng",
        "not_started",
        0,
    ),
    (
        Area.COMMUNICATION,
        "Hướng dẫn người dân nộp hồ sơ trực tuyến tại thôn",
        "Văn hóa – Xã hội",
        (6, 30),
        "Các buổi hướng dẫn",
        "not_started",
        0,
    ),
]
STRENGTHS = [
    (Area.DIRECTION, "Đã ban hành kế hoạch CCHC và kế hoạch kiểm soát TTHC năm đúng thời hạn."),
    (Area.PROCEDURES, "Bộ phận Một cửa được bố trí cán bộ tiếp nhận; đã triển khai khảo sát sự hài lòng."),
]
SHORTCOMINGS = [
    (Area.PROCEDURES, "Còn hồ sơ giải quyết quá hạn; một số hồ sơ quá hạn chưa có văn bản xin lỗi."),
    (Area.PROCEDURES, "Niêm yết thủ tục hành chính chưa đầy đủ, chưa kịp thời."),
    (Area.COMMUNICATION, "Công tác thông tin, tuyên truyền CCHC còn hạn chế."),
]


def _local(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=VN)


def _lead() -> User:
    user, created = User.objects.get_or_create(
        username=LEAD_USERNAME,
        defaults={"full_name": "Trịnh Văn Sơn", "account_type": User.AccountType.STAFF},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    RoleAssignment.objects.get_or_create(
        user=user,
        role=Role.LEADER,
        agency=Agency.objects.get(name=CITY),
        defaults={"title": "Phó Giám đốc Sở Nội vụ, Trưởng đoàn kiểm tra CCHC"},
    )
    return user


def demo_year(today: datetime.date) -> int:
    """The year whose first eight months are over by mid-September."""
    return today.year if today >= datetime.date(today.year, 9, 15) else today.year - 1


def _plans(admin: User, commune: Agency, year: int) -> None:
    reform = plans.create_plan(
        admin,
        commune,
        year=year,
        kind=ReformPlan.Kind.REFORM,
        title=f"Kế hoạch cải cách hành chính năm {year}",
        number="05/KH-UBND",
        issued_on=datetime.date(year, 1, 10),
    )
    plans.create_plan(
        admin,
        commune,
        year=year,
        kind=ReformPlan.Kind.PROCEDURE_CONTROL,
        title=f"Kế hoạch kiểm soát thủ tục hành chính năm {year}",
        number="06/KH-UBND",
        issued_on=datetime.date(year, 1, 12),
    )
    for area, title, owner, (month, day), output, status, progress in TASKS:
        deadline = datetime.date(year, month, day)
        task = plans.add_task(
            admin, reform, area=area, title=title, owner=owner, deadline=deadline, expected_output=output
        )
        if status != PlanTask.Status.NOT_STARTED:
            reported = min(deadline, datetime.date(year, 8, 31))
            plans.report_progress(
                admin,
                task,
                status=status,
                progress=progress,
                note="Đã thực hiện theo kế hoạch." if status == "done" else "Đang triển khai.",
                at=_local(reported, 16),
            )


def _inspection(lead: User, year: int, today: datetime.date) -> Inspection:
    city, commune = Agency.objects.get(name=CITY), Agency.objects.get(name=COMMUNE)
    centre = Agency.objects.get(name=CENTRE)
    inspected_on = min(datetime.date(year, 9, 15), today)
    team = [
        inspections.Member("Trịnh Văn Sơn", TeamMember.Role.LEAD, "Phó Giám đốc Sở Nội vụ", lead),
        inspections.Member("Nguyễn Thị Thu", TeamMember.Role.MEMBER, "Văn phòng HĐND và UBND thành phố"),
        inspections.Member("Lê Minh Đức", TeamMember.Role.MEMBER, "Sở Tư pháp"),
        inspections.Member("Phạm Văn Long", TeamMember.Role.SECRETARY, "Sở Nội vụ"),
    ]
    inspection = inspections.plan_inspection(
        lead,
        city,
        commune,
        title="công tác cải cách hành chính và kiểm soát thủ tục hành chính",
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 8, 31),
        inspected_on=inspected_on,
        decision_number="125/QĐ-UBND",
        team=team,
    )
    results = {"late_dossiers": "not_met", "posting": "partly", "communication": "not_met", "apologies": "partly"}
    for item in inspection.checklist.all():
        inspections.assess(
            lead, item, result=results.get(item.measure, ChecklistItem.Result.MET), note="Theo số liệu trên hệ thống."
        )
    for kind, rows in ((Finding.Kind.STRENGTH, STRENGTHS), (Finding.Kind.SHORTCOMING, SHORTCOMINGS)):
        for area, text in rows:
            inspections.add_finding(lead, inspection, kind=kind, area=area, text=text)
    day = datetime.timedelta(days=1)
    inspections.add_recommendation(
        lead,
        inspection,
        area=Area.PROCEDURES,
        text="Giải quyết dứt điểm hồ sơ quá hạn; ban hành văn bản xin lỗi (Mẫu 04) cho mọi hồ sơ quá hạn.",
        responsible=commune,
        deadline=inspected_on + 30 * day,
    )
    posting = inspections.add_recommendation(
        lead,
        inspection,
        area=Area.PROCEDURES,
        text="Niêm yết đầy đủ, kịp thời các thủ tục hành chính đang có hiệu lực tại Bộ phận Một cửa.",
        responsible=centre,
        deadline=inspected_on + 45 * day,
    )
    inspections.add_recommendation(
        lead,
        inspection,
        area=Area.COMMUNICATION,
        text="Xây dựng và thực hiện kế hoạch thông tin, tuyên truyền CCHC, hướng dẫn nộp hồ sơ trực tuyến.",
        responsible=commune,
        deadline=inspected_on + 60 * day,
    )
    inspections.set_conclusion(
        lead,
        inspection,
        "UBND xã Hồng Vân đã triển khai công tác CCHC và kiểm soát TTHC theo kế hoạch; còn hồ sơ quá hạn, niêm yết "
        "TTHC chưa kịp thời và tuyên truyền còn hạn chế. Đề nghị UBND xã thực hiện các kiến nghị nêu trên và báo cáo "
        "kết quả về Đoàn kiểm tra đúng thời hạn.",
    )
    inspection = inspections.sign(lead, inspection, at=_local(inspected_on, 16))
    reported_on = min(inspected_on + 20 * day, today)
    admin = User.objects.get(username="quantri.hongvan")
    followup.report(
        admin,
        posting,
        text="Đã rà soát và niêm yết bổ sung các thủ tục còn thiếu tại Bộ phận Một cửa.",
        at=_local(reported_on, 10),
    )
    return inspection


@transaction.atomic
def seed_reform(progress=lambda _message: None, today: datetime.date | None = None) -> Inspection:
    """Hồng Vân's plans of the demo year and the city's signed inspection of its first eight months (idempotent)."""
    today = today or timezone.localdate()
    year = demo_year(today)
    existing = Inspection.objects.filter(target_agency__name=COMMUNE, inspecting_agency__name=CITY).first()
    if existing is not None:
        return existing
    progress("Tạo kế hoạch CCHC và cuộc kiểm tra mẫu của xã Hồng Vân…")
    admin = User.objects.get(username="quantri.hongvan")
    commune = Agency.objects.get(name=COMMUNE)
    if not ReformPlan.objects.filter(agency=commune, year=year).exists():
        _plans(admin, commune, year)
    return _inspection(_lead(), year, today)
