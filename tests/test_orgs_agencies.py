"""Agencies (cơ quan, đơn vị): electronic identifiers (QĐ 20/2020/QĐ-TTg), hierarchy and validity dates."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from motcua.orgs.electronic_id import validate_electronic_id
from motcua.orgs.loader import load_units
from motcua.orgs.models import LEGACY_VALID_UNTIL, AdministrativeUnit, Agency

Scheme, Level = AdministrativeUnit.Scheme, AdministrativeUnit.Level


@pytest.mark.parametrize(
    "value",
    [
        "000.00.00.H26",  # UBND Thành phố Hà Nội
        "000.00.04.G14",  # a unit of a ministry
        "000.00.87.H26",  # level 2 only
        "000.01.87.H26",  # level 3 under level 2
        "123.45.67.A01",  # all four levels
    ],
)
def test_well_formed_electronic_ids_pass(value):
    validate_electronic_id(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "000.00.00.h26",  # lower-case letter
        "000.00.00.H2",  # too short
        "0000.00.00.H26",  # level 4 has three digits
        "000-00-00-H26",  # wrong separators
        "000.00.00.126",  # level 1 starts with a letter
        " 000.00.00.H26",
        "000.00.00.H26\n",
        "000.00.00.H２６",  # full-width digits
        "٠٠٠.00.00.H26",  # Arabic-Indic digits
    ],
)
def test_malformed_electronic_ids_are_refused_in_vietnamese(value):
    with pytest.raises(ValidationError) as error:
        validate_electronic_id(value)
    assert error.value.code == "electronic_id_format"
    assert "Mã định danh phải có dạng V1V2V3.Z1Z2.Y1Y2.MX1X2" in error.value.messages[0]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("000.01.00.H26", "đã có mã cấp 3 (Z1Z2) thì mã cấp 2 (Y1Y2) không được là 00"),
        ("001.00.05.H26", "đã có mã cấp 4 (V1V2V3) thì mã cấp 3 (Z1Z2) không được là 00"),
        ("001.01.00.H26", "đã có mã cấp 3 (Z1Z2) thì mã cấp 2 (Y1Y2) không được là 00"),
    ],
)
def test_lower_level_needs_the_level_above(value, message):
    with pytest.raises(ValidationError) as error:
        validate_electronic_id(value)
    assert error.value.code == "electronic_id_hierarchy"
    assert message in error.value.messages[0]


@pytest.fixture
def hanoi(db):
    load_units({1})
    return AdministrativeUnit.objects.get(scheme=Scheme.CURRENT, level=Level.PROVINCE, code="01")


def make(name: str, unit: AdministrativeUnit, parent: Agency | None = None, **extra) -> Agency:
    return Agency.objects.create(name=name, kind=Agency.Kind.PEOPLES_COMMITTEE, unit=unit, parent=parent, **extra)


def test_full_clean_reports_a_bad_electronic_id_on_its_field(hanoi):
    agency = Agency(name="UBND", kind=Agency.Kind.PEOPLES_COMMITTEE, unit=hanoi, electronic_id="H26")
    with pytest.raises(ValidationError) as error:
        agency.full_clean()
    assert "electronic_id" in error.value.message_dict


def test_an_agency_cannot_be_its_own_parent_or_under_its_descendant(hanoi):
    top = make("UBND Thành phố", hanoi)
    middle = make("Sở Tư pháp", hanoi, top)
    bottom = make("Phòng Hộ tịch", hanoi, middle)
    for new_parent in (top, bottom):
        top.parent = new_parent
        with pytest.raises(ValidationError) as error:
            top.full_clean()
        assert error.value.message_dict["parent"] == [
            "Cơ quan cấp trên không được là chính cơ quan này hoặc cơ quan cấp dưới của nó."
        ]
    # Moving a leaf under another branch is fine.
    other = make("Sở Nội vụ", hanoi, top)
    bottom.parent = other
    bottom.full_clean()


def test_end_date_must_follow_start_date(hanoi):
    agency = Agency(
        name="UBND",
        kind=Agency.Kind.PEOPLES_COMMITTEE,
        unit=hanoi,
        valid_from=datetime.date(2025, 7, 1),
        valid_until=datetime.date(2025, 6, 30),
    )
    with pytest.raises(ValidationError) as error:
        agency.full_clean()
    assert error.value.message_dict["valid_until"] == ["Ngày kết thúc hoạt động phải sau ngày bắt đầu."]
    agency.valid_until = datetime.date(2025, 7, 1)
    agency.full_clean()


def test_legacy_district_agency_is_representable(hanoi):
    thuong_tin = AdministrativeUnit.objects.get(scheme=Scheme.LEGACY, level=Level.DISTRICT, code="279")
    assert thuong_tin.is_legacy
    assert thuong_tin.valid_until == LEGACY_VALID_UNTIL
    top = make("Ủy ban nhân dân Thành phố Hà Nội", hanoi)
    district = Agency(
        name="Ủy ban nhân dân huyện Thường Tín",
        kind=Agency.Kind.PEOPLES_COMMITTEE,
        unit=thuong_tin,
        parent=top,
        valid_until=LEGACY_VALID_UNTIL,
    )
    district.full_clean()
    district.save()
    commune = AdministrativeUnit.objects.get(scheme=Scheme.LEGACY, level=Level.COMMUNE, code="10207")
    old_commune = make("Ủy ban nhân dân xã Hồng Vân (cũ)", commune, district, valid_until=LEGACY_VALID_UNTIL)
    old_commune.full_clean()
    assert set(Agency.objects.filter(pk=top.pk).with_descendants()) == {top, district, old_commune}


def test_agency_of_a_legacy_unit_cannot_outlive_it(hanoi):
    thuong_tin = AdministrativeUnit.objects.get(scheme=Scheme.LEGACY, level=Level.DISTRICT, code="279")
    for valid_until in (None, datetime.date(2025, 7, 1)):
        agency = Agency(
            name="Ủy ban nhân dân huyện Thường Tín",
            kind=Agency.Kind.PEOPLES_COMMITTEE,
            unit=thuong_tin,
            valid_until=valid_until,
        )
        with pytest.raises(ValidationError) as error:
            agency.full_clean()
        assert error.value.message_dict["valid_until"] == [
            "Đơn vị hành chính Huyện Thường Tín chỉ có hiệu lực đến 30/06/2025, "
            "nên cơ quan phải có ngày kết thúc hoạt động không muộn hơn ngày đó."
        ]


def test_with_descendants_walks_any_depth_in_one_query(hanoi, django_assert_num_queries):
    chain = [make("Cấp 0", hanoi)]
    for depth in range(1, 6):
        chain.append(make(f"Cấp {depth}", hanoi, chain[-1]))
    make("Ngoài cây", hanoi)
    with django_assert_num_queries(1):
        found = list(Agency.objects.filter(pk=chain[1].pk).with_descendants())
    assert set(found) == set(chain[1:])
