from django.urls import path

from motcua.portal import stats_views

urlpatterns = [
    path("", stats_views.agency_list, name="stats"),
    path("<int:agency_id>/", stats_views.agency_stats, name="stats-agency"),
]
