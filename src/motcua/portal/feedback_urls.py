"""/cong-dan/danh-gia/: rating a returned dossier, answering a satisfaction survey."""

from django.urls import path

from motcua.portal import feedback_views

urlpatterns = [
    path("<int:pk>/", feedback_views.rating_form, name="rating-form"),
    path("khao-sat/<str:token>/", feedback_views.survey_answer, name="survey-answer"),
    path("khao-sat/<str:token>/cam-on/", feedback_views.survey_thanks, name="survey-thanks"),
]
