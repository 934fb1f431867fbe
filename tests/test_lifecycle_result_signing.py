"""The result PDF is checked when it is uploaded, signed when the leader signs (an event), and delivered
electronically as a recorded event; the citizen's download only reads the stored signed copy (issue 14 item 7)."""

import dataclasses
import datetime
import io

import pytest
import weasyprint
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from dossier_helpers import PERSON, UBND, intake, user
from motcua.documents import signing
from motcua.dossiers import lifecycle
from motcua.dossiers.errors import ActionNotAllowed
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent, State
from motcua.dossiers.uploads import Upload

DESK, SPECIALIST, LEADER = "tiepnhan.hongvan", "chuyenvien.hongvan", "lanhdao.hongvan"
Kind = DossierEvent.Kind
# What the issue's 500 came from: a file that starts like a PDF but has no cross-reference table.
MALFORMED = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def good_pdf(text: str = "Quyết định công nhận") -> bytes:
    return weasyprint.HTML(string=f"<h1>{text}</h1>").write_pdf()


@pytest.fixture
def certificate(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SIGNING_PKCS12 = str(tmp_path / "agency.p12")
    settings.SIGNING_PASSPHRASE = ""
    settings.SIGNING_AGENCIES = {}
    return signing.create_demo_certificate(tmp_path / "agency.p12", common_name=UBND, organisation=UBND)


def staff(username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def online_processing() -> Dossier:
    start = timezone.now() - datetime.timedelta(days=1)
    hour = datetime.timedelta(hours=1)
    applicant = dataclasses.replace(PERSON, user=user("congdan"))
    dossier = lifecycle.submit_online(
        user("congdan"), intake(channel="online", applicant=applicant, return_method="electronic"), at=start
    )
    dossier = lifecycle.accept(user(DESK), dossier, at=start + hour)
    dossier = lifecycle.transfer(user(DESK), dossier, at=start + 2 * hour)
    return lifecycle.assign(user(LEADER), dossier, specialist=user(SPECIALIST), at=start + 3 * hour)


def post_action(client: Client, dossier: Dossier, action: str, data: dict):
    dossier.refresh_from_db()
    return client.post(
        reverse("desk:dossier_action", args=[dossier.pk, action]),
        {f"{action}-revision": dossier.revision, **{f"{action}-{k}": v for k, v in data.items()}},
    )


def test_a_malformed_result_pdf_is_refused_at_upload_beside_the_field(demo, certificate):
    dossier = online_processing()
    response = post_action(staff(SPECIALIST), dossier, "add_result", {"file": SimpleUploadedFile("kq.pdf", MALFORMED)})
    assert response.status_code == 422
    html = response.content.decode()
    form = html[html.index('id="thao-tac-add_result"') :]
    form = form[: form.index("</section>")]
    assert "không phải tệp PDF hoàn chỉnh" in form and "kq.pdf" in form  # beside the upload field
    assert not dossier.documents.filter(stage=DossierDocument.Stage.RESULT).exists()
    # The service and the API refuse it the same way.
    with pytest.raises(ValidationError, match="không phải tệp PDF hoàn chỉnh"):
        lifecycle.add_result(user(SPECIALIST), dossier, documents=[Upload(SimpleUploadedFile("kq.pdf", MALFORMED))])
    api = staff(SPECIALIST).post(
        f"/api/v1/dossiers/{dossier.code}/actions/add_result", {"files": SimpleUploadedFile("kq.pdf", MALFORMED)}
    )
    assert api.status_code == 422 and "không phải tệp PDF hoàn chỉnh" in api.json()["detail"]


def test_the_result_is_signed_when_the_leader_signs_and_delivered_as_an_event(demo, certificate):
    dossier = online_processing()
    original = good_pdf()
    specialist = staff(SPECIALIST)
    uploaded = post_action(specialist, dossier, "add_result", {"file": SimpleUploadedFile("qd.pdf", original)})
    assert uploaded.status_code == 302
    document = dossier.documents.get(stage=DossierDocument.Stage.RESULT)
    assert post_action(specialist, dossier, "submit_for_signature", {"note": "Dự thảo QĐ"}).status_code == 302
    assert not signing.is_signed(document)

    leader = staff(LEADER)
    # The leader sees what is signed before signing: the file and the draft's note.
    page = leader.get(reverse("desk:dossier", args=[dossier.pk])).content.decode()
    preview = page[page.index('id="thao-tac-sign"') :]
    preview = preview[: preview.index("</section>")]
    assert reverse("desk:dossier_document", args=[dossier.pk, document.pk]) in preview
    assert "qd.pdf" in preview and "Dự thảo QĐ" in preview
    # Signing is not one click: without the confirmation nothing happens.
    refused = post_action(leader, dossier, "sign", {})
    assert refused.status_code == 422 and "đánh dấu ô xác nhận" in refused.content.decode()
    dossier.refresh_from_db()
    assert dossier.state == State.AWAITING_SIGNATURE and not signing.is_signed(document)
    assert post_action(leader, dossier, "sign", {"confirm": "on"}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.RESULT_ISSUED
    signed_event = dossier.events.get(kind=Kind.SIGNED)
    assert signed_event.details["signed_documents"] == [{"document": document.pk, "name": "qd.pdf"}]

    dossier = lifecycle.mark_ready(user(DESK), dossier)
    citizen = Client()
    citizen.force_login(user("congdan"))
    url = reverse("portal:my-dossier-result", args=[dossier.pk, document.pk])
    first = citizen.get(url)
    assert first.status_code == 200 and first["Cache-Control"] == "no-store"
    second = citizen.get(url)
    assert first.content == second.content  # the stored copy, not signed again
    reader = PdfFileReader(io.BytesIO(first.content))
    [signature] = reader.embedded_signatures
    _key, cert, _ = pkcs12.load_key_and_certificates(certificate.read_bytes(), None)
    root = asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[root]))
    assert status.bottom_line and status.intact and status.valid
    assert first.content.startswith(original)  # an incremental update: the uploaded bytes are kept
    # Delivery is an event, recorded once per file.
    delivered = list(dossier.events.filter(kind=Kind.RESULT_DELIVERED))
    assert [(e.actor, e.details["document"]) for e in delivered] == [(user("congdan"), document.pk)]


def test_a_result_that_cannot_be_signed_stops_the_signature_not_the_citizens_page(demo, certificate):
    """A file stored before uploads were checked: the leader is told at signing; the download never answers 500."""
    dossier = online_processing()
    DossierDocument.objects.create(
        dossier=dossier,
        stage=DossierDocument.Stage.RESULT,
        name="cu.pdf",
        file=ContentFile(MALFORMED, name="cu.pdf"),
        content_type="application/pdf",
        size=len(MALFORMED),
        uploaded_at=timezone.now(),
    )
    dossier = lifecycle.submit_for_signature(user(SPECIALIST), dossier)
    with pytest.raises(ActionNotAllowed, match="Chưa ký số được"):
        lifecycle.sign(user(LEADER), dossier)
    response = post_action(staff(LEADER), dossier, "sign", {"confirm": "on"})
    assert response.status_code == 409 and "Chưa ký số được" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.state == State.AWAITING_SIGNATURE


def test_a_download_of_a_result_never_signed_is_a_message_not_an_error(demo, certificate, settings):
    dossier = online_processing()
    lifecycle.add_result(user(SPECIALIST), dossier, documents=[Upload(SimpleUploadedFile("qd.pdf", good_pdf()))])
    dossier = lifecycle.submit_for_signature(user(SPECIALIST), dossier)
    settings.SIGNING_PKCS12 = "/nonexistent/agency.p12"  # the certificate went away: the paper way still works
    dossier.return_method = "desk"
    Dossier.objects.filter(pk=dossier.pk).update(return_method="desk")
    dossier = lifecycle.sign(user(LEADER), dossier)
    assert "Chưa cấu hình chứng thư số" in dossier.events.get(kind=Kind.SIGNED).details["unsigned"]
    Dossier.objects.filter(pk=dossier.pk).update(return_method="electronic")
    dossier = lifecycle.mark_ready(user(DESK), dossier)
    document = dossier.documents.get(stage=DossierDocument.Stage.RESULT)
    citizen = Client()
    citizen.force_login(user("congdan"))
    response = citizen.get(reverse("portal:my-dossier-result", args=[dossier.pk, document.pk]))
    assert response.status_code == 302
    assert not dossier.events.filter(kind=Kind.RESULT_DELIVERED).exists()
