from django.urls import include, path

from motcua.portal import catalog_views, views

app_name = "portal"
urlpatterns = [
    path("", views.applicant_home, name="home"),
    path("thu-tuc/", catalog_views.catalog_index, name="catalog"),
    path("thu-tuc/<str:code>/", catalog_views.procedure_detail, name="catalog-detail"),
    path("thu-tuc/<str:code>/mau/<int:document_id>/", catalog_views.procedure_form, name="catalog-form"),
    path("nop-truc-tuyen/", include("motcua.portal.submission_urls")),
    path("ho-so/", include("motcua.portal.my_dossier_urls")),
    path("tra-cuu/", include("motcua.portal.tracking_urls")),
    path("lien-thong/", include("motcua.portal.group_urls")),
    path("thanh-toan/", include("motcua.portal.payment_urls")),
    path("danh-gia/", include("motcua.portal.feedback_urls")),
    path("thong-ke/", include("motcua.portal.stats_urls")),
    path("niem-yet/", catalog_views.posting_agencies, name="posting-agencies"),
    path("niem-yet/<int:agency_id>/", catalog_views.posting_sheet_html, name="posting-sheet"),
    path("niem-yet/<int:agency_id>/pdf/", catalog_views.posting_sheet_pdf, name="posting-sheet-pdf"),
    path("niem-yet/ma-qr/<str:code>.svg", catalog_views.posting_qr, name="posting-qr"),
]
