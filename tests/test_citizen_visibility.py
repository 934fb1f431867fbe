"""The applicant sees the same of their dossier on the portal and through the REST API (motcua.dossiers.visibility):
the filed files, the result only once issued to them (Decree 118/2025/NĐ-CP Art. 22), the forms addressed to them
(Circular 03/2025/TT-VPCP Annex I, Mẫu 01–05) and the history — and neither shows the draft result, the
verification asked of the police and its answer (Art. 19.4), the officers' names or the control slip (Mẫu 06)."""

import datetime
import io

import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader

from dossier_helpers import PERSON, POLICE, UBND, at, intake, user
from motcua.accounts.models import User
from motcua.documents import signing
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
from motcua.dossiers.uploads import Upload
from motcua.orgs.models import Agency

API = "/api/v1"
SUBMITTED = at(2026, 3, 2, 9, 0)
HOUR = datetime.timedelta(hours=1)
ASKED = "Xác minh nơi cư trú của người nộp tại thôn Vân Tảo"
ANSWERED = "Người nộp thường trú tại thôn Vân Tảo từ năm 2010"
STAFF = ("tiepnhan.hongvan", "chuyenvien.hongvan", "lanhdao.hongvan", "chuyenvien.congan.hongvan")


def pdf(text: str) -> bytes:
    return weasyprint.HTML(string=f"<p>{text}</p>").write_pdf()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def certificate(settings, tmp_path):
    settings.SIGNING_PKCS12 = str(tmp_path / "agency.p12")
    settings.SIGNING_PASSPHRASE = ""
    return signing.create_demo_certificate(tmp_path / "agency.p12", common_name=UBND, organisation=UBND)


@pytest.fixture
def citizen(client, demo):
    client.force_login(user("congdan"))
    return client


def verified_with_draft() -> Dossier:
    """Filed online, accepted, assigned; the police verified the residence (Art. 19.4) and the specialist added
    the draft decision, not yet signed."""
    owner = user("congdan")
    desk, leader, specialist = user("tiepnhan.hongvan"), user("lanhdao.hongvan"), user("chuyenvien.hongvan")
    filing = intake(
        channel="online",
        applicant=lifecycle.Applicant(**{**PERSON.__dict__, "user": owner}),
        return_method="electronic",
        documents=(Upload(SimpleUploadedFile("don.pdf", pdf("Đơn đề nghị"))),),
    )
    dossier = lifecycle.submit_online(owner, filing, at=SUBMITTED)
    dossier = lifecycle.accept(desk, dossier, at=SUBMITTED + HOUR)
    dossier = lifecycle.transfer(desk, dossier, at=SUBMITTED + 2 * HOUR)
    dossier = lifecycle.assign(leader, dossier, specialist=specialist, at=SUBMITTED + 3 * HOUR)
    police = Agency.objects.get(name=POLICE)
    request = lifecycle.ConsultationRequest(agency=police, content=ASKED, minutes=480)
    dossier = lifecycle.request_consultation(specialist, dossier, requests=[request], at=SUBMITTED + 4 * HOUR)
    consultation = dossier.consultations.get()
    dossier = lifecycle.answer_consultation(
        user("chuyenvien.congan.hongvan"), consultation, answer=ANSWERED, at=SUBMITTED + 5 * HOUR
    )
    return lifecycle.add_documents(
        specialist,
        dossier,
        documents=[Upload(SimpleUploadedFile("du-thao-quyet-dinh.pdf", pdf("Dự thảo quyết định")))],
        stage=DossierDocument.Stage.RESULT,
        at=SUBMITTED + 6 * HOUR,
    )


def issued(dossier: Dossier) -> Dossier:
    specialist, leader = user("chuyenvien.hongvan"), user("lanhdao.hongvan")
    dossier = lifecycle.submit_for_signature(specialist, dossier, at=SUBMITTED + 7 * HOUR)
    dossier = lifecycle.sign(leader, dossier, at=SUBMITTED + 8 * HOUR)
    return lifecycle.mark_ready(user("tiepnhan.hongvan"), dossier, at=SUBMITTED + 9 * HOUR)


def strings(value) -> list[str]:
    """Every text in a JSON answer, keys and values."""
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in (key, *strings(item))]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return [value] if isinstance(value, str) else []


def seen(client, dossier: Dossier) -> tuple[dict, dict]:
    """What the portal page and the API show the applicant: (portal context's sets, the API's JSON)."""
    page = client.get(reverse("portal:my-dossier", args=[dossier.pk]))
    assert page.status_code == 200
    answer = client.get(f"{API}/dossiers/{dossier.code}")
    assert answer.status_code == 200, answer.content
    context = page.context
    portal = {
        "documents": {d.pk for d in context["documents"]} | {d.pk for d in context["results"]},
        "forms": {event.pk for event, _label in context["forms"]},
        "events": [row["event"].pk for row in context["history"]],
        "details": {row["event"].pk: (row["items"], row["reason"]) for row in context["history"]},
    }
    return portal, answer.json()


def api_sets(body: dict) -> dict:
    return {
        "documents": {d["id"] for d in body["documents"]},
        "forms": {f["event_id"] for f in body["forms"]},
        "events": [e["id"] for e in body["events"]],
        "details": {e["id"]: (e["details"].get("items", []), e["details"].get("reason", "")) for e in body["events"]},
    }


def test_portal_and_api_show_the_same_while_processed_and_nothing_internal(citizen):
    dossier = verified_with_draft()
    draft = dossier.documents.get(stage=DossierDocument.Stage.RESULT)
    portal, body = seen(citizen, dossier)
    assert api_sets(body) == portal
    filed = {d.pk for d in dossier.documents.exclude(stage=DossierDocument.Stage.RESULT)}
    assert portal["documents"] == filed and draft.pk not in portal["documents"]
    assert len(portal["events"]) == dossier.events.count()

    # The draft result is not downloadable before it is issued (Art. 22), by either face.
    assert citizen.get(f"{API}/dossiers/{dossier.code}/documents/{draft.pk}").status_code == 404
    assert citizen.get(reverse("portal:my-dossier-document", args=[dossier.pk, draft.pk])).status_code == 404
    assert citizen.get(reverse("portal:my-dossier-result", args=[dossier.pk, draft.pk])).status_code == 404

    # Nothing of the verification (Art. 19.4), of the internal steps or of the officers reaches the applicant.
    texts = strings(body)
    assert body["consultations"] == [] and body["steps"] == [] and body["parts"] == []
    assert not any(ASKED in text or ANSWERED in text for text in texts)
    officers = User.objects.filter(username__in=STAFF)
    assert officers.count() == len(STAFF)
    for officer in officers:
        assert not any(officer.username in text for text in texts), officer.username
        assert not any(officer.get_full_name() in text for text in texts), officer.get_full_name()
    assert body["assignee"] is None and body["received_by"] is None
    assert all(event["actor"] is None and event["note"] == "" for event in body["events"])
    # The desk and the agencies are still named: who has the dossier is the applicant's to know.
    assert {event["agency"]["name"] for event in body["events"] if event["agency"]} >= {UBND}
    listed = citizen.get(f"{API}/dossiers").json()["items"]
    assert [row["assignee"] for row in listed] == [None]

    # The process control slip (Mẫu 06) is internal: not listed, not served.
    assert "06" not in {form["form"] for form in body["forms"]}
    assert citizen.get(f"{API}/dossiers/{dossier.code}/forms/06").status_code == 404
    assert {form["form"] for form in body["forms"]} == {"01"}
    receipt = citizen.get(body["forms"][0]["url"])
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")


def test_staff_still_see_the_whole_dossier(client, demo):
    """The applicant's rule narrows what the applicant sees only: the specialist in charge reads the steps, the
    verification, the draft and the control slip through the same endpoints."""
    dossier = verified_with_draft()
    client.force_login(user("chuyenvien.hongvan"))
    body = client.get(f"{API}/dossiers/{dossier.code}").json()
    assert body["consultations"][0]["answer"] == ANSWERED
    assert body["assignee"]["username"] == "chuyenvien.hongvan"
    assert {d["id"] for d in body["documents"]} == set(dossier.documents.values_list("pk", flat=True))
    assert "06" in {form["form"] for form in body["forms"]}
    assert client.get(f"{API}/dossiers/{dossier.code}/forms/06").status_code == 200


def test_once_issued_both_faces_give_the_signed_result_and_record_its_delivery(citizen, certificate):
    dossier = issued(verified_with_draft())
    result = dossier.documents.get(stage=DossierDocument.Stage.RESULT)
    portal, body = seen(citizen, dossier)
    assert api_sets(body) == portal
    assert result.pk in portal["documents"]

    answer = citizen.get(f"{API}/dossiers/{dossier.code}/documents/{result.pk}")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    reader = PdfFileReader(io.BytesIO(answer.content))
    assert len(reader.embedded_signatures) == 1  # the copy signed at issue, not the unsigned upload
    delivered = dossier.events.filter(kind=DossierEvent.Kind.RESULT_DELIVERED, details__document=result.pk)
    assert delivered.count() == 1
    # The history the applicant sees now holds the delivery, on both faces alike.
    portal, body = seen(citizen, dossier)
    assert api_sets(body) == portal and delivered.get().pk in portal["events"]


def test_a_result_to_be_returned_at_the_desk_is_not_downloaded(citizen, certificate):
    """Art. 22: the result returned on paper has no electronic copy for the applicant, on either face."""
    dossier = issued(verified_with_draft())
    Dossier.objects.filter(pk=dossier.pk).update(return_method="desk")
    result = dossier.documents.get(stage=DossierDocument.Stage.RESULT)
    portal, body = seen(citizen, dossier)
    assert api_sets(body) == portal and result.pk not in portal["documents"]
    assert citizen.get(f"{API}/dossiers/{dossier.code}/documents/{result.pk}").status_code == 404


def test_reasons_shown_are_those_printed_on_the_applicants_forms(citizen):
    """A leader's reason for sending the draft back is internal; the supplement request's items (Mẫu 02) are the
    applicant's, on both faces."""
    dossier = verified_with_draft()
    specialist, leader = user("chuyenvien.hongvan"), user("lanhdao.hongvan")
    dossier = lifecycle.submit_for_signature(specialist, dossier, at=SUBMITTED + 7 * HOUR)
    secret = "Sai căn cứ pháp lý ở điều 2 của dự thảo"
    dossier = lifecycle.send_back(leader, dossier, reason=secret, at=SUBMITTED + 8 * HOUR)
    dossier = lifecycle.request_supplement(
        specialist, dossier, items=["Bản sao sổ hộ khẩu"], reason="Thiếu giấy tờ cư trú", at=SUBMITTED + 9 * HOUR
    )
    portal, body = seen(citizen, dossier)
    assert api_sets(body) == portal
    assert not any(secret in text for text in strings(body))
    page = citizen.get(reverse("portal:my-dossier", args=[dossier.pk])).content.decode()
    assert secret not in page
    asked = dossier.events.get(kind=DossierEvent.Kind.SUPPLEMENT_REQUESTED)
    assert portal["details"][asked.pk] == (["Bản sao sổ hộ khẩu"], "Thiếu giấy tờ cư trú")
    assert {form["form"] for form in body["forms"]} == {"01", "02"}
