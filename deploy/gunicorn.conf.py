"""gunicorn settings for a MotCua web server (docs/operations.md, "Server configuration").

    gunicorn --config /etc/motcua/gunicorn.conf.py motcua.wsgi      # deploy/systemd/motcua-web.service

Sizes follow the machine: 2 × CPU + 1 sync workers (WEB_CONCURRENCY overrides), each serving one request at a time
behind nginx, which buffers slow clients so a worker is never held by a slow phone. A page that renders a PDF (a
receipt, a form) takes a few seconds at most; the long documents (posting sheets, tracking books) are made by the task
worker (motcua.documents.heavy), so 60 s is a limit a healthy request never reaches. Options given on the command
line (e.g. --bind 0.0.0.0:8000 in a container) override these.
"""

import multiprocessing
import os

bind = "127.0.0.1:8000"
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
# A request still running after this is killed and logged: PDF pages finish well within it (see above).
timeout = 60
# On restart (systemctl reload / stop, a deploy) requests in flight get this long to finish; the systemd unit's
# TimeoutStopSec is longer.
graceful_timeout = 30
# Behind nginx's keepalive upstream pool.
keepalive = 5
# WeasyPrint and openpyxl leave memory behind: each worker is replaced after about a thousand requests.
max_requests = 1000
max_requests_jitter = 100
# The client's address comes from X-Forwarded-For through MotCua's own TrustedProxyMiddleware (MOTCUA_BEHIND_PROXY),
# not from gunicorn.
forwarded_allow_ips = "127.0.0.1"

# The access log has the path without its query string (%(U)s, never %(r)s or %(q)s: staff search dossiers by an
# applicant's name or ID number in the query) and no Referer (it would carry another page's query); the same
# redaction filter as the application's own logs then blanks out any token left in a path (a password-reset link).
accesslog = "-"
errorlog = "-"
# The request id (motcua.core.request_id, sent back in X-Request-ID) ties an access line to the application's lines.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms %({x-request-id}o)s'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "motcua.core.log_redaction.RedactSecrets"}},
    "formatters": {"plain": {"format": "%(message)s"}},
    "handlers": {
        "access": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
            "filters": ["redact_secrets"],
        },
        "error": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "filters": ["redact_secrets"]},
    },
    # gunicorn merges this dict over its own defaults key by key, and its default root logger names a "console"
    # handler that the "handlers" above replace: without a root of its own, gunicorn refuses to start. Django's
    # LOGGING (JSON lines) takes the root logger over once the application is loaded.
    "root": {"level": "INFO", "handlers": ["error"]},
    "loggers": {
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
    },
}


def child_exit(server, worker):
    """With PROMETHEUS_MULTIPROC_DIR set (the systemd unit sets it), a dead worker's live gauges stop counting in
    /metrics while its request histogram stays summed (docs/observability.md, "3. Metrics").

    This runs in gunicorn's master, which never loads Django: only prometheus_client here. It once imported
    motcua.ops.metrics, whose models need Django's apps, and the master died at the first worker it replaced (after
    max_requests), taking the whole app server down."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
