"""Loads administrative units and the 2025 old → new mapping from the `vietnam-provinces` package.

Loading is idempotent: existing units (matched by scheme, level and code) are updated in place, so agencies
attached to them keep their links. Both structures are loaded: the current two tiers (province → commune,
valid from 2025-07-01) and the legacy three tiers (province → district → commune, valid until 2025-06-30).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from vietnam_provinces import Province, Ward
from vietnam_provinces.legacy.base import District as LegacyDistrict
from vietnam_provinces.legacy.base import Province as LegacyProvince
from vietnam_provinces.legacy.base import Ward as LegacyWard

from motcua.orgs.models import LEGACY_VALID_UNTIL, REFORM_2025_DATE, AdministrativeUnit, UnitSuccession

Scheme = AdministrativeUnit.Scheme
Level = AdministrativeUnit.Level
CODE_WIDTH = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}


def unit_code(level: int, code: int) -> str:
    return str(int(code)).zfill(CODE_WIDTH[level])


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    successions: int = 0
    provinces: list[str] = field(default_factory=list)


@dataclass
class _Row:
    scheme: str
    level: int
    code: str
    name: str
    division_type: str
    codename: str
    parent_key: tuple[str, int, str] | None

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.scheme, self.level, self.code)


def _current_rows(province_codes: set[int] | None) -> Iterable[_Row]:
    for province in Province.iter_all():
        if province_codes is not None and int(province.code) not in province_codes:
            continue
        p_code = unit_code(Level.PROVINCE, province.code)
        yield _Row(
            Scheme.CURRENT, Level.PROVINCE, p_code, province.name, str(province.division_type), province.codename, None
        )
        for ward in Ward.iter_by_province(province.code):
            yield _Row(
                Scheme.CURRENT,
                Level.COMMUNE,
                unit_code(Level.COMMUNE, ward.code),
                ward.name,
                str(ward.division_type),
                ward.codename,
                (Scheme.CURRENT, Level.PROVINCE, p_code),
            )


def _legacy_rows(province_codes: set[int] | None) -> Iterable[_Row]:
    for province in LegacyProvince.iter_all():
        if province_codes is not None and int(province.code) not in province_codes:
            continue
        p_code = unit_code(Level.PROVINCE, province.code)
        yield _Row(
            Scheme.LEGACY, Level.PROVINCE, p_code, province.name, str(province.division_type), province.codename, None
        )
        for district in LegacyDistrict.iter_by_province(province.code):
            d_code = unit_code(Level.DISTRICT, district.code)
            yield _Row(
                Scheme.LEGACY,
                Level.DISTRICT,
                d_code,
                district.name,
                str(district.division_type),
                district.codename,
                (Scheme.LEGACY, Level.PROVINCE, p_code),
            )
            for ward in LegacyWard.iter_by_district(district.code):
                yield _Row(
                    Scheme.LEGACY,
                    Level.COMMUNE,
                    unit_code(Level.COMMUNE, ward.code),
                    ward.name,
                    str(ward.division_type),
                    ward.codename,
                    (Scheme.LEGACY, Level.DISTRICT, d_code),
                )


def _validity(scheme: str) -> dict:
    if scheme == Scheme.CURRENT:
        return {"valid_from": REFORM_2025_DATE, "valid_until": None}
    return {"valid_from": None, "valid_until": LEGACY_VALID_UNTIL}


def _upsert(rows: list[_Row], result: LoadResult) -> dict[tuple[str, int, str], int]:
    """Create or update the rows level by level, so that every parent exists before its children."""
    existing = {
        (u.scheme, u.level, u.code): u
        for u in AdministrativeUnit.objects.filter(
            scheme__in={r.scheme for r in rows}, level__in={r.level for r in rows}
        )
    }
    ids = {key: unit.pk for key, unit in existing.items()}
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        to_create, to_update = [], []
        for row in (r for r in rows if r.level == level):
            values = {
                "name": row.name,
                "division_type": row.division_type,
                "codename": row.codename,
                "parent_id": ids[row.parent_key] if row.parent_key else None,
                **_validity(row.scheme),
            }
            unit = existing.get(row.key)
            if unit is None:
                to_create.append(AdministrativeUnit(scheme=row.scheme, level=row.level, code=row.code, **values))
            elif any(getattr(unit, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(unit, name, value)
                to_update.append(unit)
        AdministrativeUnit.objects.bulk_create(to_create, batch_size=1000)
        AdministrativeUnit.objects.bulk_update(
            to_update, ["name", "division_type", "codename", "parent", "valid_from", "valid_until"], batch_size=1000
        )
        result.created += len(to_create)
        result.updated += len(to_update)
        # bulk_create does not return primary keys on every database, so they are read back.
        for unit in AdministrativeUnit.objects.filter(scheme__in={r.scheme for r in rows}, level=level).only(
            "pk", "scheme", "level", "code"
        ):
            ids[(unit.scheme, unit.level, unit.code)] = unit.pk
    return ids


def _succession_pairs(province_codes: set[int] | None) -> Iterable[tuple[tuple, tuple, bool]]:
    # The package's conversion table is the only source that says which old communes were split
    # (nhập một phần); its public Ward.get_legacy_sources() drops that flag.
    from vietnam_provinces._province_conversion_2025 import NEW_TO_OLD as PROVINCE_NEW_TO_OLD
    from vietnam_provinces._ward_conversion_2025 import NEW_TO_OLD as WARD_NEW_TO_OLD

    for entry in PROVINCE_NEW_TO_OLD.values():
        new_code = entry.new_province.code
        if province_codes is not None and new_code not in province_codes:
            continue
        for old in entry.old_provinces:
            yield (
                (Scheme.LEGACY, Level.PROVINCE, unit_code(Level.PROVINCE, old.code)),
                (Scheme.CURRENT, Level.PROVINCE, unit_code(Level.PROVINCE, new_code)),
                False,
            )
    for entry in WARD_NEW_TO_OLD.values():
        if province_codes is not None and entry.new_ward.province_code not in province_codes:
            continue
        for old in entry.old_wards:
            yield (
                (Scheme.LEGACY, Level.COMMUNE, unit_code(Level.COMMUNE, old.code)),
                (Scheme.CURRENT, Level.COMMUNE, unit_code(Level.COMMUNE, entry.new_ward.code)),
                old.is_partly_merged,
            )


def _load_successions(ids: dict, province_codes: set[int] | None, result: LoadResult) -> None:
    existing = set(UnitSuccession.objects.values_list("old_unit_id", "new_unit_id"))
    to_create = []
    for old_key, new_key, partial in _succession_pairs(province_codes):
        old_id, new_id = ids.get(old_key), ids.get(new_key)
        # A legacy unit of another province that was not loaded this time has no row yet: skipped,
        # and picked up when that province (or everything) is loaded.
        if old_id is None or new_id is None or (old_id, new_id) in existing:
            continue
        existing.add((old_id, new_id))
        to_create.append(UnitSuccession(old_unit_id=old_id, new_unit_id=new_id, partial=partial))
    UnitSuccession.objects.bulk_create(to_create, batch_size=1000)
    result.successions += len(to_create)


def legacy_province_codes_for(current_codes: set[int]) -> set[int]:
    """The legacy provinces merged into the given current ones (e.g. Hà Tây was already in Hà Nội)."""
    from vietnam_provinces._province_conversion_2025 import NEW_TO_OLD

    return {old.code for code in current_codes for old in NEW_TO_OLD[code].old_provinces}


def load_units(province_codes: set[int] | None = None, progress: Callable[[str], None] = lambda _: None) -> LoadResult:
    """Load every unit (province_codes=None) or only the given current provinces and their legacy sources."""
    result = LoadResult()
    legacy_codes = None if province_codes is None else legacy_province_codes_for(province_codes)
    with transaction.atomic():
        progress("Đang đọc danh mục đơn vị hành chính hai cấp (từ 01/7/2025)…")
        rows = list(_current_rows(province_codes))
        progress("Đang đọc danh mục ba cấp cũ (đến 30/6/2025)…")
        rows += list(_legacy_rows(legacy_codes))
        progress(f"Đang ghi {len(rows)} đơn vị…")
        ids = _upsert(rows, result)
        progress("Đang ghi bảng chuyển đổi cũ → mới…")
        _load_successions(ids, province_codes, result)
    result.provinces = [r.code for r in rows if r.level == Level.PROVINCE and r.scheme == Scheme.CURRENT]
    return result
