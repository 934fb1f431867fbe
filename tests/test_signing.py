"""The electronic result is signed by the competent agency's certificate (PAdES, pyHanko) and the signature
validates with pyHanko's own validator: intact, by the agency's name, and tampering is detected."""

import io

import pytest
import weasyprint
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from dossier_helpers import UBND, at, processing, user
from motcua.documents import signing
from motcua.dossiers import lifecycle
from motcua.dossiers.models import DossierDocument, DossierEvent
from motcua.dossiers.uploads import Upload
from motcua.orgs.models import Agency

PASSPHRASE = "mat-khau-chung-thu"


def result_pdf(text: str = "Quyết định công nhận hòa giải viên") -> bytes:
    return weasyprint.HTML(string=f"<h1>{text}</h1>").write_pdf()


def trust_root(path) -> asn1_x509.Certificate:
    _key, certificate, _others = pkcs12.load_key_and_certificates(path.read_bytes(), PASSPHRASE.encode())
    return asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))


def validate(data: bytes, root):
    reader = PdfFileReader(io.BytesIO(data))
    assert len(reader.embedded_signatures) == 1
    return validate_pdf_signature(reader.embedded_signatures[0], ValidationContext(trust_roots=[root]))


@pytest.fixture
def certificate(settings, tmp_path):
    settings.SIGNING_PKCS12 = str(tmp_path / "signing" / "agency.p12")
    settings.SIGNING_PASSPHRASE = PASSPHRASE
    settings.SIGNING_AGENCIES = {}
    return signing.create_demo_certificate(
        tmp_path / "signing" / "agency.p12", common_name=UBND, organisation=UBND, passphrase=PASSPHRASE
    )


def test_a_signed_pdf_validates_intact_and_names_the_agency(demo, certificate):
    agency = Agency.objects.get(name=UBND)
    signed = signing.sign_pdf(result_pdf(), agency)

    status = validate(signed, trust_root(certificate))
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line
    assert status.signing_cert.subject.native["common_name"] == UBND
    # The original is kept whole: the signature is an incremental update after it.
    assert signed.startswith(result_pdf()[:8])


def test_tampering_after_signing_is_detected(demo, certificate):
    signed = bytearray(signing.sign_pdf(result_pdf(), Agency.objects.get(name=UBND)))
    position = signed.index(b"/MediaBox")
    signed[position + 1 : position + 9] = b"MediaBoy"  # one changed byte inside the signed range

    status = validate(bytes(signed), trust_root(certificate))
    assert not status.intact
    assert not status.bottom_line


def test_a_signature_by_another_certificate_is_not_trusted(demo, certificate, tmp_path):
    other = signing.create_demo_certificate(
        tmp_path / "other.p12", common_name="Kẻ giả mạo", organisation="Không rõ", passphrase=PASSPHRASE
    )
    signed = signing.sign_pdf(result_pdf(), Agency.objects.get(name=UBND))

    status = validate(signed, trust_root(other))
    assert status.intact and not status.trusted


def test_an_agency_with_its_own_certificate_signs_with_it(demo, certificate, settings, tmp_path):
    agency = Agency.objects.get(name=UBND)
    own = signing.create_demo_certificate(
        tmp_path / "ubnd.p12", common_name="UBND xã Hồng Vân (riêng)", organisation=UBND, passphrase="khac"
    )
    settings.SIGNING_AGENCIES = {agency.electronic_id: {"pkcs12": str(own), "passphrase": "khac"}}

    signed = signing.sign_pdf(result_pdf(), agency)

    reader = PdfFileReader(io.BytesIO(signed))
    assert reader.embedded_signatures[0].signer_cert.subject.native["common_name"] == "UBND xã Hồng Vân (riêng)"


def test_no_certificate_or_a_wrong_passphrase_is_said_plainly(demo, settings, tmp_path, certificate):
    agency = Agency.objects.get(name=UBND)
    settings.SIGNING_PASSPHRASE = "sai"
    with pytest.raises(signing.SigningUnavailable, match="sai mật khẩu"):
        signing.sign_pdf(result_pdf(), agency)
    settings.SIGNING_PKCS12 = str(tmp_path / "khong-co.p12")
    with pytest.raises(signing.SigningUnavailable, match="Chưa cấu hình chứng thư số"):
        signing.sign_pdf(result_pdf(), agency)


def test_the_delivered_result_is_signed_once_and_the_original_kept(demo, certificate, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    dossier = processing(at(2026, 3, 2, 9, 0))
    original = result_pdf()
    lifecycle.add_documents(
        user("chuyenvien.hongvan"),
        dossier,
        documents=[Upload(SimpleUploadedFile("quyet-dinh.pdf", original))],
        stage=DossierDocument.Stage.RESULT,
        at=at(2026, 3, 3, 9, 0),
    )
    document = dossier.documents.get(stage=DossierDocument.Stage.RESULT)
    # A download never signs: before the leader signs there is no signed copy to give.
    with pytest.raises(signing.SigningUnavailable, match="chưa được lập"):
        signing.signed_result(document)

    dossier = lifecycle.submit_for_signature(user("chuyenvien.hongvan"), dossier, at=at(2026, 3, 3, 10, 0))
    dossier = lifecycle.sign(user("lanhdao.hongvan"), dossier, at=at(2026, 3, 3, 11, 0))
    signed_event = dossier.events.get(kind=DossierEvent.Kind.SIGNED)
    assert signed_event.details["signed_documents"] == [{"document": document.pk, "name": "quyet-dinh.pdf"}]

    first = signing.signed_result(document)
    again = signing.signed_result(document)

    assert first == again  # kept, not signed anew on every download
    assert validate(first, trust_root(certificate)).bottom_line
    with document.file.open("rb") as handle:
        assert handle.read() == original


def test_only_pdf_results_get_a_signed_copy(demo, certificate, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    dossier = processing(at(2026, 3, 2, 9, 0))
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    lifecycle.add_documents(
        user("tiepnhan.hongvan"),
        dossier,
        documents=[Upload(SimpleUploadedFile("anh.png", png))],
        at=at(2026, 3, 3, 9, 0),
    )
    with pytest.raises(signing.SigningUnavailable):
        signing.signed_result(dossier.documents.get())


def test_the_command_makes_a_demo_certificate_and_keeps_an_existing_one(demo, settings, tmp_path):
    path = tmp_path / "var" / "signing" / "agency.p12"
    settings.SIGNING_PKCS12 = str(path)
    settings.SIGNING_PASSPHRASE = PASSPHRASE
    agency = Agency.objects.get(name=UBND)

    call_command("create_signing_certificate", agency=agency.pk, stdout=io.StringIO())
    first = path.read_bytes()
    assert trust_root(path).subject.native["common_name"] == UBND
    call_command("create_signing_certificate", agency=agency.pk, stdout=io.StringIO())
    assert path.read_bytes() == first
    call_command("create_signing_certificate", agency=agency.pk, force=True, stdout=io.StringIO())
    assert path.read_bytes() != first

    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("create_signing_certificate", force=True, stdout=io.StringIO())
