"""What the staff home page (trang làm việc) shows for each role a person holds.

Each section is headed by the role's name and lists only what accounts.scope lets the user see.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.http import urlencode

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.accounts.scope import is_system_admin, visible_agencies, visible_units
from motcua.core.paging import paginate
from motcua.desk.dossier_display import queue_rows
from motcua.desk.step_due import step_dues
from motcua.dossiers import queues
from motcua.orgs.models import Agency

AGENCY_WORK_ROLES = [Role.RECEIVING_OFFICER, Role.SPECIALIST, Role.LEADER]
PER_PAGE = 25
# The work queues each role looks at first, counted up to QUEUE_COUNT_CAP so the count costs a bounded scan.
ROLE_QUEUES = {
    Role.RECEIVING_OFFICER: ("mine", "overdue", "ready"),
    Role.SPECIALIST: ("mine", "due_soon", "overdue"),
    Role.LEADER: ("unassigned", "signature", "agency", "overdue"),
}
# Queues whose any row is already a call to act now: their count is marked like the overdue one.
URGENT_QUEUES = ("overdue", "unassigned")
QUEUE_COUNT_CAP = 99
# How many dossiers waiting for assignment the leader's home lists (the queue page has them all).
WAITING_SHOWN = 10
PK_MARK = 987654321  # stands for the id in the dossier page's reversed URL
SEARCH_MAX_LENGTH = 100


@dataclass
class Section:
    role: str
    template: str
    assignment: RoleAssignment | None = None
    data: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return Role(self.role).label


def _members(user: User, agencies: QuerySet[Agency]) -> QuerySet[RoleAssignment]:
    return (
        RoleAssignment.objects.filter(agency__in=agencies.filter(pk__in=visible_agencies(user)), user__is_active=True)
        .select_related("user", "agency")
        .order_by("agency__name", "user__full_name", "user__username", "role")
    )


@dataclass(frozen=True)
class QueueCount:
    name: str
    label: str
    count: str
    url: str
    urgent: bool


def _queue_counts(user: User, assignment: RoleAssignment) -> list[QueueCount]:
    """The role's main dossier queues in this agency, each counted over at most QUEUE_COUNT_CAP + 1 rows."""
    labels = {spec.name: spec.label for spec in queues.QUEUES}
    counts = []
    for name in ROLE_QUEUES.get(assignment.role, ()):
        found = queues.queue(user, name, agency_id=assignment.agency_id)[: QUEUE_COUNT_CAP + 1].count()
        shown = f"{QUEUE_COUNT_CAP}+" if found > QUEUE_COUNT_CAP else str(found)
        url = _queue_url(name, assignment.agency_id)
        counts.append(QueueCount(name, labels[name], shown, url, name in URGENT_QUEUES and found > 0))
    return counts


def _queue_url(name: str, agency_id: int) -> str:
    return f"{reverse('desk:dossiers')}?{urlencode({'hang-doi': name, 'agency': agency_id})}"


def _waiting_for_assignment(user: User, assignment: RoleAssignment) -> dict:
    """Chờ phân công: the leader's first dossiers to hand to a specialist, soonest step deadline first, each with
    that deadline (queues.queue "unassigned")."""
    found = list(queues.for_rows(queues.queue(user, "unassigned", agency_id=assignment.agency_id))[: WAITING_SHOWN + 1])
    shown = found[:WAITING_SHOWN]
    url_of = reverse("desk:dossier", args=[PK_MARK]).replace(str(PK_MARK), "{pk}")
    return {
        "rows": queue_rows(shown, url_of=url_of),
        "step_dues": step_dues(dossier.pk for dossier in shown),
        "more": len(found) > WAITING_SHOWN,
        "url": _queue_url("unassigned", assignment.agency_id),
    }


def _agency_work_section(user: User, assignment: RoleAssignment) -> Section:
    """Receiving officer, specialist, leader: their dossier queues, the own agency and the colleagues in it."""
    agency = assignment.agency
    colleagues = _members(user, Agency.objects.filter(pk=agency.pk)).exclude(user=user)
    data = {"agency": agency, "colleagues": colleagues, "queues": _queue_counts(user, assignment)}
    if assignment.role == Role.LEADER:
        counted = next(queue.count for queue in data["queues"] if queue.name == "unassigned")
        data["waiting"] = {**_waiting_for_assignment(user, assignment), "count": counted}
    return Section(assignment.role, "desk/roles/agency_member.html", assignment, data)


def _agency_admin_section(user: User, assignment: RoleAssignment, params) -> Section:
    """Agency administrator: everyone holding a role in the agency or below it."""
    subtree = Agency.objects.filter(pk=assignment.agency_id).with_descendants()
    page_param = f"thanh-vien-{assignment.pk}"
    return Section(
        assignment.role,
        "desk/roles/agency_admin.html",
        assignment,
        {
            "agency": assignment.agency,
            "members": paginate(_members(user, subtree), params, page_param, PER_PAGE),
        },
    )


def _inspector_section(user: User, assignments: list[RoleAssignment], params) -> Section:
    """Inspector: the agencies and units in scope, searchable by name, read only."""
    query = params.get("q", "").strip()[:SEARCH_MAX_LENGTH]
    agencies = visible_agencies(user).select_related("unit", "parent")
    units = visible_units(user).select_related("parent").order_by("scheme", "level", "code")
    if query:
        agencies = agencies.filter(name__icontains=query)
        units = units.filter(name__icontains=query)
    return Section(
        Role.INSPECTOR,
        "desk/roles/inspector.html",
        data={
            "assignments": assignments,
            "query": query,
            "agencies": paginate(agencies, params, "trang-co-quan", PER_PAGE),
            "units": paginate(units, params, "trang-don-vi", PER_PAGE),
        },
    )


def _system_admin_section(user: User) -> Section:
    return Section(
        Role.SYSTEM_ADMIN,
        "desk/roles/system_admin.html",
        data={
            "unit_count": visible_units(user).count(),
            "agency_count": visible_agencies(user).count(),
            "user_count": User.objects.count(),
            "staff_count": User.objects.filter(account_type=User.AccountType.STAFF).count(),
        },
    )


def sections_for(user: User, params) -> list[Section]:
    """One section per agency role held (per agency), one for inspection, one for system administration."""
    assignments = list(user.roles.select_related("agency__unit", "agency__parent", "unit"))
    order = list(Role.values)
    assignments.sort(key=lambda a: (order.index(a.role), a.pk))
    sections = []
    for assignment in assignments:
        if assignment.role in AGENCY_WORK_ROLES:
            sections.append(_agency_work_section(user, assignment))
        elif assignment.role == Role.AGENCY_ADMIN:
            sections.append(_agency_admin_section(user, assignment, params))
    inspections = [a for a in assignments if a.role == Role.INSPECTOR]
    if inspections:
        sections.append(_inspector_section(user, inspections, params))
    if is_system_admin(user):
        sections.append(_system_admin_section(user))
    return sections
