"""/can-bo/danh-gia/: the desk's rating screen, follow-ups of unhappy ratings, satisfaction surveys."""

from django.urls import path

from motcua.desk import feedback_views as views

urlpatterns = [
    path("", views.feedback_home, name="feedback-home"),
    path("ho-so/<int:pk>/", views.kiosk, name="feedback-kiosk"),
    path("ho-so/<int:pk>/cam-on/", views.kiosk_done, name="feedback-kiosk-done"),
    path("can-xu-ly/", views.follow_up_list, name="feedback-follow-ups"),
    path("can-xu-ly/<int:pk>/", views.follow_up_detail, name="feedback-follow-up"),
    path("khao-sat/", views.survey_list, name="feedback-surveys"),
    path("khao-sat/tao/", views.survey_create, name="feedback-survey-create"),
    path("khao-sat/<int:pk>/", views.survey_detail, name="feedback-survey"),
    path("khao-sat/<int:pk>/cau-hoi/", views.survey_questions, name="feedback-survey-questions"),
    path("khao-sat/<int:pk>/mo/", views.survey_open, name="feedback-survey-open"),
    path("khao-sat/<int:pk>/dong/", views.survey_close, name="feedback-survey-close"),
    path("khao-sat/<int:pk>/tai-quay/", views.survey_desk, name="feedback-survey-desk"),
    path("khao-sat/<int:pk>/tra-loi.csv", views.survey_answers_csv, name="feedback-survey-csv"),
    path("khao-sat/<int:pk>/cau-hoi.csv", views.survey_questions_csv, name="feedback-survey-questions-csv"),
    path("khao-sat/<int:pk>/qr.svg", views.survey_qr, name="feedback-survey-qr"),
]
