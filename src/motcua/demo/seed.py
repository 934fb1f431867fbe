"""Demo data (dữ liệu mẫu): Hà Nội with its communes, xã Hồng Vân's agencies, a user for every role.

Electronic identifiers here are illustrative values in the QĐ 20/2020 format, not the official codes.
The demo password is public on purpose; `motcua demo` refuses to run in production mode.
"""

from dataclasses import dataclass

from django.db import transaction

from motcua.accounts.models import ApplicantProfile, Role, RoleAssignment, User
from motcua.demo.catalog_seed import seed_catalog
from motcua.demo.group_seed import SOCIAL_INSURANCE, seed_group_catalog
from motcua.orgs.loader import load_units
from motcua.orgs.models import LEGACY_VALID_UNTIL, REFORM_2025_DATE, AdministrativeUnit, Agency

DEMO_PASSWORD = "motcua-demo-2026"
HANOI = 1
HONG_VAN_CODE = "10210"  # xã Hồng Vân after 1 July 2025 (absorbed the former xã Hồng Vân 10207)
LEGACY_HONG_VAN_CODE = "10207"
LEGACY_THUONG_TIN_CODE = "279"
THUONG_TIN_CODE = "10183"  # a neighbouring commune, so that scope limits are visible


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role_label: str
    where: str


def _unit(scheme: str, level: int, code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(scheme=scheme, level=level, code=code)


def _agency(name: str, kind: str, unit: AdministrativeUnit, parent: Agency | None = None, **extra) -> Agency:
    agency, _ = Agency.objects.update_or_create(
        name=name, unit=unit, defaults={"kind": kind, "parent": parent, **extra}
    )
    return agency


def _user(username: str, full_name: str, account_type: str = User.AccountType.STAFF, **extra) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, "account_type": account_type, **extra}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _assign(
    user: User, role: str, agency: Agency | None = None, unit: AdministrativeUnit | None = None, title: str = ""
) -> None:
    RoleAssignment.objects.get_or_create(user=user, role=role, agency=agency, unit=unit, defaults={"title": title})


@transaction.atomic
def seed(progress=lambda _message: None) -> list[DemoLogin]:
    progress("Nạp đơn vị hành chính của Hà Nội (hai cấp và ba cấp cũ)…")
    load_units({HANOI}, progress=progress)
    current, legacy = AdministrativeUnit.Scheme.CURRENT, AdministrativeUnit.Scheme.LEGACY
    level = AdministrativeUnit.Level
    hanoi = _unit(current, level.PROVINCE, "01")
    hong_van = _unit(current, level.COMMUNE, HONG_VAN_CODE)
    thuong_tin = _unit(current, level.COMMUNE, THUONG_TIN_CODE)
    kind = Agency.Kind

    progress("Tạo cơ quan mẫu…")
    ubnd_hanoi = _agency(
        "Ủy ban nhân dân Thành phố Hà Nội",
        kind.PEOPLES_COMMITTEE,
        hanoi,
        short_name="UBND TP Hà Nội",
        electronic_id="000.00.00.H26",
    )
    centre_hanoi = _agency(
        "Trung tâm Phục vụ hành chính công Thành phố Hà Nội",
        kind.SERVICE_CENTRE,
        hanoi,
        parent=ubnd_hanoi,
        short_name="TTPVHCC Hà Nội",
        electronic_id="000.00.90.H26",
    )
    _agency(
        "Chi nhánh số 4 – Trung tâm Phục vụ hành chính công Thành phố Hà Nội",
        kind.SERVICE_BRANCH,
        hanoi,
        parent=centre_hanoi,
        electronic_id="000.04.90.H26",
    )
    ubnd_hong_van = _agency(
        "Ủy ban nhân dân xã Hồng Vân",
        kind.PEOPLES_COMMITTEE,
        hong_van,
        parent=ubnd_hanoi,
        short_name="UBND xã Hồng Vân",
        electronic_id="000.00.87.H26",
        valid_from=REFORM_2025_DATE,
    )
    centre_hong_van = _agency(
        "Trung tâm Phục vụ hành chính công xã Hồng Vân",
        kind.SERVICE_CENTRE,
        hong_van,
        parent=ubnd_hong_van,
        electronic_id="000.01.87.H26",
        valid_from=REFORM_2025_DATE,
    )
    # The commune police resolves 24 procedures of the catalog: with its identifier it numbers their dossiers.
    police = _agency(
        "Công an xã Hồng Vân", kind.VERTICAL, hong_van, electronic_id="000.02.87.H26", valid_from=REFORM_2025_DATE
    )
    # The social-insurance office serving the commune: the third agency of the Decree 63/2024 groups (illustrative
    # name and identifier; docs/groups.md).
    social_insurance = _agency(
        SOCIAL_INSURANCE, kind.VERTICAL, hong_van, electronic_id="000.03.87.H26", valid_from=REFORM_2025_DATE
    )
    ubnd_thuong_tin = _agency(
        "Ủy ban nhân dân xã Thường Tín",
        kind.PEOPLES_COMMITTEE,
        thuong_tin,
        parent=ubnd_hanoi,
        electronic_id="000.00.86.H26",
        valid_from=REFORM_2025_DATE,
    )
    _agency(
        "Trung tâm Phục vụ hành chính công xã Thường Tín",
        kind.SERVICE_CENTRE,
        thuong_tin,
        parent=ubnd_thuong_tin,
        valid_from=REFORM_2025_DATE,
    )
    # The legacy district and commune People's Committees, for history and the district-inspects-commune case.
    old_district = _agency(
        "Ủy ban nhân dân huyện Thường Tín",
        kind.PEOPLES_COMMITTEE,
        _unit(legacy, level.DISTRICT, LEGACY_THUONG_TIN_CODE),
        parent=ubnd_hanoi,
        valid_until=LEGACY_VALID_UNTIL,
    )
    _agency(
        "Ủy ban nhân dân xã Hồng Vân (cũ)",
        kind.PEOPLES_COMMITTEE,
        _unit(legacy, level.COMMUNE, LEGACY_HONG_VAN_CODE),
        parent=old_district,
        valid_until=LEGACY_VALID_UNTIL,
    )

    progress("Tạo tài khoản mẫu…")
    staff = User.AccountType.STAFF
    _assign(
        _user("tiepnhan.hongvan", "Nguyễn Thị Lan", staff),
        Role.RECEIVING_OFFICER,
        centre_hong_van,
        title="Cán bộ tiếp nhận",
    )
    _assign(
        _user("chuyenvien.hongvan", "Trần Văn Minh", staff),
        Role.SPECIALIST,
        ubnd_hong_van,
        title="Công chức Tư pháp – Hộ tịch",
    )
    _assign(_user("lanhdao.hongvan", "Lê Văn Hùng", staff), Role.LEADER, ubnd_hong_van, title="Phó Chủ tịch UBND xã")
    _assign(
        _user("quantri.hongvan", "Phạm Thị Hoa", staff),
        Role.AGENCY_ADMIN,
        ubnd_hong_van,
        title="Công chức Văn phòng – Thống kê",
    )
    # The commune police resolves the residence procedures and answers the People's Committee's verifications.
    _assign(
        _user("chuyenvien.congan.hongvan", "Ngô Đức Thắng", staff),
        Role.SPECIALIST,
        police,
        title="Cán bộ đăng ký, quản lý cư trú",
    )
    _assign(_user("lanhdao.congan.hongvan", "Bùi Quang Huy", staff), Role.LEADER, police, title="Trưởng Công an xã")
    _assign(
        _user("chuyenvien.bhxh", "Đinh Thị Thu", staff),
        Role.SPECIALIST,
        social_insurance,
        title="Viên chức cấp sổ, thẻ và giải quyết chế độ",
    )
    _assign(_user("lanhdao.bhxh", "Trịnh Văn Long", staff), Role.LEADER, social_insurance, title="Giám đốc")
    _assign(_user("thanhtra.hanoi", "Đỗ Quang Vinh", staff), Role.INSPECTOR, unit=hanoi, title="Thanh tra Thành phố")
    _assign(
        _user("thanhtra.thuongtin", "Vũ Thị Mai", staff),
        Role.INSPECTOR,
        old_district,
        title="Thanh tra huyện (trước 01/7/2025)",
    )
    _assign(_user("quantri.hethong", "Hoàng Minh Tuấn", staff, is_staff=True, is_superuser=True), Role.SYSTEM_ADMIN)
    citizen = _user(
        "congdan", "Nguyễn Văn An", User.AccountType.CITIZEN, email="congdan@example.com", phone="0912345678"
    )
    ApplicantProfile.objects.get_or_create(
        user=citizen,
        defaults={
            "kind": ApplicantProfile.Kind.PERSON,
            "personal_id": "001090012345",
            "address": "Thôn Vân Tảo, xã Hồng Vân, Thành phố Hà Nội",
            "residence_unit": hong_van,
        },
    )
    seed_catalog(progress)
    seed_group_catalog(progress)
    return demo_logins()


def demo_logins() -> list[DemoLogin]:
    """The demo accounts that exist, with the role and place each one shows."""
    logins = []
    for user in User.objects.filter(username__in=DEMO_USERNAMES).order_by("pk"):
        assignment = user.roles.select_related("agency", "unit").first()
        if assignment is None:
            logins.append(DemoLogin(user.username, user.get_account_type_display(), ""))
        else:
            where = str(assignment.agency or assignment.unit or "toàn hệ thống")
            logins.append(DemoLogin(user.username, assignment.get_role_display(), where))
    return logins


DEMO_USERNAMES = [
    "tiepnhan.hongvan",
    "chuyenvien.hongvan",
    "lanhdao.hongvan",
    "quantri.hongvan",
    "chuyenvien.congan.hongvan",
    "lanhdao.congan.hongvan",
    "chuyenvien.bhxh",
    "lanhdao.bhxh",
    "thanhtra.hanoi",
    "thanhtra.thuongtin",
    "truongdoan.hanoi",
    "quantri.hethong",
    "congdan",
]
