from django.urls import path

from motcua.desk import views

app_name = "desk"
urlpatterns = [
    path("", views.staff_home, name="home"),
    path("nhat-ky/", views.audit_log, name="audit"),
]
