"""The REST API (django-ninja). Mounted at /api/: the documentation at /api/docs and /api/openapi.json, the
endpoints of version 1 under /api/v1/. Every endpoint checks the caller (session or API key, motcua.api.auth) and
reads through the scope modules; dossiers change only through motcua.dossiers.lifecycle."""

from functools import partial

from django.urls import path
from ninja import NinjaAPI
from ninja.openapi.views import openapi_json, openapi_view

from motcua.api import actions, dossiers, errors, forms, groups, idempotency, orgs, parts, reports
from motcua.api.auth import AUTH

api = NinjaAPI(
    title="MotCua API",
    version="1",
    urls_namespace="api",
    auth=AUTH,
    docs_url="/docs",
    openapi_url="/openapi.json",
    description="REST API của MotCua. Tài liệu: docs/api.md.",
)
errors.install(api)
# Every write may carry an Idempotency-Key: a retry gets the first answer instead of doing the work twice.
api.add_decorator(idempotency.guard(api), mode="view")

api.add_router("/v1/", orgs.router)
api.add_router("/v1/", dossiers.router)
api.add_router("/v1/", actions.router)
api.add_router("/v1/", parts.router)
api.add_router("/v1/", groups.router)
api.add_router("/v1/", forms.router)
api.add_router("/v1/", reports.router)

# The first addresses of the documentation (/api/v1/docs, /api/v1/openapi.json), kept so that old links still work.
legacy_docs_urls = [
    path("api/v1/docs", partial(openapi_view, api=api)),
    path("api/v1/openapi.json", partial(openapi_json, api=api)),
]
