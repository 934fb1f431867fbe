"""Staff pages for working calendars (lịch làm việc): thin views over motcua.workcal.services."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from motcua.accounts.decorators import staff_required
from motcua.accounts.scope import is_system_admin
from motcua.core.form_errors import show_service_error
from motcua.workcal import services
from motcua.workcal.forms import OverrideForm, WeeklyHoursForm
from motcua.workcal.lunar import lunar_label
from motcua.workcal.models import CalendarOverride

OVERRIDES_SHOWN_YEARS = 2


def _selected_year(request) -> int:
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        return datetime.date.today().year
    return year if 2000 <= year <= 2100 else datetime.date.today().year


@staff_required
def calendar_list(request):
    user = request.user
    return render(
        request,
        "desk/calendars/list.html",
        {
            "calendars": services.visible_calendars(user),
            "agencies_without": services.agencies_without_calendar_editable_by(user)[:200],
            "provinces_without": services.provinces_without_calendar(user),
            "can_edit_national": is_system_admin(user),
        },
    )


@staff_required
def calendar_create(request):
    if request.method != "POST":
        return redirect("desk:calendars")
    user = request.user
    agency = services.agencies_without_calendar_editable_by(user).filter(pk=request.POST.get("agency") or 0).first()
    province = services.provinces_without_calendar(user).filter(pk=request.POST.get("province") or 0).first()
    if (agency is None) == (province is None):
        messages.error(request, gettext("Hãy chọn một cơ quan hoặc một tỉnh, thành phố chưa có lịch riêng."))
        return redirect("desk:calendars")
    owner = agency or province
    calendar = services.create_calendar(
        user, name=gettext("Lịch làm việc – %(owner)s") % {"owner": owner}, agency=agency, province=province
    )
    messages.success(request, gettext("Đã tạo lịch làm việc. Hãy kiểm tra giờ làm việc bên dưới."))
    return redirect("desk:calendar", calendar.pk)


def _calendar_page(request, calendar):
    user = request.user
    editable = services.can_edit(user, calendar)
    year = _selected_year(request)
    weekly_form = WeeklyHoursForm(weekly_hours=calendar.weekly_hours) if calendar else None
    override_form = OverrideForm()
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(gettext("Bạn chỉ được xem lịch làm việc này."))
        action = request.POST.get("action")
        try:
            if action == "weekly" and calendar is not None:
                weekly_form = WeeklyHoursForm(request.POST, weekly_hours=calendar.weekly_hours)
                if weekly_form.is_valid():
                    services.save_weekly_hours(user, calendar, weekly_form.cleaned_data["weekly_hours"])
                    messages.success(request, gettext("Đã lưu giờ làm việc."))
                    return redirect(request.get_full_path())
            elif action == "override":
                override_form = OverrideForm(request.POST)
                if override_form.is_valid():
                    services.add_override(user, calendar, **override_form.cleaned_data)
                    messages.success(request, gettext("Đã thêm ngày vào lịch."))
                    return redirect(request.get_full_path())
        except ValidationError as error:
            show_service_error(weekly_form if action == "weekly" else override_form, error)
    overrides = CalendarOverride.objects.filter(calendar=calendar, date__year__gte=year - OVERRIDES_SHOWN_YEARS + 1)
    days = [(info, lunar_label(info.day)) for info in services.year_days(calendar, year)]
    return render(
        request,
        "desk/calendars/detail.html",
        {
            "calendar": calendar,
            "editable": editable,
            "weekly_form": weekly_form,
            "override_form": override_form,
            "overrides": overrides.select_related("entered_by"),
            "year": year,
            "years": range(year - 1, year + 2),
            "days": days,
        },
    )


@staff_required
def calendar_detail(request, pk):
    calendar = get_object_or_404(services.visible_calendars(request.user), pk=pk)
    return _calendar_page(request, calendar)


@staff_required
def national_calendar(request):
    return _calendar_page(request, None)


@staff_required
def override_delete(request, pk):
    override = get_object_or_404(CalendarOverride.objects.select_related("calendar"), pk=pk)
    calendar = override.calendar
    if calendar is not None and not services.visible_calendars(request.user).filter(pk=calendar.pk).exists():
        raise PermissionDenied(gettext("Bạn không xem được lịch này."))
    back = redirect("desk:calendar", calendar.pk) if calendar else redirect("desk:national_calendar")
    if request.method == "POST":
        services.delete_override(request.user, override)
        messages.success(request, gettext("Đã xóa ngày %(date)s khỏi lịch.") % {"date": f"{override.date:%d/%m/%Y}"})
        return back
    if not services.can_edit(request.user, calendar):
        raise PermissionDenied(gettext("Bạn chỉ được xem lịch làm việc này."))
    return render(request, "desk/calendars/confirm_delete.html", {"override": override, "back_url": back.url})
