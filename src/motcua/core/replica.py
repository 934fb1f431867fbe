"""Reads of reports from the read replica (bản sao chỉ đọc của cơ sở dữ liệu), everything else from the primary.

With MOTCUA_DATABASE_REPLICA_URL set, settings add the database alias "replica" (a PostgreSQL streaming replica).
Only the views that aggregate many dossiers and change nothing — reports (báo cáo), dashboards, public statistics,
exports — opt in with `@reads_from_replica`; every other read stays on the primary, so no page that leads to an action
ever shows a stale dossier. A routing flag in a context variable, set by the decorator for the length of the view,
is clearer than a list of models: the same Dossier query is a report in one view and a work queue in another.

Read-your-writes (đọc thấy ngay điều mình vừa ghi): a replica may lag a moment behind. A browser that sent a write
(any POST, PUT, PATCH or DELETE) gets a cookie with the time; for MOTCUA_DATABASE_REPLICA_AFTER_WRITE_SECONDS after it,
its report pages read from the primary. Inside one request, the first write turns replica reads off for the rest of
it. When the replica cannot be reached, a report view that wrote nothing is answered again from the primary.

Without the alias everything here does nothing: `make run` and one-machine sites never see a replica.
"""

import contextlib
import contextvars
import functools
import logging
import time
from collections.abc import Iterator

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections, router, transaction

logger = logging.getLogger(__name__)

REPLICA = "replica"
WROTE_COOKIE = "motcua_wrote"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# True while a report view runs and has not written yet.
_replica_reads = contextvars.ContextVar("motcua_replica_reads", default=False)


def configured() -> bool:
    return REPLICA in connections.settings


def wrote_recently(request, now: float | None = None) -> bool:
    """Did this browser send a write less than the read-your-writes window ago?"""
    try:
        wrote_at = float(request.COOKIES.get(WROTE_COOKIE, ""))
    except ValueError:
        return False
    now = time.time() if now is None else now
    return 0 <= now - wrote_at < settings.DATABASE_REPLICA_AFTER_WRITE_SECONDS


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: the replica for the reads of a report view, the primary (None) for the rest."""

    def db_for_read(self, model, **hints):
        return REPLICA if _replica_reads.get() and configured() else None

    def db_for_write(self, model, **hints):
        # What the view reads next may be what it just wrote: the replica has not seen it yet.
        use_primary()
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None


def use_primary() -> None:
    """From now on in this request, read from the primary: called before opening a transaction that will write what
    it reads (the router only learns of a write when it happens, after the transaction was opened)."""
    _replica_reads.set(False)


def reads_from_replica(view):
    """Decorate a view that only reads many dossiers (a report, a dashboard, an export) so that its queries go to the
    replica, unless the browser wrote a moment ago."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not configured() or wrote_recently(request):
            return view(request, *args, **kwargs)
        token = _replica_reads.set(True)
        try:
            return view(request, *args, **kwargs)
        except (OperationalError, InterfaceError) as error:
            if not _replica_reads.get():  # it wrote, or the primary failed: answering again could repeat a write
                raise
            logger.warning("The read replica did not answer (%s); the report is read from the primary.", type(error))
            _replica_reads.set(False)
            _close_replica()
            return view(request, *args, **kwargs)
        finally:
            _replica_reads.reset(token)

    return wrapper


@contextlib.contextmanager
def reading(model) -> Iterator:
    """A transaction on the database the reads of `model` go to now (the replica inside a report view), yielding its
    connection: settings made with SET LOCAL must reach the connection that runs the report's queries."""
    alias = router.db_for_read(model)
    with transaction.atomic(using=alias):
        yield connections[alias]


def _close_replica() -> None:
    with contextlib.suppress(DatabaseError):  # already broken: Django opens a new connection next time
        connections[REPLICA].close()


class RecentWriteMiddleware:
    """Marks a browser that sent a write, so that its next report pages read from the primary (read-your-writes)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in UNSAFE_METHODS and configured():
            response.set_cookie(
                WROTE_COOKIE,
                f"{time.time():.3f}",
                max_age=settings.DATABASE_REPLICA_AFTER_WRITE_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
