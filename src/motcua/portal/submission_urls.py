from django.urls import path

from motcua.portal import submission_views as views

urlpatterns = [
    path("", views.draft_list, name="submission-drafts"),
    path("thu-tuc/<str:code>/", views.start, name="submission-start"),
    path("<int:pk>/noi-nop/", views.step_agency, name="submission-agency"),
    path("<int:pk>/nguoi-nop/", views.step_applicant, name="submission-applicant"),
    path("<int:pk>/yeu-cau/", views.step_request, name="submission-request"),
    path("<int:pk>/giay-to/<int:number>/", views.step_documents, name="submission-documents"),
    path("<int:pk>/xem-lai/", views.review, name="submission-review"),
    path("<int:pk>/xoa/", views.discard, name="submission-discard"),
]
