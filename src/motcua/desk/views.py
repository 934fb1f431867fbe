from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from motcua.accounts.scope import visible_agencies


@login_required
def staff_home(request):
    user = request.user
    if user.is_applicant and not user.is_superuser:
        raise PermissionDenied("Trang này dành cho cán bộ, công chức.")
    assignments = user.roles.select_related("agency__unit", "unit").order_by("role")
    return render(
        request,
        "desk/home.html",
        {
            "assignments": assignments,
            "agency_count": visible_agencies(user).count(),
        },
    )
