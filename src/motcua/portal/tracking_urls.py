from django.urls import path

from motcua.portal import tracking_views

urlpatterns = [
    path("", tracking_views.tracking, name="tracking"),
]
