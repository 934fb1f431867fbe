"""The staff dossier page's result and follow-up gaps, through the real HTTP stack: the handler uploads the result
(and the citizen then downloads it signed), the desk sees a supplement sent online, the return form proposes the
chosen way of return, and the links to the rating screen and to fee collection appear only for whom they serve."""

import dataclasses
import datetime
import io

import pytest
import weasyprint
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from dossier_helpers import PERSON, UBND, intake, user
from feedback_helpers import returned
from motcua.documents import signing
from motcua.dossiers import lifecycle, queues
from motcua.dossiers.models import Dossier, DossierDocument, State
from motcua.dossiers.uploads import Upload
from test_payments_support import dossier_with_fees

DESK, SPECIALIST, LEADER = "tiepnhan.hongvan", "chuyenvien.hongvan", "lanhdao.hongvan"
HOUR = datetime.timedelta(hours=1)
SENT_ONLINE = "Người nộp đã gửi bổ sung trực tuyến"


def pdf(text: str) -> bytes:
    return weasyprint.HTML(string=f"<p>{text}</p>").write_pdf()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def staff(username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def online(return_method: str = "electronic") -> Dossier:
    """An online dossier of the demo citizen, accepted, transferred and assigned to the demo specialist."""
    start = timezone.now() - datetime.timedelta(days=1)
    applicant = dataclasses.replace(PERSON, user=user("congdan"))
    documents = (Upload(SimpleUploadedFile("don.pdf", pdf("Đơn"))),)
    dossier = lifecycle.submit_online(
        user("congdan"),
        intake(channel="online", applicant=applicant, return_method=return_method, documents=documents),
        at=start,
    )
    dossier = lifecycle.accept(user(DESK), dossier, at=start + HOUR)
    dossier = lifecycle.transfer(user(DESK), dossier, at=start + 2 * HOUR)
    return lifecycle.assign(user(LEADER), dossier, specialist=user(SPECIALIST), at=start + 3 * HOUR)


def page(client: Client, dossier: Dossier) -> str:
    response = client.get(reverse("desk:dossier", args=[dossier.pk]))
    assert response.status_code == 200
    return response.content.decode()


def upload_result(client: Client, dossier: Dossier, name: str, content: bytes, revision: int | None = None):
    dossier.refresh_from_db()
    return client.post(
        reverse("desk:dossier_action", args=[dossier.pk, "add_result"]),
        {
            "add_result-revision": dossier.revision if revision is None else revision,
            "add_result-file": SimpleUploadedFile(name, content),
        },
    )


# -- 1. the result upload ----------------------------------------------------------------------------------------


@pytest.fixture
def certificate(settings, tmp_path):
    settings.SIGNING_PKCS12 = str(tmp_path / "agency.p12")
    settings.SIGNING_PASSPHRASE = ""
    return signing.create_demo_certificate(tmp_path / "agency.p12", common_name=UBND, organisation=UBND)


def test_the_handler_uploads_the_result_and_the_citizen_downloads_it_signed(demo, certificate):
    dossier = online()
    specialist = staff(SPECIALIST)
    assert "Tải lên kết quả giải quyết" in page(specialist, dossier)
    assert "Tải lên kết quả giải quyết" not in page(staff(DESK), dossier)  # not the desk's work

    response = upload_result(specialist, dossier, "quyet-dinh.pdf", pdf("Quyết định công nhận hòa giải viên"))
    assert response.status_code == 302
    result = dossier.documents.get(stage=DossierDocument.Stage.RESULT)
    assert result.name == "quyet-dinh.pdf" and result.uploaded_by == user(SPECIALIST)
    assert "quyet-dinh.pdf" in page(specialist, dossier)

    dossier = lifecycle.submit_for_signature(user(SPECIALIST), dossier)
    dossier = lifecycle.sign(user(LEADER), dossier)
    dossier = lifecycle.mark_ready(user(DESK), dossier)
    citizen = Client()
    citizen.force_login(user("congdan"))
    url = reverse("portal:my-dossier-result", args=[dossier.pk, result.pk])
    assert url in citizen.get(reverse("portal:my-dossier", args=[dossier.pk])).content.decode()
    download = citizen.get(url)
    assert download["Content-Type"] == "application/pdf"
    signature = PdfFileReader(io.BytesIO(download.content)).embedded_signatures[0]
    _key, cert, _chain = pkcs12.load_key_and_certificates(certificate.read_bytes(), None)
    root = asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[root]))
    assert status.intact and status.valid and status.signing_cert.subject.native["common_name"] == UBND


def test_a_bad_result_file_is_refused_in_vietnamese_and_nothing_is_stored(demo):
    dossier = online()
    specialist = staff(SPECIALIST)
    response = upload_result(specialist, dossier, "ket-qua.pdf", b"just some text, not a PDF")
    assert response.status_code == 422
    assert "không đúng định dạng cho phép" in response.content.decode()
    # An electronic return needs a PDF: a JPEG result could not carry the agency's signature.
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
    response = upload_result(specialist, dossier, "anh.jpg", jpeg)
    assert response.status_code == 422
    assert "hãy tải lên tệp PDF" in response.content.decode()
    assert not dossier.documents.filter(stage=DossierDocument.Stage.RESULT).exists()


def test_a_result_returned_at_the_desk_may_be_a_scan(demo):
    dossier = online(return_method="desk")
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
    assert upload_result(staff(SPECIALIST), dossier, "ket-qua.jpg", jpeg).status_code == 302
    assert dossier.documents.get(stage=DossierDocument.Stage.RESULT).content_type == "image/jpeg"


def test_a_stale_result_upload_is_refused_as_a_conflict(demo):
    dossier = online()
    response = upload_result(staff(SPECIALIST), dossier, "kq.pdf", pdf("Kết quả"), revision=dossier.revision - 1)
    assert response.status_code == 409
    assert not dossier.documents.filter(stage=DossierDocument.Stage.RESULT).exists()


def test_the_desk_cannot_post_a_result_even_without_the_form(demo):
    dossier = online()
    assert upload_result(staff(DESK), dossier, "kq.pdf", pdf("Kết quả")).status_code == 403
    assert not dossier.documents.filter(stage=DossierDocument.Stage.RESULT).exists()


# -- 2. a supplement sent online ----------------------------------------------------------------------------------


def test_the_desk_sees_a_supplement_sent_online_until_it_confirms_it(demo, django_assert_num_queries):
    dossier = lifecycle.request_supplement(user(SPECIALIST), online(), items=["Biên bản họp thôn"])
    other = lifecycle.request_supplement(user(SPECIALIST), online(), items=["Bản sao sổ hộ khẩu"])
    desk = staff(DESK)
    assert SENT_ONLINE not in page(desk, dossier)

    def queue_row(of: Dossier) -> str:
        """The dossier's row in the desk's "waiting for a supplement" queue."""
        html = desk.get(reverse("desk:dossiers"), {"hang-doi": "supplement"}).text
        return next(row for row in html.split("<tr")[1:] if of.code in row)

    assert SENT_ONLINE not in queue_row(dossier)
    lifecycle.send_supplement(
        user("congdan"), dossier, documents=[Upload(SimpleUploadedFile("bien-ban.pdf", pdf("Biên bản")))]
    )
    html = page(desk, dossier)
    assert SENT_ONLINE in html and "Nhận hồ sơ bổ sung" in html
    assert SENT_ONLINE in queue_row(dossier) and SENT_ONLINE not in queue_row(other)
    # The flags of a whole page cost one query over the events of its waiting dossiers.
    with django_assert_num_queries(1):
        assert queues.supplements_sent_online([dossier, other]) == {dossier.pk}

    dossier.refresh_from_db()
    response = desk.post(
        reverse("desk:dossier_action", args=[dossier.pk, "receive_supplement"]),
        {"receive_supplement-revision": dossier.revision},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.PROCESSING
    assert SENT_ONLINE not in page(desk, dossier)
    assert queues.supplements_sent_online([dossier, other]) == set()


# -- 3. the return form -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "electronic"])
def test_the_return_form_proposes_the_way_the_applicant_chose(demo, method):
    dossier = online(return_method=method)
    dossier = lifecycle.submit_for_signature(user(SPECIALIST), dossier)
    dossier = lifecycle.sign(user(LEADER), dossier)
    dossier = lifecycle.mark_ready(user(DESK), dossier)
    html = page(staff(DESK), dossier)
    form = html.split('id="thao-tac-return_result"', 1)[1].split("</section>", 1)[0]
    assert f'<option value="{method}" selected>' in form
    assert form.count(" selected>") == 1


# -- 4. links to the rating screen and to fee collection ----------------------------------------------------------


def test_the_rating_screen_is_offered_only_while_the_dossier_can_be_rated(demo):
    recent = returned()
    desk = staff(DESK)
    html = page(desk, recent)
    assert reverse("desk:feedback-kiosk", args=[recent.pk]) in html and "Mời người nộp đánh giá" in html

    window = datetime.timedelta(days=django_settings.RATING_WINDOW_DAYS + 1)
    late = returned(returned_at=timezone.now() - window)
    html = page(desk, late)
    assert reverse("desk:feedback-kiosk", args=[late.pk]) not in html
    assert "Mời người nộp đánh giá" not in html

    in_progress = online()
    assert reverse("desk:feedback-kiosk", args=[in_progress.pk]) not in page(desk, in_progress)


def test_fee_collection_is_offered_to_the_receiving_desk_only(demo):
    dossier = dossier_with_fees()
    url = reverse("desk:payment-dossier", args=[dossier.pk])
    assert url in page(staff(DESK), dossier)
    assert staff(DESK).get(url).status_code == 200
    assert url not in page(staff(LEADER), dossier)  # a leader of the competent agency does not take money
