"""Included by motcua.urls under /tai-lieu/ (namespace "documents")."""

from django.urls import path

from motcua.documents import views

app_name = "documents"
urlpatterns = [
    path("<uuid:key>/", views.status, name="background-status"),
    path("<uuid:key>/tai-ve/", views.download, name="background-download"),
]
