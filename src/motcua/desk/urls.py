from django.urls import include, path, re_path

from motcua.desk import calendar_views, catalog_views, dossier_views, views

app_name = "desk"
urlpatterns = [
    path("", views.staff_home, name="home"),
    path("nhat-ky/", views.audit_log, name="audit"),
    path("lich-lam-viec/", calendar_views.calendar_list, name="calendars"),
    path("lich-lam-viec/tao/", calendar_views.calendar_create, name="calendar_create"),
    path("lich-lam-viec/toan-quoc/", calendar_views.national_calendar, name="national_calendar"),
    path("lich-lam-viec/<int:pk>/", calendar_views.calendar_detail, name="calendar"),
    path("lich-lam-viec/ngay/<int:pk>/xoa/", calendar_views.override_delete, name="override_delete"),
    path("thu-tuc/", catalog_views.catalog_list, name="catalog"),
    path("thu-tuc/tao/", catalog_views.procedure_create, name="catalog_create"),
    path("thu-tuc/<int:pk>/", catalog_views.procedure_detail, name="catalog_procedure"),
    path("thu-tuc/<int:pk>/phien-ban-moi/", catalog_views.draft_new, name="catalog_draft_new"),
    path("thu-tuc/<int:pk>/bai-bo/", catalog_views.procedure_abolish, name="catalog_abolish"),
    path("thu-tuc/<int:pk>/co-quan/<int:agency_pk>/", catalog_views.offering_detail, name="catalog_offering"),
    path(
        "thu-tuc/<int:pk>/co-quan/<int:agency_pk>/quy-trinh/<int:version_pk>/",
        catalog_views.process_edit,
        name="catalog_process",
    ),
    path("thu-tuc/phien-ban/<int:pk>/", catalog_views.version_detail, name="catalog_version"),
    path("thu-tuc/phien-ban/<int:pk>/sua/", catalog_views.draft_edit, name="catalog_draft_edit"),
    path("thu-tuc/phien-ban/<int:pk>/xoa/", catalog_views.draft_delete, name="catalog_draft_delete"),
    path("thu-tuc/phien-ban/<int:pk>/cong-bo/", catalog_views.draft_publish, name="catalog_publish"),
    path("thu-tuc/niem-yet/<int:pk>/go/", catalog_views.posting_remove, name="catalog_posting_remove"),
    path("kiem-soat-tthc/", catalog_views.control_dashboard, name="catalog_control"),
    path("bao-cao/", include("motcua.desk.report_urls")),
    path("thong-ke/", include("motcua.desk.dashboard_urls")),
    path("thanh-toan/", include("motcua.desk.payment_urls")),
    path("danh-gia/", include("motcua.desk.feedback_urls")),
    path("cai-cach/", include("motcua.desk.reform_urls")),
    path("ho-so/", dossier_views.queue_list, name="dossiers"),
    path("ho-so/tiep-nhan/", dossier_views.intake, name="dossier_intake"),
    path("ho-so/so-theo-doi/", dossier_views.tracking_book, name="dossier_tracking_book"),
    path("ho-so/<int:pk>/", dossier_views.dossier_detail, name="dossier"),
    path("ho-so/<int:pk>/thao-tac/<slug:action>/", dossier_views.dossier_action, name="dossier_action"),
    path("ho-so/<int:pk>/tai-lieu/<int:document_pk>/", dossier_views.document_download, name="dossier_document"),
    re_path(
        r"^ho-so/(?P<pk>[0-9]+)/mau/(?P<form>0[1-6])\.(?P<fmt>pdf|docx)$",
        dossier_views.form_download,
        name="dossier_form",
    ),
]
