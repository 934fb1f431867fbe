"""Prometheus metrics (số liệu giám sát) at /metrics, with prometheus-client.

Two kinds. The request latency histogram is counted in the process that served the request: by route name (the URL
pattern's name, never the path, which holds ids) and status class. Everything else is read from the database when
Prometheus scrapes, so every app server reports the same cluster-wide figures: the task queue's depth and the age of
its oldest ready task, failed notifications, the workers' heartbeat, the replica's lag, dossiers received today and
overdue now per agency. Those queries are index scans bounded by the rows they count (today's receipts, the overdue
dossiers, the ready tasks), and the per-agency series are capped at MAX_AGENCY_SERIES.

Gunicorn runs several worker processes: with PROMETHEUS_MULTIPROC_DIR set (an empty folder, emptied at each start)
prometheus-client keeps each process's histogram in that folder and the scrape adds them up; call
`mark_process_dead` from gunicorn's child_exit hook. Without it, each scrape sees the histogram of the one process
that answered it (docs/observability.md).
"""

import datetime
import os
import time

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Case, Count, F, Min, When
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from motcua.dossiers.models import Dossier
from motcua.dossiers.queues import overdue_condition
from motcua.notify.models import Notification
from motcua.ops import checks, heartbeat

MAX_AGENCY_SERIES = 2000
# The *_created series (when each label set was first seen) only double the scrape's size.
disable_created_metrics()
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

REQUEST_SECONDS = Histogram(
    "motcua_http_request_duration_seconds",
    "Time to answer an HTTP request, by route name, method and status class.",
    ["route", "method", "status"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)


def multiprocess_mode() -> bool:
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


def route_of(request) -> str:
    """The URL pattern's name ("desk:dossier_detail"), else its route ("api/v1/…/<int:pk>"): never the path.
    Requests answered before URL resolution (static files, redirects) are "other"."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "other"
    return match.view_name or match.route or "other"


class RequestMetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        method = request.method if request.method in METHODS else "other"
        status = f"{response.status_code // 100}xx"
        REQUEST_SECONDS.labels(route_of(request), method, status).observe(time.perf_counter() - started)
        return response


def start_of_today(now: datetime.datetime) -> datetime.datetime:
    """Midnight of today in Vietnam's time (settings.TIME_ZONE): "today" is the offices' day, not UTC's."""
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def agency_label(electronic_id: str | None, agency_id: int | None) -> str:
    """An agency's electronic id (mã định danh); "#<id>" for one that has none yet, so agencies without one are
    not counted together; "none" for dossiers without the agency."""
    if agency_id is None:
        return "none"
    return electronic_id or f"#{agency_id}"


def _per_agency(rows, family: GaugeMetricFamily) -> GaugeMetricFamily:
    for row in rows[:MAX_AGENCY_SERIES]:
        family.add_metric([agency_label(row["electronic_id"], row["agency_id"])], row["count"])
    return family


class ClusterCollector:
    """The figures read from the database at scrape time."""

    def describe(self):
        return []  # nothing is queried when the collector is registered

    def collect(self):
        now = timezone.now()
        try:
            # Read whole before anything is yielded: a scrape never shows half of the figures.
            families = [
                *self._tasks(now),
                self._notifications(),
                *self._workers(now),
                *([self._replica()] if checks.REPLICA_ALIAS in settings.DATABASES else []),
                *self._dossiers(now),
            ]
        except DatabaseError:
            # The database is down: the scrape still answers (the request figures of this node stay useful) and
            # says so; the outage itself is what /readyz and its alert report.
            families = []
        yield GaugeMetricFamily(
            "motcua_metrics_database_up", "1 when the figures read from the database could be read.", len(families) > 0
        )
        yield from families

    def _tasks(self, now):
        ready_since = Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
        rows = (
            DBTaskResult.objects.ready()
            .values("queue_name")
            .annotate(count=Count("pk"), oldest=Min(ready_since))
            .order_by()
        )
        depth = GaugeMetricFamily(
            "motcua_task_queue_depth", "Tasks ready to run and not yet started.", labels=["queue"]
        )
        age = GaugeMetricFamily(
            "motcua_task_oldest_ready_age_seconds", "Seconds the oldest ready task has been waiting.", labels=["queue"]
        )
        for row in rows:
            depth.add_metric([row["queue_name"]], row["count"])
            age.add_metric([row["queue_name"]], max((now - row["oldest"]).total_seconds(), 0.0))
        yield depth
        yield age

    def _notifications(self):
        counts = dict(
            Notification.objects.filter(status__in=[Notification.Status.FAILED, Notification.Status.PENDING])
            .values_list("status")
            .annotate(count=Count("pk"))
            .order_by()
        )
        family = GaugeMetricFamily(
            "motcua_notifications", "Notifications in the outbox not (yet) delivered, by status.", labels=["status"]
        )
        for status in (Notification.Status.FAILED, Notification.Status.PENDING):
            family.add_metric([status.value], counts.get(status, 0))
        return family

    def _workers(self, now):
        age = heartbeat.age_seconds(now)
        if age is not None:
            yield GaugeMetricFamily(
                "motcua_task_worker_heartbeat_age_seconds", "Seconds since a task worker last started a task.", age
            )

    def _replica(self):
        try:
            lag = checks.replica_lag_seconds()
        except Exception:
            lag = float("nan")  # unreachable: the series stays, its value says "unknown"
        return GaugeMetricFamily("motcua_replica_lag_seconds", "Replication lag of the read replica.", lag)

    def _dossiers(self, now):
        yield _per_agency(
            received_today(now),
            GaugeMetricFamily(
                "motcua_dossiers_received_today",
                "Dossiers received since midnight (Vietnam time), by receiving agency (electronic id, else #id).",
                labels=["agency"],
            ),
        )
        yield _per_agency(
            overdue_now(now),
            GaugeMetricFamily(
                "motcua_dossiers_overdue",
                "Dossiers overdue now, by competent agency (electronic id, else #id).",
                labels=["agency"],
            ),
        )


def received_today(now: datetime.datetime):
    """Rows of (agency_id, electronic_id, count): a range scan of dossier_received_at_idx over today's receipts."""
    return (
        Dossier.objects.filter(received_at__gte=start_of_today(now), received_at__lte=now)
        .values(agency_id=F("receiving_agency_id"), electronic_id=F("receiving_agency__electronic_id"))
        .annotate(count=Count("pk"))
        .order_by("-count")
    )


def overdue_now(now: datetime.datetime):
    """Rows of (agency_id, electronic_id, count): the overdue rule of the work queues, by competent agency."""
    return (
        Dossier.objects.filter(overdue_condition(now))
        .values(agency_id=F("competent_agency_id"), electronic_id=F("competent_agency__electronic_id"))
        .annotate(count=Count("pk"))
        .order_by("-count")
    )


class _ThisProcess:
    """The default registry (this process's histogram, process and runtime figures) inside the scrape's registry."""

    def collect(self):
        return REGISTRY.collect()


def exposition() -> bytes:
    registry = CollectorRegistry()
    if multiprocess_mode():
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(ClusterCollector())
    return generate_latest(registry)
