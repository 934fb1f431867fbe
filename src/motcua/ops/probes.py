"""The operations endpoints: /healthz, /readyz and /metrics (docs/observability.md).

They are answered by a middleware near the top of settings.MIDDLEWARE, before the host check, the HTTPS redirect,
sessions and authentication: a load balancer probes each app server by its address over the internal network's plain
HTTP, and Prometheus scrapes it the same way, so neither sends a Host from MOTCUA_ALLOWED_HOSTS nor speaks HTTPS to
it. None shows anything about the deployment beyond a check's name, status, duration and short code; /metrics needs
the bearer token of MOTCUA_METRICS_TOKEN and does not exist (404) without one.
"""

import hmac

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotFound, JsonResponse

from motcua.ops import checks, metrics

NO_STORE = "no-store"


def _no_store(response):
    response["Cache-Control"] = NO_STORE
    return response


def healthz(request):
    """The process is alive and answers: nothing else is touched (no database), so a slow database never gets a
    healthy process restarted."""
    return _no_store(HttpResponse("ok", content_type="text/plain; charset=utf-8"))


def readyz(request):
    ready, outcomes = checks.run_all()
    body = {"status": "ok" if ready else "fail", "checks": {outcome.name: outcome.as_json() for outcome in outcomes}}
    return _no_store(JsonResponse(body, status=200 if ready else 503))


def _bearer_token(request) -> str:
    scheme, _sep, token = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def metrics_view(request):
    expected = settings.METRICS_TOKEN
    if not expected:
        return _no_store(HttpResponseNotFound())
    if not hmac.compare_digest(_bearer_token(request).encode(), expected.encode()):
        response = HttpResponse(status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return _no_store(response)
    return _no_store(HttpResponse(metrics.exposition(), content_type="text/plain; version=0.0.4; charset=utf-8"))


ENDPOINTS = {"/healthz": healthz, "/readyz": readyz, "/metrics": metrics_view}


class ProbeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        endpoint = ENDPOINTS.get(request.path_info)
        if endpoint is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        return endpoint(request)
