"""The Decision 766/QĐ-TTg service index (Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân,
doanh nghiệp) for an agency or an area, computed from the stored facts.

Six components, 100 points by default (regulations.md §6): CKMB công khai, minh bạch 18 · TDGQ tiến độ giải quyết
20 · DVCTT dịch vụ công trực tuyến 12 · TTTT thanh toán trực tuyến 10 · MDHL mức độ hài lòng 18 · MDSH số hóa hồ sơ
22. Each component is made of indicators (motcua.reports.models.Indicator); each indicator is a rate of stored
facts, scored  min(rate ÷ target, 1) × points  with the points and target of IndicatorSetting (defaults: the
published points, target 100%). An indicator with nothing to measure (no dossier with fees, no rating) is left out
and the total is scaled back to the full points, so an agency is neither rewarded nor punished for it. The
official sub-formulas are not published; docs/dashboards.md gives ours and why.

The dossier rates come from motcua.reports.measures (form II.06a's own rules); posting timeliness from
motcua.catalog.control.
"""

import datetime
import hashlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog import control
from motcua.catalog.models import AgencyOffering, OnlineLevel, ProcedureVersion
from motcua.orgs.models import AdministrativeUnit, Agency, UnitSuccession, unit_subtree
from motcua.reports import measures
from motcua.reports.areas import agency_ids_of_area
from motcua.reports.measures import By, Measures, Ratio
from motcua.reports.models import Indicator, IndicatorSetting


@dataclass(frozen=True)
class Component:
    code: str
    label: str
    indicators: tuple[Indicator, ...]


COMPONENTS = (
    Component("CKMB", _("Công khai, minh bạch"), (Indicator.POSTED_ON_TIME,)),
    Component("TDGQ", _("Tiến độ, kết quả giải quyết"), (Indicator.RESOLVED_ON_TIME,)),
    Component("DVCTT", _("Cung cấp dịch vụ công trực tuyến"), (Indicator.PROCEDURES_ONLINE, Indicator.DOSSIERS_ONLINE)),
    Component("TTTT", _("Thanh toán trực tuyến"), (Indicator.PAID_ONLINE,)),
    Component("MDHL", _("Mức độ hài lòng"), (Indicator.SATISFIED,)),
    Component("MDSH", _("Số hóa hồ sơ"), (Indicator.DIGITISED, Indicator.ELECTRONIC_RESULT)),
)
# The published split (18 / 20 / 12 / 10 / 18 / 22); a component of two indicators shares its points equally.
DEFAULT_POINTS = {
    Indicator.POSTED_ON_TIME: Decimal(18),
    Indicator.RESOLVED_ON_TIME: Decimal(20),
    Indicator.PROCEDURES_ONLINE: Decimal(6),
    Indicator.DOSSIERS_ONLINE: Decimal(6),
    Indicator.PAID_ONLINE: Decimal(10),
    Indicator.SATISFIED: Decimal(18),
    Indicator.DIGITISED: Decimal(11),
    Indicator.ELECTRONIC_RESULT: Decimal(11),
}
DEFAULT_TARGET = 100


@dataclass(frozen=True)
class Weight:
    points: Decimal
    target_percent: int


def weights() -> dict[Indicator, Weight]:
    """The configured points and targets, the defaults for any indicator without a row."""
    found = {indicator: Weight(points, DEFAULT_TARGET) for indicator, points in DEFAULT_POINTS.items()}
    for setting in IndicatorSetting.objects.all():
        if setting.indicator in Indicator.values:
            found[Indicator(setting.indicator)] = Weight(setting.points, setting.target_percent)
    return found


@dataclass(frozen=True)
class Catalog:
    """Offerings (thủ tục của cơ quan) with a version in force, those posted on time, those offered online."""

    offerings: int = 0
    posted_on_time: int = 0
    online: int = 0

    def __add__(self, other: "Catalog") -> "Catalog":
        return Catalog(
            self.offerings + other.offerings,
            self.posted_on_time + other.posted_on_time,
            self.online + other.online,
        )


CATALOG_CACHE_SECONDS = 60 * 60


def catalog_by_agency(agency_ids: Collection[int], on: datetime.date) -> dict[int, Catalog]:
    """Per agency: its active offerings of procedures in force on `on`, how many carry no posting problem of
    motcua.catalog.control (not posted, posted late), and how many are offered online (toàn trình or một phần)."""
    return catalog_on_days(agency_ids, [on])[on]


def catalog_on_days(agency_ids: Collection[int], days: Iterable[datetime.date]) -> dict[datetime.date, dict]:
    """catalog_by_agency for each of `days`, the days not in the cache computed together.

    Kept in the cache for an hour per agency set and day: the monthly trend asks for each month's last day, and
    postings change a few times a month. The posting problems of all the missing days come from one pass over the
    catalog (motcua.catalog.control.posting_problems): a pass per day made the first load of the index take
    seconds."""
    ids = sorted(set(agency_ids))
    digest = hashlib.sha256(repr(ids).encode()).hexdigest()
    keys = {day: f"reports:766-catalog:{day.isoformat()}:{digest}" for day in set(days)}
    cached = cache.get_many(list(keys.values()))
    found = {day: cached[key] for day, key in keys.items() if key in cached}
    missing = [day for day in keys if day not in found]
    if missing:
        computed = _catalog_on_days(ids, missing)
        cache.set_many({keys[day]: computed[day] for day in missing}, CATALOG_CACHE_SECONDS)
        found.update(computed)
    return found


ONLINE_LEVELS = {OnlineLevel.FULL, OnlineLevel.PARTIAL}


def _catalog_on_days(ids: list[int], days: list[datetime.date]) -> dict[datetime.date, dict[int, Catalog]]:
    """Two queries for all the days (the offerings, the published versions of their procedures), then each day in
    Python with the rules of motcua.catalog.versions.in_force_filter and of an abolished procedure: a count query
    per day made a year's trend take a second more on its first load."""
    problems_on = control.posting_problems(Agency.objects.filter(pk__in=ids), days)
    offerings = list(
        AgencyOffering.objects.filter(agency_id__in=ids, active=True).values_list(
            "agency_id", "procedure_id", "procedure__abolished_on"
        )
    )
    published: dict[int, list[tuple]] = {}
    versions = ProcedureVersion.objects.filter(
        status=ProcedureVersion.Status.PUBLISHED, procedure__in={row[1] for row in offerings}
    ).values_list("procedure_id", "valid_from", "valid_until", "online_level")
    for procedure_id, valid_from, valid_until, online_level in versions:
        published.setdefault(procedure_id, []).append((valid_from, valid_until, online_level in ONLINE_LEVELS))
    found = {}
    for on in days:
        counts: dict[int, tuple[int, int]] = {}
        for agency_id, procedure_id, abolished_on in offerings:
            if abolished_on is not None and abolished_on <= on:
                continue
            online = [
                is_online
                for valid_from, valid_until, is_online in published.get(procedure_id, ())
                if valid_from is not None and valid_from <= on and (valid_until is None or valid_until >= on)
            ]
            if online:
                offered, offered_online = counts.get(agency_id, (0, 0))
                counts[agency_id] = (offered + 1, offered_online + any(online))
        problems = problems_on[on]
        found[on] = {
            agency_id: Catalog(offered, offered - len(problems.get(agency_id, ())), offered_online)
            for agency_id, (offered, offered_online) in counts.items()
        }
    return found


@dataclass(frozen=True)
class Inputs:
    catalog: Catalog
    measures: Measures

    def ratio(self, indicator: Indicator) -> Ratio:
        catalog, found = self.catalog, self.measures
        return {
            Indicator.POSTED_ON_TIME: Ratio(catalog.posted_on_time, catalog.offerings),
            Indicator.RESOLVED_ON_TIME: found.on_time,
            Indicator.PROCEDURES_ONLINE: Ratio(catalog.online, catalog.offerings),
            Indicator.DOSSIERS_ONLINE: found.online,
            Indicator.PAID_ONLINE: found.payments,
            Indicator.SATISFIED: found.satisfaction,
            Indicator.DIGITISED: found.digitisation,
            Indicator.ELECTRONIC_RESULT: found.electronic,
        }[indicator]


@dataclass(frozen=True)
class IndicatorScore:
    indicator: Indicator
    ratio: Ratio
    weight: Weight

    @property
    def score(self) -> float | None:
        """min(rate ÷ target, 1) × points; None when there is nothing to measure."""
        if self.ratio.percent is None:
            return None
        return min(self.ratio.percent / self.weight.target_percent, 1.0) * float(self.weight.points)


@dataclass(frozen=True)
class ComponentScore:
    component: Component
    indicators: tuple[IndicatorScore, ...]

    @property
    def points(self) -> float:
        return sum(float(one.weight.points) for one in self.indicators)

    @property
    def score(self) -> float | None:
        scored = [one.score for one in self.indicators if one.score is not None]
        return sum(scored) if scored else None


@dataclass(frozen=True)
class IndexScore:
    components: tuple[ComponentScore, ...]
    inputs: Inputs

    @property
    def points(self) -> float:
        return sum(component.points for component in self.components)

    @property
    def total(self) -> float | None:
        """The sum of the scores, scaled from the points of the measured indicators up to all the points."""
        scored = [one for c in self.components for one in c.indicators if one.score is not None]
        measured = sum(float(one.weight.points) for one in scored)
        if not measured:
            return None
        return sum(one.score for one in scored) * self.points / measured


def score(inputs: Inputs, weight_of: dict[Indicator, Weight]) -> IndexScore:
    return IndexScore(
        tuple(
            ComponentScore(
                component,
                tuple(IndicatorScore(i, inputs.ratio(i), weight_of[i]) for i in component.indicators),
            )
            for component in COMPONENTS
        ),
        inputs,
    )


def _last_day(start: datetime.date, end: datetime.date, now: datetime.datetime | None) -> datetime.date:
    """The day the catalog is judged on: the end of the period, or today for a period still running."""
    return min(end, timezone.localdate(now or timezone.now()))


def index(
    agency_ids: Collection[int],
    start: datetime.date,
    end: datetime.date,
    *,
    now: datetime.datetime | None = None,
    grains: list[measures.Grain] | None = None,
) -> IndexScore:
    """The index of these agencies together over the local days start..end (`grains`: their measures, if already
    collected)."""
    catalog = sum(catalog_by_agency(agency_ids, _last_day(start, end, now)).values(), Catalog())
    grains = measures.collect(agency_ids, start, end, now=now) if grains is None else grains
    found = measures.group(grains, By.TOTAL)[None]
    return score(Inputs(catalog, found), weights())


def trend(
    agency_ids: Collection[int],
    start: datetime.date,
    end: datetime.date,
    *,
    now: datetime.datetime | None = None,
    grains: list[measures.Grain] | None = None,
) -> list[tuple[datetime.date, IndexScore]]:
    """The index month by month (the first day of each month touched by start..end); the catalog is judged on the
    last day of each month, the dossiers and ratings of that month."""
    weight_of = weights()
    grains = measures.collect(agency_ids, start, end, now=now) if grains is None else grains
    by_month = measures.group(grains, By.MONTH)
    judged_on = {}
    for first in measures.months(start, end):
        last = min((first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1), end)
        judged_on[first] = _last_day(first, last, now)
    catalog_of = catalog_on_days(agency_ids, judged_on.values())
    found = []
    for first, day in judged_on.items():
        catalog = sum(catalog_of[day].values(), Catalog())
        found.append((first, score(Inputs(catalog, by_month.get(first, Measures())), weight_of)))
    return found


@dataclass(frozen=True)
class Subunit:
    """A subordinate unit of an area (đơn vị trực thuộc): a child administrative unit or agency, rolled up."""

    label: str
    agency_ids: tuple[int, ...]
    unit: AdministrativeUnit | None = None
    agency: Agency | None = None


def subunits(area: Agency | AdministrativeUnit) -> list[Subunit]:
    """An agency's child agencies (each with those under it); an administrative unit's child units (each with its
    territory) and the agencies seated at the unit itself, one by one (UBND tỉnh and its sở sit at the province)."""
    if isinstance(area, Agency):
        return [
            Subunit(child.name, tuple(agency_ids_of_area(child)), agency=child)
            for child in area.children.order_by("name")
        ]
    children = list(area.children.filter(scheme=area.scheme).order_by("name"))
    ids_of = _territory_agencies(children)
    found = [Subunit(child.name, tuple(sorted(ids_of.get(child.pk, ()))), unit=child) for child in children]
    found += [Subunit(agency.name, (agency.pk,), agency=agency) for agency in area.agencies.order_by("name")]
    return [subunit for subunit in found if subunit.agency_ids]


def _root_of(rows, roots: set[int]) -> dict[int, int]:
    """unit id → the root among `roots` that is the unit itself, its parent or its grandparent (units are at most
    three levels deep)."""
    return {
        pk: next(level for level in (pk, parent, grandparent) if level in roots)
        for pk, parent, grandparent in rows
        if {pk, parent, grandparent} & roots
    }


def _territory_agencies(units: list[AdministrativeUnit]) -> dict[int, set[int]]:
    """For each unit, the ids of the agencies of its territory — what agency_ids_of_area gives for it (its subtree
    and the legacy units it replaced), for all the units in a fixed number of queries instead of one per unit."""
    roots = {unit.pk for unit in units}
    levels = ("pk", "parent_id", "parent__parent_id")
    current = _root_of(AdministrativeUnit.objects.filter(unit_subtree(list(roots))).values_list(*levels), roots)
    replaced: dict[int, set[int]] = {}  # legacy root → the units that succeeded it
    successions = UnitSuccession.objects.filter(new_unit__in=list(current))
    for old, new in successions.values_list("old_unit_id", "new_unit_id"):
        replaced.setdefault(old, set()).add(current[new])
    legacy = _root_of(
        AdministrativeUnit.objects.filter(unit_subtree(list(replaced))).values_list(*levels), set(replaced)
    )
    owners = {pk: {root} for pk, root in current.items()}
    for pk, old_root in legacy.items():
        owners.setdefault(pk, set()).update(replaced[old_root])
    found: dict[int, set[int]] = {}
    for agency_id, unit_id in Agency.objects.filter(unit__in=list(owners)).values_list("pk", "unit_id"):
        for root in owners[unit_id]:
            found.setdefault(root, set()).add(agency_id)
    return found


@dataclass(frozen=True)
class Ranked:
    subunit: Subunit
    index: IndexScore


def ranking(
    units: Iterable[Subunit],
    start: datetime.date,
    end: datetime.date,
    *,
    now: datetime.datetime | None = None,
    grains: list[measures.Grain] | None = None,
    area_ids: Collection[int] | None = None,
) -> list[Ranked]:
    """The index of each subordinate unit over start..end, best first (units with nothing measured last).

    The measures of all their agencies are collected at once (or given as `grains`, collected over an area that
    holds them); each unit adds up its agencies' figures. `area_ids`: the agencies of an area holding the units, whose
    catalog is then judged as one set (the same cache entry as the area's index and trend, not a second pass)."""
    units = list(units)
    all_ids = sorted({pk for unit in units for pk in unit.agency_ids})
    grains = measures.collect(all_ids, start, end, now=now) if grains is None else grains
    by_agency = measures.group(grains, By.AGENCY)
    catalog_of = catalog_by_agency(all_ids if area_ids is None else area_ids, _last_day(start, end, now))
    weight_of = weights()
    ranked = []
    for unit in units:
        found = sum((by_agency.get(pk, Measures()) for pk in unit.agency_ids), Measures())
        catalog = sum((catalog_of.get(pk, Catalog()) for pk in unit.agency_ids), Catalog())
        ranked.append(Ranked(unit, score(Inputs(catalog, found), weight_of)))
    return sorted(ranked, key=lambda one: (one.index.total is None, -(one.index.total or 0), one.subunit.label))
