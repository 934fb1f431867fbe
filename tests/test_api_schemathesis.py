"""schemathesis over the whole REST API (issue 16 item 8): every operation of the OpenAPI document is called with
generated parameters and bodies, valid ones and invalid ones, in-process through the WSGI application, as a receiving
officer (API key) and as a citizen (session), on seeded dossiers. No answer may be a 5xx, and every answer must have
a status, a content type and a body that the document states for that operation.

Bounded in time: MAX_EXAMPLES cases per operation, mode and caller, the same ones every run (derandomized): about
40 s on SQLite or PostgreSQL."""

import contextlib

import pytest
import schemathesis
from django.contrib.auth import SESSION_KEY
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from motcua.accounts import tokens
from motcua.accounts.models import User
from motcua.orgs.models import Agency

MAX_EXAMPLES = 20
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]


@contextlib.contextmanager
def in_process():
    """The WSGI application, called in this thread. Its handler starts and ends each request by closing obsolete
    connections, which would close the test's transaction (on PostgreSQL); Django's test client disconnects those
    receivers the same way, and connects them again after each of its own requests, so this is entered after the last
    of those."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.fixture
def seeded(demo):
    """A few dossiers at Hồng Vân, accepted, sent back and refused at the desk, so lists and details have content."""
    _, key = tokens.create(User.objects.get(username="tiepnhan.hongvan"), "schemathesis")
    desk = Client(headers={"Authorization": f"Bearer {key}"})
    centre = Agency.objects.get(name="Trung tâm Phục vụ hành chính công xã Hồng Vân")
    ubnd = Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân")
    for decision, extra in [
        ("accept", {}),
        ("request_supplement", {"items": ["Tờ khai"]}),
        ("refuse", {"reason": "x"}),
    ]:
        body = {
            "procedure": "1.002211",
            "receiving_agency_id": centre.pk,
            "competent_agency_id": ubnd.pk,
            "applicant": {"kind": "person", "name": "Nguyễn Văn An", "id_number": "001090012345"},
            "decision": decision,
            **extra,
        }
        assert desk.post("/api/v1/dossiers", body, content_type="application/json").status_code == 201
    return key


def citizen_cookies(client: Client) -> dict:
    client.force_login(User.objects.get(username="congdan"))
    assert client.session[SESSION_KEY]
    return {name: morsel.value for name, morsel in client.cookies.items()}


def run_operations(schema, caller: dict) -> None:
    """Every operation in both modes; the first failed check raises with the case that reproduces it (a curl line)."""
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in MODES:

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            def check(case):
                case.call_and_validate(checks=CHECKS, **caller)

            check()


def test_no_server_error_and_every_answer_as_documented(seeded, client):
    cookies = citizen_cookies(client)
    with in_process() as app:
        schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
        labels = {result.ok().label for result in schema.get_all_operations()}
        assert "POST /api/v1/dossiers" in labels and "GET /api/v1/dossiers/{code_or_id}" in labels  # the whole API
        run_operations(schema, {"headers": {"Authorization": f"Bearer {seeded}"}})
        run_operations(schema, {"cookies": cookies})
