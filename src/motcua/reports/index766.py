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
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog import control
from motcua.catalog.models import AgencyOffering, OnlineLevel, ProcedureVersion
from motcua.catalog.versions import in_force_filter
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
    motcua.catalog.control (not posted, posted late), and how many are offered online (toàn trình or một phần).

    Kept in the cache for an hour per agency set and day: the control list walks every offering in Python, and the
    monthly trend asks for each month's last day; postings change a few times a month."""
    ids = sorted(set(agency_ids))
    key = f"reports:766-catalog:{on.isoformat()}:{hashlib.sha256(repr(ids).encode()).hexdigest()}"
    found = cache.get(key)
    if found is None:
        found = _catalog_by_agency(ids, on)
        cache.set(key, found, CATALOG_CACHE_SECONDS)
    return found


def _catalog_by_agency(ids: list[int], on: datetime.date) -> dict[int, Catalog]:
    in_force = ProcedureVersion.objects.filter(in_force_filter(on), procedure=OuterRef("procedure"))
    offerings = (
        AgencyOffering.objects.filter(agency_id__in=ids, active=True)
        .filter(Q(procedure__abolished_on__isnull=True) | Q(procedure__abolished_on__gt=on))
        .filter(Exists(in_force))
        .annotate(online=Exists(in_force.filter(online_level__in=[OnlineLevel.FULL, OnlineLevel.PARTIAL])))
    )
    counted = (
        offerings.order_by().values("agency_id").annotate(n=Count("pk"), online_n=Count("pk", filter=Q(online=True)))
    )
    problems: dict[int, set[int]] = {}
    for item in control.control_items(Agency.objects.filter(pk__in=ids), on):
        if item.is_about_posting:
            problems.setdefault(item.offering.agency_id, set()).add(item.offering.pk)
    return {
        row["agency_id"]: Catalog(row["n"], row["n"] - len(problems.get(row["agency_id"], ())), row["online_n"])
        for row in counted
    }


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
    found = []
    for first in measures.months(start, end):
        last = min((first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1), end)
        catalog = sum(catalog_by_agency(agency_ids, _last_day(first, last, now)).values(), Catalog())
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
) -> list[Ranked]:
    """The index of each subordinate unit over start..end, best first (units with nothing measured last).

    The measures of all their agencies are collected at once (or given as `grains`, collected over an area that
    holds them); each unit adds up its agencies' figures."""
    units = list(units)
    all_ids = sorted({pk for unit in units for pk in unit.agency_ids})
    grains = measures.collect(all_ids, start, end, now=now) if grains is None else grains
    by_agency = measures.group(grains, By.AGENCY)
    catalog_of = catalog_by_agency(all_ids, _last_day(start, end, now))
    weight_of = weights()
    ranked = []
    for unit in units:
        found = sum((by_agency.get(pk, Measures()) for pk in unit.agency_ids), Measures())
        catalog = sum((catalog_of.get(pk, Catalog()) for pk in unit.agency_ids), Catalog())
        ranked.append(Ranked(unit, score(Inputs(catalog, found), weight_of)))
    return sorted(ranked, key=lambda one: (one.index.total is None, -(one.index.total or 0), one.subunit.label))
