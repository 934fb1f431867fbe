"""EmailOrPhoneBackend (login by name, e-mail or phone) and the rules of RoleAssignment."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from motcua.accounts.backends import EmailOrPhoneBackend, find_user, normalise_phone
from motcua.accounts.models import Role, RoleAssignment, User
from motcua.orgs.models import AdministrativeUnit, Agency

PASSWORD = "mat-khau-dung-2026"


@pytest.fixture
def officer(db):
    return User.objects.create_user(
        "canbo.an", email="An.Nguyen@example.vn", phone="0912345678", password=PASSWORD, account_type="staff"
    )


def authenticate(username, password=PASSWORD):
    return EmailOrPhoneBackend().authenticate(None, username=username, password=password)


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0912345678", "0912345678"),
    ],
)
def test_normalise_phone(typed, normalised):
    assert normalise_phone(typed) == normalised


@pytest.mark.parametrize(
    "identifier",
    ["canbo.an", " CanBo.An ", "an.nguyen@example.vn", "AN.NGUYEN@EXAMPLE.VN", "0912 345 678", "+84912345678"],
)
def test_backend_accepts_every_spelling(officer, identifier):
    assert authenticate(identifier) == officer


@pytest.mark.parametrize("identifier", ["canbo.binh", "an@example.vn", "0912345679", "0912-345-678x", "", "+8491234"])
def test_backend_refuses_unknown_identifiers(officer, identifier):
    assert authenticate(identifier) is None


def test_backend_refuses_wrong_password_and_inactive(officer):
    assert authenticate("canbo.an", "sai-mat-khau") is None
    assert authenticate("canbo.an", None) is None
    officer.is_active = False
    officer.save()
    assert authenticate("canbo.an") is None
    # The account is still found, so the login form can say that it is disabled.
    assert find_user("0912 345 678") == officer


@pytest.fixture
def unit(db):
    return AdministrativeUnit.objects.create(
        scheme=AdministrativeUnit.Scheme.CURRENT,
        level=AdministrativeUnit.Level.COMMUNE,
        code="10210",
        name="Hồng Vân",
        division_type="xã",
        codename="hong_van",
    )


@pytest.fixture
def agency(unit):
    return Agency.objects.create(name="Ủy ban nhân dân xã Hồng Vân", kind=Agency.Kind.PEOPLES_COMMITTEE, unit=unit)


def create_fails(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(**fields)


def clean_messages(**fields) -> list[str]:
    with pytest.raises(ValidationError) as error:
        RoleAssignment(**fields).clean()
    return error.value.messages


@pytest.mark.parametrize("role", [Role.RECEIVING_OFFICER, Role.SPECIALIST, Role.LEADER, Role.AGENCY_ADMIN])
def test_agency_roles_need_an_agency_and_no_unit(officer, agency, unit, role):
    create_fails(user=officer, role=role)
    create_fails(user=officer, role=role, unit=unit)
    create_fails(user=officer, role=role, agency=agency, unit=unit)
    assert clean_messages(user=officer, role=role) == ["Vai trò này phải gắn với một cơ quan (và không gắn địa bàn)."]
    RoleAssignment.objects.create(user=officer, role=role, agency=agency).clean()


def test_inspector_needs_exactly_one_scope(officer, agency, unit):
    message = ["Thanh tra phải được giao đúng một phạm vi: một cơ quan hoặc một địa bàn."]
    create_fails(user=officer, role=Role.INSPECTOR, agency=agency, unit=unit)
    create_fails(user=officer, role=Role.INSPECTOR)
    assert clean_messages(user=officer, role=Role.INSPECTOR, agency=agency, unit=unit) == message
    assert clean_messages(user=officer, role=Role.INSPECTOR) == message
    RoleAssignment.objects.create(user=officer, role=Role.INSPECTOR, agency=agency).clean()
    RoleAssignment.objects.create(user=officer, role=Role.INSPECTOR, unit=unit).clean()


def test_system_admin_has_no_agency_or_unit(officer, agency, unit):
    create_fails(user=officer, role=Role.SYSTEM_ADMIN, agency=agency)
    create_fails(user=officer, role=Role.SYSTEM_ADMIN, unit=unit)
    assert clean_messages(user=officer, role=Role.SYSTEM_ADMIN, agency=agency) == [
        "Quản trị hệ thống không gắn với cơ quan hay địa bàn nào."
    ]
    RoleAssignment.objects.create(user=officer, role=Role.SYSTEM_ADMIN).clean()


def test_the_same_role_is_given_once_per_target(officer, agency, unit):
    RoleAssignment.objects.create(user=officer, role=Role.SPECIALIST, agency=agency)
    create_fails(user=officer, role=Role.SPECIALIST, agency=agency)
    RoleAssignment.objects.create(user=officer, role=Role.INSPECTOR, unit=unit)
    create_fails(user=officer, role=Role.INSPECTOR, unit=unit)
    RoleAssignment.objects.create(user=officer, role=Role.SYSTEM_ADMIN)
    create_fails(user=officer, role=Role.SYSTEM_ADMIN)
    # A different role in the same agency is fine.
    RoleAssignment.objects.create(user=officer, role=Role.LEADER, agency=agency)
