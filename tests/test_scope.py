"""Scope (phạm vi truy cập): who sees which administrative units and agencies."""

import pytest

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.accounts.scope import (
    can_see_agency,
    is_read_only,
    is_system_admin,
    visible_agencies,
    visible_agency_ids,
    visible_units,
)
from motcua.orgs.loader import load_units
from motcua.orgs.models import AdministrativeUnit, Agency

Scheme, Level = AdministrativeUnit.Scheme, AdministrativeUnit.Level
HO_CHI_MINH = 79


def user(username: str) -> User:
    return User.objects.get(username=username)


def agency_names(queryset) -> set[str]:
    return set(queryset.values_list("name", flat=True))


@pytest.fixture
def saigon_agency(demo):
    """A second province with one agency, to show that scope stops at the province border."""
    load_units({HO_CHI_MINH})
    saigon = AdministrativeUnit.objects.get(scheme=Scheme.CURRENT, level=Level.PROVINCE, code="79")
    return Agency.objects.create(
        name="Ủy ban nhân dân Thành phố Hồ Chí Minh", kind=Agency.Kind.PEOPLES_COMMITTEE, unit=saigon
    )


def test_province_inspector_sees_the_province_and_not_another(saigon_agency):
    inspector = user("thanhtra.hanoi")
    units = visible_units(inspector)
    hanoi_communes = AdministrativeUnit.objects.filter(scheme=Scheme.CURRENT, level=Level.COMMUNE, parent__code="01")
    assert hanoi_communes.count() == 126
    assert set(hanoi_communes) <= set(units)
    # Legacy units that Hà Nội replaced stay readable, for history.
    assert units.filter(scheme=Scheme.LEGACY, level=Level.DISTRICT, code="279").exists()
    assert not units.filter(code__in=["79", "26734"]).exists()
    assert not units.filter(parent__code="79").exists()

    agencies = visible_agencies(inspector)
    assert "Ủy ban nhân dân xã Hồng Vân" in agency_names(agencies)
    assert "Ủy ban nhân dân huyện Thường Tín" in agency_names(agencies)
    assert saigon_agency not in agencies
    assert not can_see_agency(inspector, saigon_agency)
    assert visible_agency_ids(inspector) == set(
        Agency.objects.exclude(pk=saigon_agency.pk).values_list("pk", flat=True)
    )
    assert is_read_only(inspector)


def test_visible_units_of_a_province_inspector_is_one_query(demo, django_assert_max_num_queries):
    inspector = user("thanhtra.hanoi")
    with django_assert_max_num_queries(1):
        units = list(visible_units(inspector))
    assert len(units) > 126


def test_commune_officer_sees_only_their_own_agency(demo):
    for username, agency in [
        ("tiepnhan.hongvan", "Trung tâm Phục vụ hành chính công xã Hồng Vân"),
        ("chuyenvien.hongvan", "Ủy ban nhân dân xã Hồng Vân"),
        ("lanhdao.hongvan", "Ủy ban nhân dân xã Hồng Vân"),
    ]:
        officer = user(username)
        assert agency_names(visible_agencies(officer)) == {agency}
        assert [unit.code for unit in visible_units(officer)] == ["10210"]
        assert not is_read_only(officer)
        assert not is_system_admin(officer)


def test_agency_admin_sees_their_agency_subtree(demo):
    admin = user("quantri.hongvan")
    assert agency_names(visible_agencies(admin)) == {
        "Ủy ban nhân dân xã Hồng Vân",
        "Trung tâm Phục vụ hành chính công xã Hồng Vân",
    }
    # A new agency two levels below is seen at once, however deep the tree goes.
    centre = Agency.objects.get(name="Trung tâm Phục vụ hành chính công xã Hồng Vân")
    desk = Agency.objects.create(name="Điểm tiếp nhận thôn Vân Tảo", kind="branch", unit=centre.unit, parent=centre)
    assert can_see_agency(admin, desk)
    other = Agency.objects.get(name="Ủy ban nhân dân xã Thường Tín")
    assert not can_see_agency(admin, other)


def test_legacy_district_inspector_sees_legacy_agencies_only(demo):
    inspector = user("thanhtra.thuongtin")
    assert agency_names(visible_agencies(inspector)) == {
        "Ủy ban nhân dân huyện Thường Tín",
        "Ủy ban nhân dân xã Hồng Vân (cũ)",
    }
    assert {(unit.scheme, unit.code) for unit in visible_units(inspector)} == {
        (Scheme.LEGACY, "279"),
        (Scheme.LEGACY, "10207"),
    }
    assert not can_see_agency(inspector, Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân"))


def test_citizen_sees_no_agency(demo):
    citizen = user("congdan")
    assert not visible_agencies(citizen).exists()
    assert not visible_units(citizen).exists()
    assert visible_agency_ids(citizen) == set()


def test_system_admin_sees_everything(saigon_agency):
    admin = user("quantri.hethong")
    assert is_system_admin(admin)
    assert visible_agency_ids(admin) is None
    assert visible_agencies(admin).count() == Agency.objects.count()
    assert visible_units(admin).count() == AdministrativeUnit.objects.count()
    assert not is_read_only(admin)


def test_system_admin_role_without_superuser_flag_sees_everything(saigon_agency):
    admin = User.objects.create_user("quantri.khac", full_name="Quản trị khác", account_type="staff")
    RoleAssignment.objects.create(user=admin, role=Role.SYSTEM_ADMIN)
    assert is_system_admin(admin)
    assert can_see_agency(admin, saigon_agency)
    assert visible_units(admin).count() == AdministrativeUnit.objects.count()


@pytest.mark.parametrize("username", ["thanhtra.hanoi", "quantri.hongvan", "quantri.hethong"])
def test_inactive_users_see_nothing(demo, username):
    person = user(username)
    person.is_active = False
    person.save()
    assert not visible_agencies(person).exists()
    assert not visible_units(person).exists()
    assert visible_agency_ids(person) == set()
    assert not is_system_admin(person)
    assert is_read_only(person)
