"""The lead agency gives inter-agency parts through the REST API too (Decree 118/2025 Art. 20.2): the same service,
the same refusals; the participating agency's staff are not let into the dossier by it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tasks_db.models import DBTaskResult

from dossier_helpers import POLICE, VN, processing, user
from motcua.accounts.models import User
from motcua.dossiers import interagency, lifecycle
from motcua.dossiers.models import InteragencyPart
from motcua.notify import part_notices
from motcua.notify.models import Notification, Topic
from motcua.orgs.models import Agency

API = "/api/v1"


@pytest.fixture
def dossier(demo):
    return processing(datetime.datetime.now(VN) - datetime.timedelta(minutes=90))


def client_of(username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def send(client, dossier, body):
    url = f"{API}/dossiers/{dossier.pk}/actions/send_parts"
    return client.post(url, body, content_type="application/json")


def test_the_lead_gives_parts_through_the_api(dossier):
    police = Agency.objects.get(name=POLICE)
    lead = client_of("chuyenvien.hongvan")
    body = {"parts": [{"agency_id": police.pk, "task": "Xác minh nơi cư trú", "minutes": 960}], "parallel": False}
    response = send(lead, dossier, {**body, "expected_revision": dossier.revision})
    assert response.status_code == 200, response.content[:300]
    part = InteragencyPart.objects.get()
    assert (part.agency, part.allotted_minutes, part.parallel, part.status) == (police, 960, False, "sent")
    # The combined result waits for the part (Art. 20.2): the API refuses it as the page does.
    refused = lead.post(
        f"{API}/dossiers/{dossier.pk}/actions/submit_for_signature", {}, content_type="application/json"
    )
    assert refused.status_code == 409
    # The police's staff work on the part from its page, not through the dossier.
    assert client_of("chuyenvien.congan.hongvan").get(f"{API}/dossiers/{dossier.pk}").status_code == 404


def test_bad_parts_are_refused_with_the_field(dossier):
    lead = client_of("chuyenvien.hongvan")
    unknown = send(lead, dossier, {"parts": [{"agency_id": 999999, "task": "x", "minutes": 480}]})
    assert unknown.status_code == 422 and "parts" in unknown.json()["errors"]
    lead_itself = dossier.competent_agency_id
    itself = send(lead, dossier, {"parts": [{"agency_id": lead_itself, "task": "x", "minutes": 480}]})
    assert itself.status_code == 422
    assert send(client_of("chuyenvien.congan.hongvan"), dossier, {"parts": []}).status_code in (403, 404)
    assert not InteragencyPart.objects.exists()


# -- the participating agency's face in the API (Art. 20.2) ---------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def given(dossier, *, when=None, minutes=960) -> InteragencyPart:
    """A part handed to the commune police by the lead's specialist (through the service)."""
    police = Agency.objects.get(name=POLICE)
    lifecycle.send_parts(
        user("chuyenvien.hongvan"), dossier, parts=[interagency.PartRequest(police, "Xác minh", minutes)], at=when
    )
    return InteragencyPart.objects.get()


def act(client, part, name, body=None, **extra):
    url = f"{API}/parts/{part.pk}/actions/{name}"
    if name == "complete_part":
        return client.post(url, {"file": SimpleUploadedFile("ket-qua.pdf", PDF), **(body or {})}, **extra)
    return client.post(url, body or {}, content_type="application/json", **extra)


def run_part_notices() -> list[Notification]:
    """Run the queued lead notices as the worker would (the lead's specialist has an address to be told at)."""
    User.objects.filter(username="chuyenvien.hongvan").update(email="minh@hongvan.example.gov.vn")
    for row in DBTaskResult.objects.filter(task_path=part_notices.make_part_notice.module_path):
        part_notices.make_part_notice.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
    return list(Notification.objects.filter(topic__in=[Topic.PART_DONE, Topic.PART_REFUSED]))


def test_the_participating_agency_receives_and_completes_its_part_through_the_api(dossier):
    """Art. 20.2: the participating agency takes its part and returns its result file; the lead sees it done."""
    part = given(dossier)
    police = client_of("chuyenvien.congan.hongvan")
    shown = police.get(f"{API}/parts/{part.pk}")
    assert shown.status_code == 200
    body = shown.json()
    assert body["available_actions"] == ["receive_part", "complete_part", "refuse_part"]
    assert body["task"] == "Xác minh" and "applicant" not in body
    received = act(police, part, "receive_part", {"expected_revision": body["revision"]})
    assert received.status_code == 200, received.content[:300]
    assert received.json()["status"] == "received"
    assert received.json()["available_actions"] == ["complete_part", "refuse_part"]
    assert act(police, part, "receive_part").status_code == 409  # received once
    done = act(police, part, "complete_part", {"note": "Đã xác minh"})
    assert done.status_code == 200, done.content[:300]
    part.refresh_from_db()
    assert (part.status, part.result_note, part.result_file.open("rb").read()) == ("done", "Đã xác minh", PDF)
    assert done.json()["available_actions"] == [] and done.json()["late"] is False
    # The lead's dossier detail lists the part, done on time; the combined result may go on.
    lead = client_of("chuyenvien.hongvan").get(f"{API}/dossiers/{dossier.pk}").json()
    assert [(p["code"], p["agency"]["name"], p["status"], p["late"]) for p in lead["parts"]] == [
        (part.code, POLICE, "done", False)
    ]
    assert "submit_for_signature" in lead["available_actions"]


def test_a_late_answer_and_a_refusal_are_shown_and_told_to_the_lead(dossier):
    """Art. 20.2: a part answered after its own deadline is late; a refusal is told to the lead's staff (a notice
    without the applicant's data nor the reason)."""
    sent_at = datetime.datetime.now(VN) - datetime.timedelta(days=10)
    part = given(dossier, when=sent_at, minutes=60)
    police = client_of("chuyenvien.congan.hongvan")
    lead = client_of("chuyenvien.hongvan")
    listed = lead.get(f"{API}/dossiers/{dossier.pk}").json()["parts"]
    assert (listed[0]["overdue"], listed[0]["late"]) == (True, False)
    refused = act(police, part, "refuse_part", {"reason": "Không thuộc thẩm quyền của ông Nguyễn Văn A"})
    assert refused.status_code == 200, refused.content[:300]
    assert (refused.json()["status"], refused.json()["late"]) == ("refused", True)
    notices = run_part_notices()
    assert notices and {n.topic for n in notices} == {Topic.PART_REFUSED}
    assert {n.user.username for n in notices} == {"chuyenvien.hongvan"}  # the assigned specialist
    for notice in notices:
        assert part.code in notice.body and dossier.code in notice.body
        assert dossier.applicant_name not in notice.body and "Nguyễn Văn A" not in notice.body


def test_a_done_part_is_told_to_the_lead(dossier):
    part = given(dossier)
    assert act(client_of("chuyenvien.congan.hongvan"), part, "complete_part").status_code == 200
    notices = run_part_notices()
    assert notices and {n.topic for n in notices} == {Topic.PART_DONE}
    assert all(part.code in n.subject for n in notices)


def test_only_the_participating_agency_acts_and_the_applicant_sees_no_part(dossier):
    part = given(dossier)
    lead = client_of("chuyenvien.hongvan")
    # The lead's staff see the part, read-only: the table's guard refuses them the participant's actions.
    assert lead.get(f"{API}/parts/{part.pk}").json()["available_actions"] == []
    assert act(lead, part, "receive_part").status_code == 403
    assert act(lead, part, "complete_part").status_code == 403
    # Staff of neither agency do not find it; nor an unknown action, nor an unknown part.
    outsider = client_of("chuyenvien.bhxh")
    assert outsider.get(f"{API}/parts/{part.pk}").status_code == 404
    assert act(outsider, part, "refuse_part", {"reason": "x"}).status_code == 404
    assert act(client_of("chuyenvien.congan.hongvan"), part, "sign").status_code == 404
    # A refusal needs its reason; nothing changed.
    assert act(client_of("chuyenvien.congan.hongvan"), part, "refuse_part", {"reason": " "}).status_code == 422
    part.refresh_from_db()
    assert part.status == "sent"
    assert not Notification.objects.filter(topic__in=[Topic.PART_DONE, Topic.PART_REFUSED]).exists()
