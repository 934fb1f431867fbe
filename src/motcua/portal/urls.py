from django.urls import path

from motcua.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.applicant_home, name="home"),
]
