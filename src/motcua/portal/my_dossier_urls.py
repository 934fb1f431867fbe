from django.urls import path

from motcua.portal import my_dossier_views as views

urlpatterns = [
    path("", views.dossier_list, name="my-dossiers"),
    path("<int:pk>/", views.dossier_detail, name="my-dossier"),
    path("<int:pk>/mau/<int:event_pk>/", views.form_download, name="my-dossier-form"),
    path("<int:pk>/tep/<int:document_pk>/", views.document_download, name="my-dossier-document"),
    path("<int:pk>/ket-qua/<int:document_pk>/", views.result_download, name="my-dossier-result"),
    path("<int:pk>/bo-sung/", views.supplement, name="my-dossier-supplement"),
    path("<int:pk>/rut-ho-so/", views.stop, name="my-dossier-stop"),
]
