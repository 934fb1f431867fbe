"""Staff pages for working calendars: who sees, who edits, validation, confirmation before deleting."""

import datetime

import pytest
from django.urls import reverse

from motcua.core.models import AuditEntry
from motcua.orgs.models import Agency
from motcua.workcal.models import CalendarOverride, WorkCalendar

WEEK_FORM = {"action": "weekly", **{f"day_{d}": "08:00-12:00, 13:00-17:00" for d in range(5)}, "day_5": "", "day_6": ""}


@pytest.fixture
def hong_van(demo):
    return Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân")


def test_agency_admin_creates_a_saturday_desk_calendar(login_as, hong_van):
    client = login_as("quantri.hongvan")
    page = client.get(reverse("desk:calendars"))
    assert page.status_code == 200
    assert "Ủy ban nhân dân xã Hồng Vân" in page.text  # offered for a calendar of its own
    assert "Thành phố Hà Nội</option>" not in page.text  # provinces are for system admins
    response = client.post(reverse("desk:calendar_create"), {"agency": hong_van.pk})
    calendar = WorkCalendar.objects.get(agency=hong_van)
    assert response.url == reverse("desk:calendar", args=[calendar.pk])
    response = client.post(response.url, {**WEEK_FORM, "day_5": "07:30-11:30"}, follow=True)
    assert "Đã lưu giờ làm việc." in response.text
    calendar.refresh_from_db()
    assert calendar.weekly_hours["5"] == [["07:30", "11:30"]]
    assert AuditEntry.objects.filter(object_type="workcal.WorkCalendar", actor__username="quantri.hongvan").exists()


def test_bad_hours_keep_what_was_typed_and_say_why(login_as, hong_van):
    client = login_as("quantri.hongvan")
    client.post(reverse("desk:calendar_create"), {"agency": hong_van.pk})
    calendar = WorkCalendar.objects.get(agency=hong_van)
    url = reverse("desk:calendar", args=[calendar.pk])
    response = client.post(url, {**WEEK_FORM, "day_5": "sáng thứ bảy"})
    assert response.status_code == 200
    assert "không phải một khoảng giờ" in response.text
    assert 'value="sáng thứ bảy"' in response.text
    response = client.post(url, {**WEEK_FORM, "day_0": "08:00-12:00, 11:00-17:00"})
    assert "chồng lên nhau" in response.text
    calendar.refresh_from_db()
    assert calendar.weekly_hours["0"] == [["08:00", "12:00"], ["13:00", "17:00"]]


def test_inspector_reads_but_cannot_edit(login_as, hong_van, client):
    admin = login_as("quantri.hethong")
    admin.post(reverse("desk:calendar_create"), {"agency": hong_van.pk})
    calendar = WorkCalendar.objects.get(agency=hong_van)
    inspector = login_as("thanhtra.hanoi")
    page = inspector.get(reverse("desk:calendar", args=[calendar.pk]))
    assert page.status_code == 200
    assert "Bạn chỉ được xem lịch này." in page.text
    assert inspector.post(reverse("desk:calendar", args=[calendar.pk]), WEEK_FORM).status_code == 403
    # An officer of another agency (here the commune's service centre) does not even see it.
    assert login_as("tiepnhan.hongvan").get(reverse("desk:calendar", args=[calendar.pk])).status_code == 404
    assert login_as("congdan").get(reverse("desk:calendars")).status_code == 403


def test_system_admin_enters_a_national_notice_and_deletes_it_after_confirming(login_as):
    client = login_as("quantri.hethong")
    url = reverse("desk:national_calendar")
    form = {
        "action": "override",
        "date": "2027-02-05",
        "kind": "day_off",
        "reason": "Tết Nguyên đán",
        "legal_reference": "Thông báo nghỉ Tết 2027 (kiểm thử)",
    }
    response = client.post(url, form, follow=True)
    assert "Đã thêm ngày vào lịch." in response.text
    override = CalendarOverride.objects.get(calendar=None, date=datetime.date(2027, 2, 5))
    assert override.entered_by.username == "quantri.hethong"
    duplicate = client.post(url, form)
    assert "đã có trong lịch này" in duplicate.text
    confirm = client.get(reverse("desk:override_delete", args=[override.pk]))
    assert "Xóa ngày khỏi lịch?" in confirm.text
    assert CalendarOverride.objects.filter(pk=override.pk).exists()  # a GET deletes nothing
    assert login_as("quantri.hongvan").post(reverse("desk:override_delete", args=[override.pk])).status_code == 403
    client = login_as("quantri.hethong")
    client.post(reverse("desk:override_delete", args=[override.pk]))
    assert not CalendarOverride.objects.filter(pk=override.pk).exists()


def test_year_view_explains_days_with_lunar_dates(login_as):
    page = login_as("tiepnhan.hongvan").get(reverse("desk:national_calendar"), {"nam": "2026"})
    assert page.status_code == 200
    assert "Tết Nguyên đán" in page.text
    assert "mùng 1 tháng Giêng năm Bính Ngọ" in page.text  # 17/02/2026
    assert "làm bù" in page.text  # Saturday 10/01/2026


def test_staff_navigation_offers_the_audit_log_only_to_those_allowed(login_as):
    audit_link = f'href="{reverse("desk:audit")}"'
    assert audit_link in login_as("quantri.hethong").get(reverse("desk:calendars")).text
    assert audit_link not in login_as("tiepnhan.hongvan").get(reverse("desk:calendars")).text
