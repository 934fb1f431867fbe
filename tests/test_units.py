"""Administrative units loaded from vietnam-provinces: counts, validity and the old → new mapping."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from motcua.orgs.loader import load_units
from motcua.orgs.models import AdministrativeUnit, UnitSuccession

Scheme, Level = AdministrativeUnit.Scheme, AdministrativeUnit.Level


def count(scheme, level, **filters):
    return AdministrativeUnit.objects.filter(scheme=scheme, level=level, **filters).count()


@pytest.mark.slow
@pytest.mark.django_db
def test_full_load_has_national_counts_and_is_idempotent():
    first = load_units()
    assert count(Scheme.CURRENT, Level.PROVINCE) == 34
    assert count(Scheme.CURRENT, Level.COMMUNE) == 3321
    assert count(Scheme.CURRENT, Level.COMMUNE, division_type="xã") == 2621
    assert count(Scheme.CURRENT, Level.COMMUNE, division_type="phường") == 687
    assert count(Scheme.CURRENT, Level.COMMUNE, division_type="đặc khu") == 13
    assert count(Scheme.LEGACY, Level.PROVINCE) == 63
    assert count(Scheme.LEGACY, Level.DISTRICT) == 696
    assert count(Scheme.LEGACY, Level.COMMUNE) == 10051
    assert first.created == 34 + 3321 + 63 + 696 + 10051
    # Every current commune hangs under a current province, every legacy commune under a legacy district.
    assert not AdministrativeUnit.objects.filter(scheme=Scheme.CURRENT, level=Level.COMMUNE, parent__level=2).exists()
    assert count(Scheme.LEGACY, Level.COMMUNE, parent__level=Level.DISTRICT) == 10051
    # Validity dates of the two structures.
    assert count(Scheme.LEGACY, Level.COMMUNE, valid_until=datetime.date(2025, 6, 30)) == 10051
    assert count(Scheme.CURRENT, Level.COMMUNE, valid_from=datetime.date(2025, 7, 1), valid_until=None) == 3321
    # Every current commune has at least one predecessor.
    assert (
        AdministrativeUnit.objects.filter(
            scheme=Scheme.CURRENT, level=Level.COMMUNE, predecessions__isnull=True
        ).count()
        <= 5
    )
    successions = UnitSuccession.objects.count()
    second = load_units()
    assert (second.created, second.updated, second.successions) == (0, 0, 0)
    assert UnitSuccession.objects.count() == successions


@pytest.mark.django_db
def test_hong_van_mapping_matches_the_conversion_table():
    load_units({1})
    hanoi = AdministrativeUnit.objects.get(scheme=Scheme.CURRENT, level=Level.PROVINCE, code="01")
    assert hanoi.name == "Thành phố Hà Nội"
    assert count(Scheme.CURRENT, Level.COMMUNE, parent=hanoi) == 126
    hong_van = AdministrativeUnit.objects.get(scheme=Scheme.CURRENT, level=Level.COMMUNE, code="10210")
    assert hong_van.name == "Xã Hồng Vân"
    predecessors = {
        s.old_unit.code: (s.old_unit.name, s.old_unit.parent.name, s.partial)
        for s in hong_van.predecessions.select_related("old_unit__parent")
    }
    assert predecessors == {
        "10207": ("Xã Hồng Vân", "Huyện Thường Tín", False),
        "10210": ("Xã Vân Tảo", "Huyện Thường Tín", False),
        "10213": ("Xã Liên Phương", "Huyện Thường Tín", False),
        "10225": ("Xã Hà Hồi", "Huyện Thường Tín", False),
        "10186": ("Xã Ninh Sở", "Huyện Thường Tín", True),
        "10192": ("Xã Duyên Thái", "Huyện Thường Tín", True),
        "00685": ("Xã Đông Mỹ", "Huyện Thanh Trì", True),
    }
    # The legacy Hà Nội and its districts are there; no other province is.
    assert count(Scheme.LEGACY, Level.DISTRICT, parent__code="01") == 30
    assert (
        not AdministrativeUnit.objects.filter(scheme=Scheme.CURRENT, level=Level.PROVINCE).exclude(code="01").exists()
    )
    assert UnitSuccession.objects.filter(old_unit__level=Level.PROVINCE, new_unit=hanoi).exists()


@pytest.mark.django_db
def test_merged_province_loads_all_its_legacy_sources():
    # Tuyên Quang (08) absorbed Hà Giang (02) on 1 July 2025.
    load_units({8})
    assert set(
        AdministrativeUnit.objects.filter(scheme=Scheme.LEGACY, level=Level.PROVINCE).values_list("code", flat=True)
    ) == {"02", "08"}


@pytest.mark.django_db
def test_command_loads_one_province_and_rejects_unknown_codes(capsys):
    call_command("load_units", "--province", "1")
    out = capsys.readouterr().out
    assert "Xong: " in out and "Đang ghi" in out
    assert count(Scheme.CURRENT, Level.COMMUNE) == 126
    with pytest.raises(CommandError, match="Mã tỉnh không tồn tại: 99"):
        call_command("load_units", "--province", "99")
