from django.urls import path

from motcua.portal import group_views as views

urlpatterns = [
    path("cua-toi/", views.my_groups, name="my-groups"),
    path("cua-toi/<int:pk>/", views.my_group, name="my-group"),
    path("tra-cuu/", views.tracking, name="group-tracking"),
    path("<slug:slug>/nop/", views.start, name="group-start"),
]
