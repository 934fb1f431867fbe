from django.urls import path

from motcua.desk import report_views

urlpatterns = [
    path("", report_views.index, name="report-index"),
    path("06a/", report_views.ii06a_page, name="report-06a"),
    path("06a/ho-so/", report_views.ii06a_dossiers, name="report-06a-dossiers"),
    path("06a/xlsx/", report_views.ii06a_xlsx, name="report-06a-xlsx"),
    path("danh-sach/<slug:slug>/", report_views.list_page, name="report-list"),
]
