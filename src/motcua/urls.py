from django.contrib import admin
from django.urls import include, path

from motcua.api.v1 import api, legacy_docs_urls
from motcua.portal.views import home

urlpatterns = [
    path("", home, name="home"),
    path("tai-khoan/", include("motcua.accounts.urls")),
    path("can-bo/", include("motcua.desk.urls")),
    path("cong-dan/", include("motcua.portal.urls")),
    # Documents made in the background: status page and download (motcua.documents.background).
    path("tai-lieu/", include("motcua.documents.urls")),
    # The sandbox payment gateway (a local gateway speaking the real protocol; off unless configured).
    path("sandbox-thanh-toan/", include("motcua.payments.sandbox_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
    # /api/docs and /api/openapi.json (the documentation), /api/v1/… (the endpoints of version 1).
    *legacy_docs_urls,
    path("api/", api.urls),
]
