"""Recomputing stored deadlines after a calendar change (tính lại thời hạn khi lịch làm việc thay đổi).

Deadlines are stored data (architecture principle 3), so an edit of a calendar must reach every open dossier
whose deadline it moves. The workcal app does not know dossiers: the dossier module registers a recomputer,
and `calendar_changed` schedules one background task (django.tasks) that calls every registered recomputer with
a `CalendarChange` saying which agencies and which dates were touched, and why.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.tasks import task

from motcua.orgs.models import AdministrativeUnit, Agency, territory


@dataclass(frozen=True)
class CalendarChange:
    """What changed: the agencies whose calendar it is (None = every agency), the dates, and a description."""

    agency_ids: frozenset[int] | None
    changed_dates: tuple[datetime.date, ...]
    description: str
    actor_id: int | None = None

    def to_data(self) -> dict:
        return {
            "agency_ids": None if self.agency_ids is None else sorted(self.agency_ids),
            "changed_dates": [day.isoformat() for day in self.changed_dates],
            "description": self.description,
            "actor_id": self.actor_id,
        }

    @classmethod
    def from_data(cls, data: dict) -> "CalendarChange":
        agency_ids = data["agency_ids"]
        return cls(
            agency_ids=None if agency_ids is None else frozenset(agency_ids),
            changed_dates=tuple(datetime.date.fromisoformat(day) for day in data["changed_dates"]),
            description=data["description"],
            actor_id=data.get("actor_id"),
        )

    def affects(self, agency_id: int) -> bool:
        return self.agency_ids is None or agency_id in self.agency_ids


# A recomputer updates the stored deadlines its module owns and returns how many it changed.
Recomputer = Callable[[CalendarChange], int]
_recomputers: dict[str, Recomputer] = {}


def register_recomputer(name: str, recomputer: Recomputer) -> None:
    """Called from an app's ready(); registering the same name again replaces the earlier one."""
    _recomputers[name] = recomputer


def unregister_recomputer(name: str) -> None:
    _recomputers.pop(name, None)


@task
def recompute_deadlines(change_data: dict) -> dict[str, int]:
    """The background task: run every recomputer and report how many deadlines each one moved."""
    change = CalendarChange.from_data(change_data)
    return {name: recomputer(change) for name, recomputer in sorted(_recomputers.items())}


def calendar_changed(
    agency_ids: Iterable[int] | None, changed_dates: Iterable[datetime.date], description: str, actor_id=None
) -> CalendarChange | None:
    """Schedule the recomputation once the current transaction commits; nothing when no date changed."""
    dates = tuple(sorted(set(changed_dates)))
    if not dates:
        return None
    change = CalendarChange(
        agency_ids=None if agency_ids is None else frozenset(agency_ids),
        changed_dates=dates,
        description=description,
        actor_id=actor_id,
    )
    transaction.on_commit(lambda: recompute_deadlines.enqueue(change.to_data()))
    return change


def agencies_using(calendar) -> frozenset[int] | None:
    """The agencies whose deadlines a calendar (or a national override, calendar=None) governs."""
    if calendar is None:
        return None
    if calendar.agency_id is not None:
        return frozenset({calendar.agency_id})
    # Current units of the province, and legacy units that became part of it (their dossiers are still open).
    units = AdministrativeUnit.objects.filter(territory([calendar.province_id]))
    return frozenset(Agency.objects.filter(unit__in=units).values_list("pk", flat=True))
