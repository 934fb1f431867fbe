"""The staff navigation (thanh điều hướng của cán bộ), grouped by what each role does.

Each link names the permission function its view itself checks, so a user is never shown a link that answers
403: a view guarded by `staff_required` only needs `is_staff_member`; the others call the same helper as the view
(catalog.permissions.is_control_staff, reports.dashboard.can_view, accounts.scope.can_view_audit_log, …). A group
with no link left for the user is not shown.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motcua.accounts.decorators import is_staff_member
from motcua.accounts.models import Role
from motcua.accounts.scope import can_view_audit_log, role_agency_ids
from motcua.catalog.permissions import is_control_staff
from motcua.dossiers.interagency import part_agencies
from motcua.reports.dashboard import can_view as can_view_dashboards


def takes_in_dossiers(user) -> bool:
    """Intake at the desk and its fee counter: receiving officers (the intake view refuses anyone else)."""
    return bool(role_agency_ids(user, [Role.RECEIVING_OFFICER]))


def opens_admin_site(request) -> bool:
    """The data administration site (/quan-tri/) lets in whom Django's admin site lets in."""
    return admin.site.has_permission(request)


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    # Which pages (URL names, or their prefix ending in "*") mark this link as the current one.
    current: tuple[str, ...]
    allowed: Callable = is_staff_member
    needs_request: bool = False  # `allowed` takes the request instead of the user
    # Narrower than the view's check: the roles whose work the page is (the fee counter is the desk's).
    for_whom: Callable | None = None

    def is_current(self, url_name: str) -> bool:
        return any(url_name.startswith(p[:-1]) if p.endswith("*") else url_name == p for p in self.current)

    def may_open(self, request) -> bool:
        """The view's own check."""
        return bool(self.allowed(request if self.needs_request else request.user))

    def shown_to(self, request) -> bool:
        return self.may_open(request) and (self.for_whom is None or bool(self.for_whom(request.user)))


@dataclass(frozen=True)
class Group:
    label: str
    slug: str
    links: tuple[Link, ...]


HOME = Link(_("Trang làm việc"), "desk:home", ("home",))
GROUPS = (
    Group(
        _("Hồ sơ"),
        "ho-so",
        (
            Link(_("Danh sách hồ sơ"), "desk:dossiers", ("dossiers", "dossier", "dossier_action")),
            Link(_("Tiếp nhận hồ sơ"), "desk:dossier_intake", ("dossier_intake",), takes_in_dossiers),
            # The Decree 63/2024 groups (birth, death): filed as one, handed back together.
            Link(_("Nhóm hồ sơ liên thông"), "desk:groups", ("groups", "group", "group_intake", "group_deliver")),
            # The participating agency's work in inter-agency dossiers (Decree 118 Art. 20.2): specialists, leaders.
            Link(_("Phần việc liên thông được giao"), "desk:parts", ("parts", "part*"), for_whom=part_agencies),
            Link(_("Thu phí, lệ phí"), "desk:payment-desk", ("payment*",), for_whom=takes_in_dossiers),
            Link(_("Sổ theo dõi hồ sơ"), "desk:dossier_tracking_book", ("dossier_tracking_book",)),
            Link(_("Đánh giá, khảo sát"), "desk:feedback-home", ("feedback*",)),
        ),
    ),
    Group(
        _("Thủ tục"),
        "thu-tuc",
        (
            Link(_("Thủ tục hành chính"), "desk:catalog", ("catalog", "catalog_procedure", "catalog_version")),
            Link(_("Kiểm soát thủ tục hành chính"), "desk:catalog_control", ("catalog_control",), is_control_staff),
            Link(_("Lịch làm việc"), "desk:calendars", ("calendar*", "national_calendar")),
        ),
    ),
    Group(
        _("Báo cáo & thống kê"),
        "bao-cao",
        (
            Link(_("Báo cáo"), "desk:report-index", ("report*",)),
            Link(_("Thống kê, điều hành"), "desk:dashboard", ("dashboard", "dashboard-dossiers"), can_view_dashboards),
            Link(_("Bộ chỉ số 766"), "desk:dashboard-766", ("dashboard-766",), can_view_dashboards),
        ),
    ),
    Group(
        _("Cải cách"),
        "cai-cach",
        (
            Link(_("Cải cách hành chính"), "desk:reform-home", ("reform-home", "reform-plan*", "reform-task*")),
            Link(_("Kiểm tra"), "desk:reform-inspections", ("reform-inspection*", "reform-assess", "reform-record")),
            Link(_("Tự đánh giá, chỉ số CCHC"), "desk:reform-assessments", ("reform-assessment*", "reform-score")),
        ),
    ),
    Group(
        _("Quản trị"),
        "quan-tri",
        (
            Link(_("Nhật ký hệ thống"), "desk:audit", ("audit",), can_view_audit_log),
            Link(_("Quản trị dữ liệu"), "admin:index", (), opens_admin_site, needs_request=True),
        ),
    ),
)


@dataclass(frozen=True)
class ShownLink:
    label: str
    url: str
    current: bool


@dataclass(frozen=True)
class ShownGroup:
    label: str
    slug: str
    links: list[ShownLink]

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


def _shown(link: Link, url_name: str) -> ShownLink:
    return ShownLink(str(link.label), reverse(link.url_name), link.is_current(url_name))


def staff_navigation(request) -> tuple[ShownLink | None, list[ShownGroup]]:
    """(the home link, the groups) this request's user may follow; (None, []) for anyone who is not staff."""
    user = request.user
    if not (user.is_authenticated and is_staff_member(user)):
        return None, []
    match = getattr(request, "resolver_match", None)
    url_name = match.url_name if match and match.namespace == "desk" else ""
    groups = []
    for group in GROUPS:
        links = [_shown(link, url_name) for link in group.links if link.shown_to(request)]
        if links:
            groups.append(ShownGroup(str(group.label), group.slug, links))
    return _shown(HOME, url_name), groups


def may_follow(request, url_name: str) -> bool:
    """Whether the request's user may follow the navigation's link to `url_name` (for the same link elsewhere on a
    page). A name the navigation does not know raises KeyError rather than guessing."""
    link = next((link for link in all_links() if link.url_name == url_name), None)
    if link is None:
        raise KeyError(url_name)
    return request.user.is_authenticated and is_staff_member(request.user) and link.shown_to(request)


def all_links() -> list[Link]:
    """Every link the navigation may show (for tests and the crawler)."""
    return [HOME, *(link for group in GROUPS for link in group.links)]
