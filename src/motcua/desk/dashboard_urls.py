from django.urls import path

from motcua.desk import dashboard_views

urlpatterns = [
    path("", dashboard_views.overview, name="dashboard"),
    path("ho-so/", dashboard_views.dossiers, name="dashboard-dossiers"),
    path("chi-so-766/", dashboard_views.index_766, name="dashboard-766"),
]
