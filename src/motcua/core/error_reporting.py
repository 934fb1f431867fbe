"""Error reports to a Sentry server (báo lỗi), on only when MOTCUA_SENTRY_DSN is set (sentry-sdk: the `sentry`
extra of the package, `pip install 'motcua[sentry]'`).

No personal data leaves: sentry-sdk is told not to send it (send_default_pii=False: no user, no address, no
cookies), not to read request bodies (the forms hold names and ID numbers) nor the local variables of the failing
frames, and `scrub` removes what remains: the query string (staff search by name and ID number), every header
but a few harmless ones, and, through motcua.core.log_redaction, the secrets and query strings in messages,
exception values and log breadcrumbs, and the process's command line. The request id rides along as a tag, so a
report leads to its log lines.
"""

from django.core.exceptions import ImproperlyConfigured

from motcua.core import log_redaction, request_id

KEPT_HEADERS = frozenset({"Accept", "Accept-Language", "Content-Type", "Content-Length", "Hx-Request", "X-Request-Id"})


def _redacted(value):
    return log_redaction.redact(value) if isinstance(value, str) else value


def scrub(event: dict, hint: dict | None = None) -> dict:
    """sentry-sdk's before_send: the event without personal data."""
    request = event.get("request")
    if isinstance(request, dict):
        for field in ("query_string", "data", "cookies", "env"):
            request.pop(field, None)
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {name: value for name, value in headers.items() if name.title() in KEPT_HEADERS}
    event.pop("user", None)
    # The process's command line (sentry-sdk's argv integration): a management command's arguments may be anything.
    if isinstance(event.get("extra"), dict):
        event["extra"].pop("sys.argv", None)
    if "message" in event:
        event["message"] = _redacted(event["message"])
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        logentry["message"] = _redacted(logentry.get("message"))
        logentry.pop("params", None)
    for exception in (event.get("exception") or {}).get("values") or []:
        exception["value"] = _redacted(exception.get("value"))
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    breadcrumbs = event.get("breadcrumbs")
    for crumb in (breadcrumbs.get("values") if isinstance(breadcrumbs, dict) else breadcrumbs) or []:
        crumb["message"] = _redacted(crumb.get("message"))
        crumb.pop("data", None)
    current = request_id.current()
    if current:
        event.setdefault("tags", {})["request_id"] = current
    return event


def start(dsn: str, *, environment: str) -> None:
    try:
        import sentry_sdk
    except ImportError as exc:
        raise ImproperlyConfigured(
            "MOTCUA_SENTRY_DSN is set but sentry-sdk is not installed: pip install 'motcua[sentry]'."
        ) from exc
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub,
        # Errors only: performance tracing would send every route's timing, which the metrics already give.
        traces_sample_rate=0.0,
    )
