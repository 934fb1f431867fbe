"""Included by motcua.accounts.urls under /tai-khoan/thong-bao/ (names in the "accounts" namespace)."""

from django.urls import path

from motcua.notify import views

urlpatterns = [path("", views.channel_preferences, name="notification_channels")]
