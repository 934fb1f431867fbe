"""The request id (mã yêu cầu): one short token that ties together every log line of one request, and of the tasks
that request enqueued, so an operator can follow one citizen's complaint through the web node and the worker.

It comes from the load balancer's `X-Request-ID` header when that is well-formed (a client could send anything
there: only a short run of letters, digits, `.`, `_` and `-` is accepted, so a log line can never be forged or
bloated through it), else it is made here; it is sent back in the answer's `X-Request-ID` header. The current id
lives in a context variable: the logging filter below puts it on every record, and motcua.core.task_request_id
carries it into the tasks enqueued meanwhile.
"""

import contextvars
import logging
import re
import uuid

HEADER = "X-Request-ID"
_META_KEY = "HTTP_X_REQUEST_ID"
_WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{8,128}")

_current: contextvars.ContextVar[str] = contextvars.ContextVar("motcua_request_id", default="")


def current() -> str:
    """The id of the request (or of the task's originating request) being handled now; empty outside one."""
    return _current.get()


def well_formed(value: str) -> bool:
    return bool(_WELL_FORMED.fullmatch(value))


def new() -> str:
    return uuid.uuid4().hex


def adopt(request_id: str) -> None:
    """Make `request_id` current until the next call: the next request, task, or the end of this one."""
    _current.set(request_id)


class RequestIdMiddleware:
    """First in settings.MIDDLEWARE, so that every log line of the request, the other middleware's included,
    carries the id. The id stays current until the request_finished signal (`forget_after_request`): Django logs
    a 4xx or 5xx answer ("Not Found: …") after the last middleware has returned, and that line is the request's too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get(_META_KEY, "")
        request.request_id = incoming if well_formed(incoming) else new()
        adopt(request.request_id)
        response = self.get_response(request)
        response[HEADER] = request.request_id
        return response


def forget_after_request(sender, **kwargs) -> None:
    """request_finished: the thread's next lines belong to no request until the next one sets its id."""
    adopt("")


class RequestIdFilter(logging.Filter):
    """A handler filter: `record.request_id` is the current id, or "-" outside a request and a task."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = current() or "-"
        return True
