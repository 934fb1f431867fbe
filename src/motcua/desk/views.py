"""Staff pages (bộ phận một cửa): thin views over accounts.scope and the desk helpers."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext

from motcua.accounts.decorators import staff_required
from motcua.accounts.scope import can_view_audit_log, visible_audit_entries
from motcua.core.audit import describe_changes, object_type_name
from motcua.core.paging import paginate
from motcua.desk.forms import AuditFilterForm
from motcua.desk.home import sections_for
from motcua.reform.services.followup import overdue_count

AUDIT_PER_PAGE = 50


@staff_required
def staff_home(request):
    sections = sections_for(request.user, request.GET)
    return render(request, "desk/home.html", {"sections": sections, "reform_overdue": overdue_count(request.user)})


@staff_required
def audit_log(request):
    """The audit log (nhật ký hệ thống), filtered and 50 entries a page."""
    if not can_view_audit_log(request.user):
        raise PermissionDenied(gettext("Chỉ quản trị hệ thống và quản trị cơ quan được xem nhật ký hệ thống."))
    form = AuditFilterForm(request.GET or None)
    entries = visible_audit_entries(request.user).select_related("actor")
    if form.is_bound:
        entries = form.apply(entries) if form.is_valid() else entries.none()
    paged = paginate(entries, request.GET, "trang", AUDIT_PER_PAGE)
    rows = [
        {"entry": entry, "object_type": object_type_name(entry.object_type), "changes": describe_changes(entry)}
        for entry in paged.page
    ]
    return render(request, "desk/audit.html", {"form": form, "paged": paged, "rows": rows})
