"""Dashboards for leaders and inspectors (bảng điều hành): who may see them, over which area, and their figures.

An area (địa bàn, cơ quan) is an agency with the agencies under it, or an administrative unit with its territory
(motcua.reports.areas), cut down to what the user may read (motcua.accounts.scope). The figures are
motcua.reports.measures by month, by subordinate unit and by field; every figure names the dossiers behind it
(`measure_dossiers`), which the dossier list of the dashboards pages.
"""

import datetime
from collections.abc import Callable, Collection
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Exists, F, OuterRef, QuerySet, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.accounts import scope
from motcua.accounts.models import Role
from motcua.catalog.models import Field
from motcua.dossiers.models import Dossier, DossierFee
from motcua.orgs.models import AdministrativeUnit, Agency
from motcua.reports import charts, ii06a, measures
from motcua.reports.areas import agency_ids_of_area
from motcua.reports.index766 import Subunit, subunits
from motcua.reports.measures import By, Measures, Ratio

VIEWER_ROLES = (Role.LEADER, Role.AGENCY_ADMIN, Role.INSPECTOR, Role.SYSTEM_ADMIN)


def can_view(user) -> bool:
    """Leaders, agency administrators, inspectors and system administrators (not the desk or the specialists)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or scope.holds(user, *VIEWER_ROLES)


@dataclass(frozen=True)
class Area:
    label: str
    agency_ids: tuple[int, ...]
    agency: Agency | None = None
    unit: AdministrativeUnit | None = None

    @property
    def node(self) -> Agency | AdministrativeUnit:
        return self.agency or self.unit

    @property
    def query(self) -> dict[str, str]:
        """The dashboards' query parameter that chooses this area again."""
        return {"pham_vi": f"a{self.agency.pk}" if self.agency else f"u{self.unit.pk}"}


def _visible(user, ids: Collection[int]) -> tuple[int, ...]:
    allowed = scope.visible_agency_ids(user)
    return tuple(sorted(ids if allowed is None else set(ids) & allowed))


def area_choices(user) -> tuple[QuerySet[Agency], QuerySet[AdministrativeUnit]]:
    """The agencies and the administrative units (with agencies in them) the user may choose."""
    agencies = scope.visible_agencies(user).select_related("unit").order_by("unit__level", "name")
    units = (
        scope.visible_units(user)
        .filter(scheme=AdministrativeUnit.Scheme.CURRENT, agencies__isnull=False)
        .distinct()
        .order_by("level", "name")
    )
    return agencies, units


def resolve_area(user, *, agency_id: int | None = None, unit_id: int | None = None) -> Area:
    """The chosen area, or the user's own (an inspector's territory, else the first agency of their roles).

    PermissionDenied when the user may not read it."""
    if agency_id is None and unit_id is None:
        assignment = user.roles.filter(role__in=VIEWER_ROLES).order_by("pk").first()
        if assignment is not None and assignment.unit_id:
            unit_id = assignment.unit_id
        elif assignment is not None and assignment.agency_id:
            agency_id = assignment.agency_id
        else:
            _, units = area_choices(user)
            first = units.first()
            if first is None:
                raise PermissionDenied(gettext("Không có địa bàn nào để thống kê."))
            unit_id = first.pk
    if agency_id is not None:
        agency = scope.visible_agencies(user).filter(pk=agency_id).first()
        if agency is None:
            raise PermissionDenied(gettext("Bạn không được xem số liệu của cơ quan này."))
        return Area(agency.name, _visible(user, agency_ids_of_area(agency)), agency=agency)
    unit = scope.visible_units(user).filter(pk=unit_id).first()
    if unit is None:
        raise PermissionDenied(gettext("Bạn không được xem số liệu của địa bàn này."))
    return Area(unit.name, _visible(user, agency_ids_of_area(unit)), unit=unit)


@dataclass(frozen=True)
class MeasureSpec:
    """One figure of the dashboards: its label, whether it is a rate, and the ratio or count it shows."""

    key: str
    label: str
    percent: bool
    value: Callable[[Measures], Ratio | int]


MEASURES = (
    MeasureSpec("on_time", _("Tỷ lệ giải quyết đúng hạn"), True, lambda m: m.on_time),
    MeasureSpec("late", _("Hồ sơ giải quyết quá hạn"), False, lambda m: m.resolved_late),
    MeasureSpec("overdue", _("Hồ sơ đang quá hạn (cuối kỳ)"), False, lambda m: m.pending_overdue),
    MeasureSpec("online", _("Tỷ lệ hồ sơ trực tuyến"), True, lambda m: m.online),
    MeasureSpec("payments", _("Tỷ lệ thanh toán trực tuyến"), True, lambda m: m.payments),
    MeasureSpec("satisfaction", _("Tỷ lệ hài lòng"), True, lambda m: m.satisfaction),
)
MEASURE_OF = {spec.key: spec for spec in MEASURES}
# Pending overdue is the state at the end of a period: shown by unit and field, not month by month.
MONTHLY = tuple(spec for spec in MEASURES if spec.key != "overdue")


def figure(spec: MeasureSpec, found: Measures) -> float | None:
    value = spec.value(found)
    return value.percent if isinstance(value, Ratio) else float(value)


@dataclass(frozen=True)
class Dashboard:
    area: Area
    start: datetime.date
    end: datetime.date
    total: Measures
    by_month: tuple[tuple[datetime.date, Measures], ...]
    by_unit: tuple[tuple[Subunit, Measures], ...]
    by_field: tuple[tuple[Field, Measures], ...]


def visible_subunits(area: Area) -> list[Subunit]:
    """The subordinate units of the area, each cut down to the agencies of the area the user may read."""
    allowed = set(area.agency_ids)
    found = []
    for unit in subunits(area.node):
        ids = tuple(pk for pk in unit.agency_ids if pk in allowed)
        if ids:
            found.append(Subunit(unit.label, ids, unit.unit, unit.agency))
    return found


def month_end(first: datetime.date, end: datetime.date) -> datetime.date:
    return min((first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1), end)


def build(area: Area, start: datetime.date, end: datetime.date, *, now: datetime.datetime | None = None) -> Dashboard:
    """The dashboard figures of an area over the local days start..end: a fixed number of grouped queries."""
    grains = measures.collect(area.agency_ids, start, end, now=now)
    total = measures.group(grains, By.TOTAL)[None]
    month_rows = measures.group(grains, By.MONTH)
    by_month = tuple((first, month_rows.get(first, Measures())) for first in measures.months(start, end))
    agency_rows = measures.group(grains, By.AGENCY)
    by_unit = tuple(
        (unit, sum((agency_rows.get(pk, Measures()) for pk in unit.agency_ids), Measures()))
        for unit in visible_subunits(area)
    )
    field_rows = measures.group(grains, By.FIELD)
    fields = Field.objects.filter(pk__in=list(field_rows)).order_by("name")
    by_field = tuple((field, field_rows[field.pk]) for field in fields)
    return Dashboard(area, start, end, total, by_month, by_unit, by_field)


def _received(agency_ids, start, end, now) -> QuerySet:
    return ii06a.dossiers_for("received_online", agency_ids, start, end, now=now) | ii06a.dossiers_for(
        "received_direct", agency_ids, start, end, now=now
    )


def measure_dossiers(
    key: str,
    agency_ids: Collection[int],
    start: datetime.date,
    end: datetime.date,
    *,
    field_id: int | None = None,
    unit_ids: Collection[int] | None = None,
    now: datetime.datetime | None = None,
) -> QuerySet[Dossier]:
    """The dossiers behind one figure: the whole of its ratio (the decided ones timed by their deadline for the
    on-time rate — not the withdrawn, closed or refused ones that column 9's note places there —, the received
    ones for the online share, those with fees for payments, the rated ones for satisfaction). KeyError if unknown."""
    ids = sorted(set(agency_ids))
    if key == "on_time":
        dossiers = ii06a.dossiers_for("timed_decisions", ids, start, end, now=now)
    elif key == "late":
        dossiers = ii06a.dossiers_for("resolved_late", ids, start, end, now=now)
    elif key == "overdue":
        dossiers = ii06a.dossiers_for("pending_overdue", ids, start, end, now=now)
    elif key == "online":
        dossiers = _received(ids, start, end, now)
    elif key == "payments":
        fees = DossierFee.objects.filter(dossier=OuterRef("pk"), amount_vnd__gt=0)
        dossiers = _received(ids, start, end, now).filter(Exists(fees))
    elif key == "satisfaction":
        period = ii06a.Period.of(start, end, now)
        dossiers = Dossier.objects.filter(
            rating__agency_id__in=ids, rating__rated_at__gte=period.start_at, rating__rated_at__lt=period.end_at
        )
        if unit_ids is not None:
            dossiers = dossiers.filter(rating__agency_id__in=list(unit_ids))
        return dossiers.filter(version__field_id=field_id) if field_id is not None else dossiers
    else:
        raise KeyError(key)
    if field_id is not None:
        dossiers = dossiers.filter(version__field_id=field_id)
    if unit_ids is not None:
        attributed = Case(
            When(competent_agency_id__in=ids, then=F("competent_agency_id")), default=F("receiving_agency_id")
        )
        dossiers = dossiers.annotate(attributed=attributed).filter(attributed__in=list(unit_ids))
    return dossiers


LinkFor = Callable[..., str]


def month_charts(board: Dashboard, link: LinkFor) -> list:
    """One line chart per monthly figure; each point links to its month's dossiers."""
    found = []
    for spec in MONTHLY:
        points = [
            charts.Point(f"{first:%m/%Y}", figure(spec, values), link(spec.key, first, month_end(first, board.end)))
            for first, values in board.by_month
        ]
        found.append(
            (
                spec,
                charts.line_chart(
                    [charts.Series(str(spec.label), points)],
                    title=f"{spec.label} – {board.area.label}",
                    description=gettext("Theo tháng, từ %(start)s đến %(end)s.")
                    % {"start": f"{board.start:%d/%m/%Y}", "end": f"{board.end:%d/%m/%Y}"},
                    percent=spec.percent,
                ),
            )
        )
    return found


def group_charts(rows, label_of: Callable, link_of: Callable, board: Dashboard, heading: str) -> list:
    """One bar chart per figure over units or fields; each bar links to its dossiers. Groups with no data skipped."""
    found = []
    for spec in MEASURES:
        bars = [
            charts.Bar(label_of(group), value, link_of(spec.key, group))
            for group, values in rows
            if (value := figure(spec, values)) is not None
        ]
        if bars:
            found.append(
                (
                    spec,
                    charts.bar_chart(
                        bars,
                        title=f"{spec.label} – {heading}",
                        description=gettext("Từ %(start)s đến %(end)s.")
                        % {"start": f"{board.start:%d/%m/%Y}", "end": f"{board.end:%d/%m/%Y}"},
                        percent=spec.percent,
                    ),
                )
            )
    return found


@dataclass(frozen=True)
class Cell:
    value: float | None
    percent: bool
    href: str


def table(rows, label_of: Callable, link_of: Callable, specs=MEASURES) -> list[tuple[str, list[Cell]]]:
    """The figures of a chart as table rows (label, one cell per figure), for screen readers and for reading."""
    return [
        (label_of(group), [Cell(figure(spec, values), spec.percent, link_of(spec.key, group)) for spec in specs])
        for group, values in rows
    ]
