"""`Idempotency-Key` on every API write (khóa chống lặp): a retry gets the first answer, the work is done once.

A ninja "view" decorator (installed on the whole API in motcua.api.v1) around each operation, so it sees the final
response, errors included. A POST, PUT, PATCH or DELETE with the header runs in one transaction with its key
(motcua.core.idempotency): the first request does the work and saves its answer; a retry with the same key and the
same request gets that answer back (header `Idempotent-Replayed: true`); the same key with another request is refused
(422). A concurrent retry waits for the first one to end, then gets its answer. A 5xx answer rolls the write back
with its key, so that the retry does the work. Requests without the header are unchanged.
"""

import contextlib
import functools
import re
import threading

from django.core.exceptions import SuspiciousOperation
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext

from motcua.api.errors import error_body
from motcua.core import idempotency

HEADER = "Idempotency-Key"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Printable ASCII without spaces: a UUID, a ULID or the caller's own request number all fit.
KEY_PATTERN = re.compile(r"[\x21-\x7e]{1,255}")
NOT_KEPT = frozenset({401, 403})

OPENAPI_PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "description": (
        "Khóa chống lặp: gửi lại cùng khóa với cùng yêu cầu thì nhận lại câu trả lời đầu tiên, thao tác không bị làm "
        "lại; cùng khóa với yêu cầu khác bị từ chối (422). 1–255 ký tự ASCII in được, ví dụ một UUID. Xem docs/api.md."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"^[\x21-\x7e]+$"},
}


def _caller(request: HttpRequest) -> str | None:
    """Who the key belongs to, in the order motcua.api.auth tries: the session's user, else the bearer key."""
    if request.user.is_authenticated:
        return idempotency.caller_id(f"user:{request.user.pk}")
    scheme, _, credential = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credential:
        return idempotency.caller_id(f"bearer:{credential}")
    return None  # no caller: the operation answers 401 and nothing is kept


def _body_parts(request: HttpRequest):
    """The request's content, the same for a retry: a multipart form by its fields and files' contents (a client
    picks a new boundary each time it sends), any other body as sent."""
    if request.content_type == "multipart/form-data":
        for name, values in sorted(request.POST.lists()):
            for value in values:
                yield f"field:{name}={value}".encode()
        for name, files in sorted(request.FILES.lists()):
            for upload in files:
                yield f"file:{name}={upload.name}".encode()
                yield idempotency.fingerprint(upload.chunks()).encode()
                upload.seek(0)
    else:
        yield request.content_type.encode()
        yield request.body


def _request_hash(request: HttpRequest) -> str:
    head = [request.method.encode(), request.path.encode(), request.META.get("QUERY_STRING", "").encode()]
    return idempotency.fingerprint([*head, *_body_parts(request)])


def _invalid(code: str, detail: str) -> JsonResponse:
    """A 422 shaped as every other of the API (motcua.api.errors), the header named as the field in error."""
    return JsonResponse(error_body(code, detail, errors={HEADER: [detail]}), status=422)


def _replay(record) -> HttpResponse:
    return HttpResponse(
        bytes(record.body),
        status=record.status,
        content_type=record.content_type,
        headers={"Idempotent-Replayed": "true"},
    )


def guard(api):
    """The decorator for `api.add_decorator(guard(api), mode="view")`."""

    def decorate(run):
        operation = run.__self__
        if WRITE_METHODS.intersection(operation.methods):
            extra = dict(operation.openapi_extra or {})
            parameters = extra["parameters"] = list(extra.get("parameters", []))
            if OPENAPI_PARAMETER not in parameters:  # each mount of a router decorates its copy again
                parameters.append(OPENAPI_PARAMETER)
            operation.openapi_extra = extra

        @functools.wraps(run)
        def guarded(request, *args, **kwargs):
            key = request.headers.get(HEADER)
            if key is None or request.method not in WRITE_METHODS:
                return run(request, *args, **kwargs)
            if not KEY_PATTERN.fullmatch(key):
                message = gettext("Khóa chống lặp (Idempotency-Key) phải gồm 1 đến 255 ký tự ASCII in được.")
                return _invalid("invalid", message)
            caller = _caller(request)
            if caller is None:
                return run(request, *args, **kwargs)
            try:
                request_hash = _request_hash(request)
            except (SuspiciousOperation, MultiPartParserError) as exc:  # too big, too many files: ninja's answer
                return api.on_exception(request, exc)
            return _once(run, request, args, kwargs, caller, key, request_hash)

        return guarded

    return decorate


def _once(run, request, args, kwargs, caller: str, key: str, request_hash: str) -> HttpResponse:
    with _one_writer(), transaction.atomic():
        record, first = idempotency.claim(caller, key, request_hash)
        if not first:
            if record.fingerprint != request_hash:
                message = gettext(
                    "Khóa chống lặp (Idempotency-Key) này đã được dùng cho một yêu cầu khác. "
                    "Mỗi thao tác cần một khóa riêng; chỉ gửi lại cùng khóa khi gửi lại đúng yêu cầu đó."
                )
                return _invalid("idempotency_key_reused", message)
            return _replay(record)
        response = run(request, *args, **kwargs)
        if response.status_code >= 500:
            # The caller is told it failed: nothing of it may stay, so that the retry does the work.
            transaction.set_rollback(True)
        elif response.status_code in NOT_KEPT or response.streaming:
            # Not the caller, or not allowed (a CSRF token missing, a read-only key): nothing was done, and the
            # caller may send the same request again with its credentials put right. A stream is too big to keep.
            record.delete()
        else:
            idempotency.save_answer(record, response.status_code, response.get("Content-Type", ""), response.content)
        return response


def _one_writer():
    """SQLite lets one writer in at a time: between processes the busy timeout makes the others wait, but an
    in-memory shared-cache database answers "table is locked" at once, so the threads of one process take turns
    here. PostgreSQL needs no turn: the unique key makes a concurrent retry wait."""
    return _sqlite_writer if connection.vendor == "sqlite" else contextlib.nullcontext()


_sqlite_writer = threading.Lock()
