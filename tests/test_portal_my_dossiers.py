"""My dossiers: a citizen sees only their own dossiers — state, history in plain words, deadlines, the forms
issued to them — sends a requested supplement, asks to stop, and downloads the signed electronic result."""

import datetime
import io

import pytest
import weasyprint
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from dossier_helpers import PERSON, UBND, at, intake, user
from motcua.accounts.models import ApplicantProfile, User
from motcua.documents import signing
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent, State
from motcua.dossiers.uploads import Upload

SUBMITTED = at(2026, 3, 2, 9, 0)
HOUR = datetime.timedelta(hours=1)


def pdf(text: str) -> bytes:
    return weasyprint.HTML(string=f"<p>{text}</p>").write_pdf()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def citizen(client, demo):
    client.force_login(user("congdan"))
    return client


def online(owner=None, *, submitted=SUBMITTED, return_method="electronic") -> Dossier:
    owner = owner or user("congdan")
    applicant = lifecycle.Applicant(**{**PERSON.__dict__, "user": owner})
    documents = (Upload(SimpleUploadedFile("don.pdf", pdf("Đơn"))),)
    return lifecycle.submit_online(
        owner,
        intake(channel="online", applicant=applicant, return_method=return_method, documents=documents),
        at=submitted,
    )


def processing(dossier: Dossier) -> Dossier:
    desk, leader = user("tiepnhan.hongvan"), user("lanhdao.hongvan")
    dossier = lifecycle.accept(desk, dossier, at=SUBMITTED + HOUR)
    dossier = lifecycle.transfer(desk, dossier, at=SUBMITTED + 2 * HOUR)
    return lifecycle.assign(leader, dossier, specialist=user("chuyenvien.hongvan"), at=SUBMITTED + 3 * HOUR)


def supplement_requested(dossier: Dossier) -> Dossier:
    return lifecycle.request_supplement(
        user("chuyenvien.hongvan"),
        processing(dossier),
        items=["Bản sao biên bản họp thôn có chữ ký"],
        at=SUBMITTED + 4 * HOUR,
    )


def other_citizen() -> User:
    other = User.objects.create_user("congdan2", password="x", account_type=User.AccountType.CITIZEN)
    ApplicantProfile.objects.create(user=other, personal_id="001090054321")
    return other


def test_the_list_shows_only_my_dossiers_a_page_at_a_time(citizen):
    mine = [online(submitted=SUBMITTED + i * HOUR) for i in range(21)]
    theirs = online(other_citizen())
    first = citizen.get(reverse("portal:my-dossiers"))
    links = [reverse("portal:my-dossier", args=[d.pk]) for d in mine]
    page = first.content.decode()
    assert sum(link in page for link in links) == 20
    assert reverse("portal:my-dossier", args=[theirs.pk]) not in page
    assert "?trang=2" in page
    second = citizen.get(reverse("portal:my-dossiers"), {"trang": 2}).content.decode()
    assert links[0] in second  # the oldest comes last
    assert "Bộ phận Một cửa trả lời chậm nhất" in second


def test_another_citizens_dossier_is_not_found(citizen):
    theirs = supplement_requested(online(other_citizen()))
    document = theirs.documents.first()
    event = theirs.events.exclude(form="").first()
    for url in (
        reverse("portal:my-dossier", args=[theirs.pk]),
        reverse("portal:my-dossier-form", args=[theirs.pk, event.pk]),
        reverse("portal:my-dossier-document", args=[theirs.pk, document.pk]),
        reverse("portal:my-dossier-stop", args=[theirs.pk]),
    ):
        assert citizen.get(url).status_code == 404
    upload = SimpleUploadedFile("bo-sung.pdf", pdf("Bổ sung"))
    assert citizen.post(reverse("portal:my-dossier-supplement", args=[theirs.pk]), {"files": upload}).status_code == 404
    assert theirs.documents.count() == 1


def test_staff_do_not_use_the_citizen_pages(client, demo):
    dossier = online()
    client.force_login(user("tiepnhan.hongvan"))
    assert client.get(reverse("portal:my-dossier", args=[dossier.pk])).status_code == 403


def test_the_detail_tells_the_history_in_plain_words_with_the_deadlines(citizen):
    dossier = processing(online())
    page = citizen.get(reverse("portal:my-dossier", args=[dossier.pk])).content.decode()
    assert f"Hồ sơ {dossier.code}" in page
    for sentence in (
        "Bạn đã nộp hồ sơ trực tuyến.",
        "Hồ sơ đã được tiếp nhận; thời hạn giải quyết bắt đầu tính (Giấy tiếp nhận, Mẫu 01).",
        "Hồ sơ đã được chuyển đến cơ quan giải quyết.",
        "Cơ quan giải quyết đã giao cán bộ xử lý hồ sơ.",
    ):
        assert sentence in page
    assert "Trần Văn Minh" not in page  # the officials' internal notes stay on the desk
    dossier.refresh_from_db()
    local_due = dossier.due_at.astimezone(datetime.UTC).astimezone(SUBMITTED.tzinfo)
    assert local_due.strftime("%H:%M %d/%m/%Y") in page


def test_only_the_forms_issued_for_my_dossier_are_offered_and_they_are_real_pdfs(citizen):
    dossier = processing(online())
    receipt = dossier.events.get(kind=DossierEvent.Kind.ACCEPTED)
    page = citizen.get(reverse("portal:my-dossier", args=[dossier.pk])).content.decode()
    assert reverse("portal:my-dossier-form", args=[dossier.pk, receipt.pk]) in page
    assert "Mẫu 02" not in page.split("Giấy tờ cơ quan đã cấp")[1].split("Lịch sử hồ sơ")[0]

    response = citizen.get(reverse("portal:my-dossier-form", args=[dossier.pk, receipt.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert dossier.code in response["Content-Disposition"]
    plain = dossier.events.get(kind=DossierEvent.Kind.TRANSFERRED)  # an event that produced no form
    assert citizen.get(reverse("portal:my-dossier-form", args=[dossier.pk, plain.pk])).status_code == 404


def test_a_requested_supplement_is_sent_online_and_the_desk_confirms_it(citizen):
    dossier = supplement_requested(online())
    page = citizen.get(reverse("portal:my-dossier", args=[dossier.pk])).content.decode()
    assert "Bản sao biên bản họp thôn có chữ ký" in page and "Gửi hồ sơ bổ sung" in page

    response = citizen.post(
        reverse("portal:my-dossier-supplement", args=[dossier.pk]),
        {"files": [SimpleUploadedFile("bien-ban-hop.pdf", pdf("Biên bản")), SimpleUploadedFile("anh.pdf", pdf("Ảnh"))]},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.SUPPLEMENT_REQUESTED  # the desk decides whether it is complete
    sent = dossier.documents.filter(stage=DossierDocument.Stage.SUPPLEMENT)
    assert sorted(d.name for d in sent) == ["anh.pdf", "bien-ban-hop.pdf"]
    assert all(d.uploaded_by == user("congdan") for d in sent)
    event = dossier.events.order_by("-pk").first()
    assert event.kind == DossierEvent.Kind.DOCUMENT_ADDED and event.details == {"supplement": True}
    page = citizen.get(reverse("portal:my-dossier", args=[dossier.pk])).content.decode()
    assert "Bạn đã gửi hồ sơ bổ sung trực tuyến; Bộ phận Một cửa đang kiểm tra." in page

    lifecycle.receive_supplement(user("tiepnhan.hongvan"), dossier)
    dossier.refresh_from_db()
    assert dossier.state == State.PROCESSING and dossier.due_at is not None


def test_a_refused_supplement_file_is_reported_and_nothing_is_stored(citizen):
    dossier = supplement_requested(online())
    response = citizen.post(
        reverse("portal:my-dossier-supplement", args=[dossier.pk]),
        {"files": [SimpleUploadedFile("tot.pdf", pdf("Tốt")), SimpleUploadedFile("xau.pdf", b"not a pdf")]},
    )
    assert response.status_code == 422
    assert "Tệp «xau.pdf» không đúng định dạng cho phép" in response.content.decode()
    assert not dossier.documents.filter(stage=DossierDocument.Stage.SUPPLEMENT).exists()


def test_a_supplement_is_refused_when_none_was_asked_for(citizen):
    dossier = processing(online())
    response = citizen.post(
        reverse("portal:my-dossier-supplement", args=[dossier.pk]),
        {"files": SimpleUploadedFile("tot.pdf", pdf("Tốt"))},
    )
    assert response.status_code == 422
    assert not dossier.documents.filter(stage=DossierDocument.Stage.SUPPLEMENT).exists()


def test_stopping_asks_for_confirmation_then_issues_form_05(citizen):
    dossier = processing(online())
    url = reverse("portal:my-dossier-stop", args=[dossier.pk])
    assert url in citizen.get(reverse("portal:my-dossier", args=[dossier.pk])).content.decode()
    dossier.refresh_from_db()

    response = citizen.post(url, {"revision": dossier.revision, "reason": "Tôi không còn nhu cầu"})
    assert "Hãy đánh dấu để xác nhận rút hồ sơ." in response.content.decode()
    assert "Tôi không còn nhu cầu</textarea>" in response.content.decode()  # what was typed is kept
    dossier.refresh_from_db()
    assert dossier.state == State.PROCESSING

    response = citizen.post(url, {"revision": dossier.revision, "reason": "Tôi không còn nhu cầu", "confirm": "on"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.STOPPED
    stop = dossier.events.get(kind=DossierEvent.Kind.STOPPED)
    assert stop.actor == user("congdan") and stop.form == "05"
    page = citizen.get(reverse("portal:my-dossier", args=[dossier.pk])).content.decode()
    assert reverse("portal:my-dossier-form", args=[dossier.pk, stop.pk]) in page
    assert url not in page
    assert citizen.get(url).status_code == 404


def test_a_stale_stop_request_is_refused(citizen):
    dossier = processing(online())
    seen = Dossier.objects.get(pk=dossier.pk).revision
    lifecycle.request_supplement(user("chuyenvien.hongvan"), dossier, items=["Giấy tờ"], at=SUBMITTED + 4 * HOUR)
    citizen.post(
        reverse("portal:my-dossier-stop", args=[dossier.pk]),
        {"revision": seen, "reason": "Không cần nữa", "confirm": "on"},
    )
    dossier.refresh_from_db()
    assert dossier.state == State.SUPPLEMENT_REQUESTED


@pytest.fixture
def certificate(settings, tmp_path):
    settings.SIGNING_PKCS12 = str(tmp_path / "agency.p12")
    settings.SIGNING_PASSPHRASE = ""
    return signing.create_demo_certificate(tmp_path / "agency.p12", common_name=UBND, organisation=UBND)


def issued_with_result(dossier: Dossier) -> Dossier:
    specialist, leader = user("chuyenvien.hongvan"), user("lanhdao.hongvan")
    dossier = processing(dossier)
    lifecycle.add_documents(
        specialist,
        dossier,
        documents=[Upload(SimpleUploadedFile("quyet-dinh.pdf", pdf("Quyết định công nhận hòa giải viên")))],
        stage=DossierDocument.Stage.RESULT,
        at=SUBMITTED + 5 * HOUR,
    )
    dossier = lifecycle.submit_for_signature(specialist, dossier, at=SUBMITTED + 6 * HOUR)
    return lifecycle.sign(leader, dossier, at=SUBMITTED + 7 * HOUR)


def test_the_electronic_result_is_downloaded_signed_by_the_agency(citizen, certificate):
    dossier = issued_with_result(online())
    result = dossier.documents.get(stage=DossierDocument.Stage.RESULT)
    url = reverse("portal:my-dossier-result", args=[dossier.pk, result.pk])
    assert citizen.get(url).status_code == 404  # the desk has not received it for return yet
    lifecycle.mark_ready(user("tiepnhan.hongvan"), dossier, at=SUBMITTED + 8 * HOUR)

    assert url in citizen.get(reverse("portal:my-dossier", args=[dossier.pk])).content.decode()
    response = citizen.get(url)
    assert response["Content-Type"] == "application/pdf"
    reader = PdfFileReader(io.BytesIO(response.content))
    _key, cert, _chain = pkcs12.load_key_and_certificates(certificate.read_bytes(), None)
    root = asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))
    status = validate_pdf_signature(reader.embedded_signatures[0], ValidationContext(trust_roots=[root]))
    assert status.intact and status.valid and status.trusted
    assert status.signing_cert.subject.native["common_name"] == UBND


def test_no_electronic_result_when_it_is_returned_at_the_desk(citizen, certificate):
    dossier = issued_with_result(online(return_method="desk"))
    lifecycle.mark_ready(user("tiepnhan.hongvan"), dossier, at=SUBMITTED + 8 * HOUR)
    result = dossier.documents.get(stage=DossierDocument.Stage.RESULT)
    assert citizen.get(reverse("portal:my-dossier-result", args=[dossier.pk, result.pk])).status_code == 404
    # The result file is not reachable as an ordinary document either.
    assert citizen.get(reverse("portal:my-dossier-document", args=[dossier.pk, result.pk])).status_code == 404
