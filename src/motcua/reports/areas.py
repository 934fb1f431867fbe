"""What a report covers: an agency with the agencies under it, or an area (địa bàn) with everything in it."""

from dataclasses import dataclass

from motcua.accounts import scope
from motcua.orgs.models import AdministrativeUnit, Agency, territory


def agency_ids_of_area(agency_or_unit: Agency | AdministrativeUnit) -> list[int]:
    """The agencies a report of this agency or administrative unit rolls up, as sorted ids.

    An agency brings its subordinate agencies (sở → chi cục …); an administrative unit brings the agencies of
    its subtree and of the legacy units it replaced in 2025, so a report over a period before 1 July 2025 still
    finds the dossiers of the former districts and communes.
    """
    if isinstance(agency_or_unit, Agency):
        agencies = Agency.objects.filter(pk=agency_or_unit.pk).with_descendants()
    else:
        units = AdministrativeUnit.objects.filter(territory([agency_or_unit.pk])).values("pk")
        agencies = Agency.objects.filter(unit__in=units)
    return sorted(agencies.values_list("pk", flat=True))


@dataclass(frozen=True)
class ReportArea:
    """What a report is about, as the user may see it: its name and the agencies it counts."""

    name: str
    agency_ids: list[int]
    agency: Agency | None = None
    unit: AdministrativeUnit | None = None

    @property
    def superior(self) -> str:
        """The superior agency or unit, for the heading of a printed report (Decree 30)."""
        if self.agency is not None:
            return self.agency.parent.name if self.agency.parent_id else ""
        return self.unit.parent.name if self.unit.parent_id else ""

    @property
    def place(self) -> str:
        return (self.agency.unit if self.agency is not None else self.unit).name


def _visible(user, ids: list[int]) -> list[int]:
    seen = scope.visible_agency_ids(user)
    return ids if seen is None else [pk for pk in ids if pk in seen]


def resolve(user, *, agency_id: int | None = None, unit_id: int | None = None) -> ReportArea | None:
    """The agency or area named, limited to the agencies the user may read; None when it is not in the user's scope
    (whether or not it exists). Inspectors read their subtree; officers their own agency."""
    if agency_id is not None:
        agency = scope.visible_agencies(user).select_related("parent", "unit").filter(pk=agency_id).first()
        if agency is None:
            return None
        return ReportArea(agency.name, _visible(user, agency_ids_of_area(agency)), agency=agency)
    unit = scope.visible_units(user).select_related("parent").filter(pk=unit_id).first()
    if unit is None:
        return None
    return ReportArea(unit.name, _visible(user, agency_ids_of_area(unit)), unit=unit)


def default_choice(user) -> dict[str, int]:
    """The user's own: the agency of their first agency role, else the unit they inspect, else the first province."""
    assignment = user.roles.order_by("pk").filter(agency__isnull=False).first()
    if assignment is not None:
        return {"agency_id": assignment.agency_id}
    assignment = user.roles.order_by("pk").filter(unit__isnull=False).first()
    if assignment is not None:
        return {"unit_id": assignment.unit_id}
    unit = scope.visible_units(user).filter(scheme=AdministrativeUnit.Scheme.CURRENT).order_by("level", "code").first()
    return {"unit_id": unit.pk} if unit is not None else {}
