"""Log lines (motcua.core.log_format) and the request id (motcua.core.request_id, motcua.core.task_request_id):
JSON or text as configured, the id taken from a well-formed X-Request-ID or made, sent back, on every line of the
request, and carried into the tasks the request enqueued."""

import datetime
import io
import json
import logging
import os
import re
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from dossier_helpers import CENTRE, at, processing, user
from motcua.core import request_id
from motcua.core.log_format import JsonFormatter, TextFormatter
from motcua.core.log_redaction import RedactSecrets
from motcua.core.request_id import RequestIdFilter
from motcua.core.tasks import purge_idempotency_keys
from motcua.orgs.models import Agency
from ops_process import SRC, answers, start

HEX_ID = re.compile(r"[0-9a-f]{32}")


def test_the_configured_json_line_has_the_time_level_logger_message_and_request_id(tmp_path):
    """A real process configured by the settings: the JSON line of a request's 404 warning, with the caller's request
    id and never the query string (a staff search by an applicant's name)."""
    env = {"MOTCUA_ENV": "development", "MOTCUA_VAR_DIR": str(tmp_path), "MOTCUA_LOG_FORMAT": "json"}
    process = start(["/khong-co-trang-nay/?applicant=Nguyen+Van+An"], env, {"X-Request-ID": "lb-json-0001abcd"})
    [answer], log = answers(process)
    assert answer["status"] == 404 and answer["headers"]["X-Request-ID"] == "lb-json-0001abcd"
    assert "Nguyen" not in log
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    [entry] = [line for line in lines if line["logger"] == "django.request"]
    assert entry["level"] == "WARNING" and entry["message"] == "Not Found: /khong-co-trang-nay/"
    assert entry["request_id"] == "lb-json-0001abcd"
    moment = datetime.datetime.fromisoformat(entry["time"])
    assert entry["time"].endswith("Z") and moment.utcoffset() == datetime.timedelta(0)
    assert abs(datetime.datetime.now(datetime.UTC) - moment) < datetime.timedelta(minutes=5)


def test_the_text_line_has_the_same_fields(client):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets())
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(TextFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client.get("/khong-co-trang-nay/?applicant=Nguyen+Van+An", HTTP_X_REQUEST_ID="lb-text-0001abcd")
    finally:
        logger.removeHandler(handler)
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z WARNING django\.request \[lb-text-0001abcd\] "
        r"Not Found: /khong-co-trang-nay/\n",
        stream.getvalue(),
    )


def test_an_unknown_log_format_stops_the_start(tmp_path):
    env = {**os.environ, "MOTCUA_ENV": "development", "MOTCUA_VAR_DIR": str(tmp_path), "MOTCUA_LOG_FORMAT": "xml"}
    env["PYTHONPATH"] = str(SRC)
    result = subprocess.run(
        [sys.executable, "-c", "import motcua.settings"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0 and "MOTCUA_LOG_FORMAT must be 'json' or 'text', not 'xml'." in result.stderr


@pytest.mark.parametrize("sent", ["", "short", "has space 12345", "x" * 129, "ab\r\nforged-line", "ünïcode-123"])
def test_an_id_that_is_missing_or_malformed_is_replaced_by_a_new_one(client, sent):
    headers = {"HTTP_X_REQUEST_ID": sent} if sent else {}
    answered = client.get("/healthz", **headers)["X-Request-ID"]
    assert HEX_ID.fullmatch(answered) and answered != sent
    assert client.get("/healthz", **headers)["X-Request-ID"] != answered  # each request its own


def test_a_well_formed_id_is_kept(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="0f6e.Req_ID-42")["X-Request-ID"] == "0f6e.Req_ID-42"


@pytest.fixture
def json_log():
    """The root logger's lines as the production handler writes them (its filters and JSON format)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets())
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_lines_outside_a_request_have_no_request_id(json_log):
    logging.getLogger("motcua.test").warning("Outside")
    [entry] = json_log()
    assert entry["message"] == "Outside" and "request_id" not in entry


@pytest.mark.django_db
def test_a_task_enqueued_outside_a_request_carries_no_id():
    result = purge_idempotency_keys.enqueue()
    assert "request_id" not in DBTaskResult.objects.get(pk=result.id).args_kwargs


# The worker closes the connection after its batch: on PostgreSQL that needs real transactions.
@pytest.mark.django_db(transaction=True)
def test_the_tasks_a_request_enqueued_log_under_its_id(demo, client, settings, tmp_path, json_log):
    settings.MEDIA_ROOT = tmp_path / "media"
    processing(at(2026, 3, 2, 9))
    client.force_login(user("tiepnhan.hongvan"))
    # Six months of the tracking book: made in the background (motcua.documents.background).
    params = {
        "agency": str(Agency.objects.get(name=CENTRE).pk),
        "date_from": "2026-01-01",
        "date_to": "2026-06-30",
        "fmt": "pdf",
        "part": "1",
    }
    response = client.post(reverse("desk:dossier_tracking_book"), params, HTTP_X_REQUEST_ID="req-from-the-lb-77")
    assert response.status_code == 302 and response["X-Request-ID"] == "req-from-the-lb-77"
    [row] = DBTaskResult.objects.filter(task_path__startswith="motcua.documents.")
    assert row.args_kwargs["request_id"] == "req-from-the-lb-77"
    assert row.task_result.args == row.args_kwargs["args"]  # the task's own arguments are untouched

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=1)
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL"
    task_lines = [entry for entry in json_log() if entry["logger"] == "django.tasks"]
    # Django logs the start before the worker takes the id on; the task's own lines and its end carry it.
    [finished] = [
        entry for entry in task_lines if f"id={row.pk} " in entry["message"] and "SUCCESSFUL" in entry["message"]
    ]
    assert finished["request_id"] == "req-from-the-lb-77"
    # The notices of the set-up were enqueued outside any request: their lines carry no id.
    others = [entry for entry in task_lines if f"id={row.pk} " not in entry["message"]]
    assert others and all("request_id" not in entry for entry in others)
    # The worker forgets the id once the task is done.
    assert request_id.current() == ""
