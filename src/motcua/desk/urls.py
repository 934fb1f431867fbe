from django.urls import path

from motcua.desk import calendar_views, views

app_name = "desk"
urlpatterns = [
    path("", views.staff_home, name="home"),
    path("nhat-ky/", views.audit_log, name="audit"),
    path("lich-lam-viec/", calendar_views.calendar_list, name="calendars"),
    path("lich-lam-viec/tao/", calendar_views.calendar_create, name="calendar_create"),
    path("lich-lam-viec/toan-quoc/", calendar_views.national_calendar, name="national_calendar"),
    path("lich-lam-viec/<int:pk>/", calendar_views.calendar_detail, name="calendar"),
    path("lich-lam-viec/ngay/<int:pk>/xoa/", calendar_views.override_delete, name="override_delete"),
]
