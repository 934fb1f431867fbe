"""Prometheus metrics at /metrics (motcua.ops.metrics): the bearer token, the request histogram by route name, and
the figures read from the database at scrape time, parsed with prometheus-client's own parser."""

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from prometheus_client.parser import text_string_to_metric_families

from dossier_helpers import UBND, at, intake, processing, user
from motcua.core.tasks import purge_idempotency_keys
from motcua.dossiers import lifecycle
from motcua.notify.models import Notification
from motcua.ops import metrics
from motcua.orgs.models import Agency
from ops_process import answers, start

TOKEN = "a-long-random-metrics-token-for-the-tests"


@pytest.fixture
def scrape(client, settings):
    settings.METRICS_TOKEN = TOKEN

    def _scrape() -> dict[str, list]:
        response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert response.status_code == 200 and response["Cache-Control"] == "no-store"
        return {family.name: family.samples for family in text_string_to_metric_families(response.text)}

    return _scrape


def value(samples, name: str, **labels) -> float | None:
    found = [s.value for s in samples if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())]
    assert len(found) <= 1
    return found[0] if found else None


@pytest.mark.django_db
def test_without_a_token_configured_metrics_do_not_exist(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer anything").status_code == 404


@pytest.mark.django_db
def test_a_wrong_or_missing_token_is_refused(client, settings):
    settings.METRICS_TOKEN = TOKEN
    for header in ({}, {"HTTP_AUTHORIZATION": "Bearer wrong"}, {"HTTP_AUTHORIZATION": f"Basic {TOKEN}"}):
        response = client.get("/metrics", **header)
        assert response.status_code == 401 and "motcua_" not in response.text


@pytest.mark.django_db
def test_requests_are_timed_by_route_name_never_by_path(client, scrape):
    def count(route: str, status: str) -> float:
        families = scrape()
        samples = families["motcua_http_request_duration_seconds"]
        return value(samples, "motcua_http_request_duration_seconds_count", route=route, method="GET", status=status)

    before_home = count("home", "2xx") or 0
    before_missing = count("portal:catalog-detail", "4xx") or 0
    assert client.get("/").status_code == 200
    assert client.get("/cong-dan/thu-tuc/9.876543/").status_code == 404
    assert count("home", "2xx") == before_home + 1
    assert count("portal:catalog-detail", "4xx") == before_missing + 1
    families = scrape()
    routes = {s.labels["route"] for s in families["motcua_http_request_duration_seconds"]}
    assert not any("9.876543" in route for route in routes)


@pytest.mark.django_db
def test_the_task_queue_depth_and_the_age_of_its_oldest_ready_task(scrape):
    families = scrape()
    assert value(families["motcua_task_queue_depth"], "motcua_task_queue_depth", queue="default") is None

    first, _second = purge_idempotency_keys.enqueue(), purge_idempotency_keys.enqueue()
    DBTaskResult.objects.filter(pk=first.id).update(enqueued_at=timezone.now() - datetime.timedelta(minutes=10))
    # Deferred to the future: not ready, so neither counted nor aged.
    purge_idempotency_keys.using(run_after=timezone.now() + datetime.timedelta(hours=1)).enqueue()
    families = scrape()
    assert value(families["motcua_task_queue_depth"], "motcua_task_queue_depth", queue="default") == 2
    age = value(families["motcua_task_oldest_ready_age_seconds"], "motcua_task_oldest_ready_age_seconds")
    assert 600 <= age < 660


@pytest.mark.django_db
def test_failed_notifications_are_counted(scrape):
    def notice(status):
        return Notification(
            recipient_kind=Notification.RecipientKind.APPLICANT,
            topic="received",
            channel=Notification.Channel.SMS,
            address="0912345678",
            subject="s",
            body="b",
            status=status,
        )

    statuses = [Notification.Status.FAILED, Notification.Status.FAILED, Notification.Status.SENT]
    Notification.objects.bulk_create([notice(status) for status in [*statuses, Notification.Status.PENDING]])
    families = scrape()
    assert value(families["motcua_notifications"], "motcua_notifications", status="failed") == 2
    assert value(families["motcua_notifications"], "motcua_notifications", status="pending") == 1
    assert "0912345678" not in str(families)


@pytest.mark.django_db
def test_dossiers_received_today_and_overdue_now_per_agency(demo, scrape):
    centre = Agency.objects.get(name="Trung tâm Phục vụ hành chính công xã Hồng Vân")
    ubnd = Agency.objects.get(name=UBND)
    desk = user("tiepnhan.hongvan")
    for _ in range(2):
        lifecycle.accept(desk, intake(), at=timezone.now())
    # Received months ago and long past its deadline: overdue, not received today.
    processing(at(2026, 3, 2, 9))
    families = scrape()
    received = families["motcua_dossiers_received_today"]
    assert value(received, "motcua_dossiers_received_today", agency=centre.electronic_id) == 2
    overdue = families["motcua_dossiers_overdue"]
    assert value(overdue, "motcua_dossiers_overdue", agency=ubnd.electronic_id) == 1


def test_with_a_multiprocess_folder_a_scrape_adds_up_every_process(tmp_path):
    """Gunicorn's several workers (PROMETHEUS_MULTIPROC_DIR): two real processes each answer a request, and the
    scrape answered by the second counts both. Their database is unreachable: the scrape still answers, and says so."""
    folder = tmp_path / "prometheus"
    folder.mkdir()
    env = {
        "MOTCUA_ENV": "development",
        "MOTCUA_VAR_DIR": str(tmp_path),
        "MOTCUA_DATABASE_URL": f"sqlite:///{tmp_path}/no-such-folder/motcua.sqlite3",
        "MOTCUA_METRICS_TOKEN": TOKEN,
        "PROMETHEUS_MULTIPROC_DIR": str(folder),
    }
    headers = {"Authorization": f"Bearer {TOKEN}"}
    [first], _log = answers(start(["/khong-co-trang-nay/"], env, headers))
    [second, scraped], _log = answers(start(["/khong-co-trang-nay/", "/metrics"], env, headers))
    assert first["status"] == second["status"] == 404 and scraped["status"] == 200
    families = {family.name: family.samples for family in text_string_to_metric_families(scraped["body"])}
    samples = families["motcua_http_request_duration_seconds"]
    count = "motcua_http_request_duration_seconds_count"
    assert value(samples, count, route="other", method="GET", status="4xx") == 2
    assert value(families["motcua_metrics_database_up"], "motcua_metrics_database_up") == 0


def test_an_agency_without_an_electronic_id_keeps_a_series_of_its_own():
    assert metrics.agency_label("000.00.87.H26", 7) == "000.00.87.H26"
    assert metrics.agency_label(None, 7) == "#7" and metrics.agency_label("", 8) == "#8"
    assert metrics.agency_label(None, None) == "none"
