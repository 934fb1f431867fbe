"""Results signed with a key held on a token, through a real PKCS#11 module: SoftHSM (Debian's softhsm2), a token in
software from the OpenDNSSEC project, reached through the same PKCS#11 calls as a USB token or an HSM. The signature
validates with the token's certificate, and what goes wrong with a token (wrong PIN, unknown token or key, missing
module) reaches the user as a plain sentence without the PIN.

The tokens live in a throw-away folder (SOFTHSM2_CONF names it). Each key is made by the project's own
`create_demo_certificate` and imported with `softhsm2-util --import`, its certificate created beside it with the same
label and id: the same objects a certification authority's tool leaves on an agency's token. A real HSM would rather
generate the key on board; what is tested here, that the key is only used through the module, is the same.
"""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, pkcs12
from django.core.files.uploadedfile import SimpleUploadedFile
from pyhanko.pdf_utils.reader import PdfFileReader

from dossier_helpers import POLICE, UBND, at, processing, user
from motcua import settings as motcua_settings
from motcua.documents import signing, token_signing
from motcua.dossiers import lifecycle
from motcua.dossiers.models import DossierDocument, DossierEvent
from motcua.dossiers.uploads import Upload
from motcua.orgs.models import Agency
from test_signing import result_pdf, validate

MODULE = "/usr/lib/softhsm/libsofthsm2.so"
SHARED = {"token": "motcua-chung", "key": "ubnd-hong-van", "pin": "246810", "name": UBND}
# A label with spaces, so that the agency's URI has to be percent-encoded.
POLICE_TOKEN = {"token": "Cong an Hong Van", "key": "ky-so", "pin": "135790", "name": POLICE}
POLICE_URI = "pkcs11:token=Cong%20an%20Hong%20Van;object=ky-so"
SO_PIN = "12345678"

pytestmark = pytest.mark.skipif(
    not (shutil.which("softhsm2-util") and Path(MODULE).exists()),
    reason="needs Debian's softhsm2 (apt-get install softhsm2) for a real PKCS#11 module",
)
pkcs11 = pytest.importorskip("pkcs11", reason="needs python-pkcs11, the pkcs11 extra (make install)")


def softhsm(*args: str) -> None:
    subprocess.run(["softhsm2-util", *args], check=True, capture_output=True)


def put_key_on_a_token(folder: Path, spec: dict) -> asn1_x509.Certificate:
    """A new token holding a signing key and its certificate; the certificate, to trust it when validating."""
    softhsm("--init-token", "--free", "--label", spec["token"], "--pin", spec["pin"], "--so-pin", SO_PIN)
    p12 = signing.create_demo_certificate(
        folder / f"{spec['key']}.p12", common_name=spec["name"], organisation=spec["name"]
    )
    key, certificate, _others = pkcs12.load_key_and_certificates(p12.read_bytes(), None)
    pem = folder / f"{spec['key']}.pem"
    pem.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    softhsm("--import", str(pem), "--token", spec["token"], "--label", spec["key"], "--id", "01", "--pin", spec["pin"])
    pem.unlink()
    p12.unlink()
    der = certificate.public_bytes(Encoding.DER)
    # SoftHSM reads its configuration and its token folder when the module is initialised: start it afresh.
    pkcs11.unload(MODULE)
    token = pkcs11.lib(MODULE).get_token(token_label=spec["token"])
    with token.open(rw=True, user_pin=spec["pin"]) as session:
        session.create_object(
            {
                pkcs11.Attribute.CLASS: pkcs11.ObjectClass.CERTIFICATE,
                pkcs11.Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509,
                pkcs11.Attribute.TOKEN: True,
                pkcs11.Attribute.LABEL: spec["key"],
                pkcs11.Attribute.ID: b"\x01",
                pkcs11.Attribute.SUBJECT: certificate.subject.public_bytes(),
                pkcs11.Attribute.VALUE: der,
            }
        )
    return asn1_x509.Certificate.load(der)


@pytest.fixture(scope="module")
def tokens(tmp_path_factory):
    """The shared token and the police's own, in a token folder of their own; the certificate of each by token."""
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    config = folder / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOFTHSM2_CONF", str(config))
        yield {spec["token"]: put_key_on_a_token(folder, spec) for spec in (SHARED, POLICE_TOKEN)}
        pkcs11.unload(MODULE)


@pytest.fixture
def on_token(settings, tokens, tmp_path):
    """The default key is the shared token's; the PKCS#12 file named does not exist, so it cannot stand in."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SIGNING_PKCS12 = str(tmp_path / "khong-co.p12")
    settings.SIGNING_AGENCIES = {}
    settings.SIGNING_PKCS11_MODULE = MODULE
    settings.SIGNING_PKCS11_TOKEN = SHARED["token"]
    settings.SIGNING_PKCS11_KEY = SHARED["key"]
    settings.SIGNING_PKCS11_PIN = SHARED["pin"]
    return tokens


@pytest.fixture
def sessions(monkeypatch):
    """The sessions the signer opens on the token, to check that each is closed after its signing."""
    opened, open_session = [], token_signing.open_pkcs11_session

    def recording(*args, **kwargs):
        opened.append(open_session(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(token_signing, "open_pkcs11_session", recording)
    return opened


def is_closed(session) -> bool:
    try:
        session.generate_random(64)
    except pkcs11.exceptions.SessionHandleInvalid:
        return True
    return False


def signer_name(signed: bytes) -> str:
    return PdfFileReader(io.BytesIO(signed)).embedded_signatures[0].signer_cert.subject.native["common_name"]


def leader_signs_a_result():
    """The leader's decision on a dossier with a result PDF (returned at the desk), through the lifecycle."""
    dossier = processing(at(2026, 3, 2, 9, 0))
    lifecycle.add_documents(
        user("chuyenvien.hongvan"),
        dossier,
        documents=[Upload(SimpleUploadedFile("quyet-dinh.pdf", result_pdf()))],
        stage=DossierDocument.Stage.RESULT,
        at=at(2026, 3, 3, 9, 0),
    )
    dossier = lifecycle.submit_for_signature(user("chuyenvien.hongvan"), dossier, at=at(2026, 3, 3, 10, 0))
    return lifecycle.sign(user("lanhdao.hongvan"), dossier, at=at(2026, 3, 3, 11, 0))


def test_a_result_signed_on_the_token_validates_and_names_the_agency(demo, on_token, sessions):
    dossier = leader_signs_a_result()
    document = dossier.documents.get(stage=DossierDocument.Stage.RESULT)
    event = dossier.events.get(kind=DossierEvent.Kind.SIGNED)
    assert event.details["signed_documents"] == [{"document": document.pk, "name": "quyet-dinh.pdf"}]

    signed = signing.signed_result(document)
    status = validate(signed, on_token[SHARED["token"]])
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.signing_cert.subject.native["common_name"] == UBND
    # Another token's certificate does not vouch for it: the key used is the shared token's.
    assert not validate(signed, on_token[POLICE_TOKEN["token"]]).trusted
    # One session for the signing, closed after it.
    assert len(sessions) == 1 and is_closed(sessions[0])


@pytest.mark.parametrize(
    ("setting", "value", "said"),
    [
        ("SIGNING_PKCS11_PIN", "999999", "Không đăng nhập được thiết bị lưu khóa bí mật «motcua-chung»: sai mã PIN."),
        ("SIGNING_PKCS11_TOKEN", "khong-co", "Không thấy hoặc không kết nối được thiết bị lưu khóa bí mật «khong-co»."),
        (
            "SIGNING_PKCS11_KEY",
            "khong-co",
            "Không thấy khóa ký số «khong-co» và chứng thư số của nó trên thiết bị lưu khóa bí mật «motcua-chung».",
        ),
        (
            "SIGNING_PKCS11_MODULE",
            "/usr/lib/khong-co-pkcs11.so",
            "Không nạp được thư viện PKCS#11 «khong-co-pkcs11.so»",
        ),
        ("SIGNING_PKCS11_PIN", "", "Chưa cấu hình đủ thiết bị lưu khóa bí mật (PKCS#11) để ký số"),
    ],
    ids=["wrong PIN", "unknown token", "unknown key", "no module", "no PIN"],
)
def test_what_goes_wrong_with_the_token_is_said_plainly(demo, on_token, settings, caplog, setting, value, said):
    setattr(settings, setting, value)
    with pytest.raises(signing.SigningUnavailable) as refused:
        signing.sign_pdf(result_pdf(), Agency.objects.get(name=UBND))
    assert said in refused.value.message
    pins = {SHARED["pin"], settings.SIGNING_PKCS11_PIN} - {""}
    assert not any(pin in refused.value.message or pin in caplog.text for pin in pins)


def test_a_wrong_pin_leaves_the_decision_on_paper_with_the_reason(demo, on_token, settings, caplog):
    settings.SIGNING_PKCS11_PIN = "999999"
    dossier = leader_signs_a_result()

    unsigned = dossier.events.get(kind=DossierEvent.Kind.SIGNED).details["unsigned"]
    assert unsigned == "Không đăng nhập được thiết bị lưu khóa bí mật «motcua-chung»: sai mã PIN."
    assert "999999" not in caplog.text and SHARED["pin"] not in caplog.text


def test_the_session_is_closed_when_the_key_is_missing(demo, on_token, settings, sessions):
    settings.SIGNING_PKCS11_KEY = "khong-co"
    with pytest.raises(signing.SigningUnavailable):
        signing.sign_pdf(result_pdf(), Agency.objects.get(name=UBND))
    assert len(sessions) == 1 and is_closed(sessions[0])


def test_without_a_module_the_pkcs12_file_signs(demo, on_token, settings, tmp_path):
    settings.SIGNING_PKCS11_MODULE = ""
    settings.SIGNING_PKCS12 = str(
        signing.create_demo_certificate(tmp_path / "agency.p12", common_name="UBND (tệp)", organisation=UBND)
    )
    agency = Agency.objects.get(name=UBND)

    assert isinstance(signing.certificate_for(agency), signing.CertificateConfig)
    assert signer_name(signing.sign_pdf(result_pdf(), agency)) == "UBND (tệp)"


def test_an_agency_token_entry_is_used_for_that_agency_only(demo, on_token, settings, monkeypatch):
    police, ubnd = Agency.objects.get(name=POLICE), Agency.objects.get(name=UBND)
    pin_variable = f"MOTCUA_SIGNING_PKCS11_PIN_{police.electronic_id.replace('.', '_')}"
    monkeypatch.setenv(pin_variable, POLICE_TOKEN["pin"])
    # As the settings read "MOTCUA_SIGNING_AGENCIES=<police id>=pkcs11:token=…;object=…".
    settings.SIGNING_AGENCIES = {police.electronic_id: motcua_settings.signing_agency(police.electronic_id, POLICE_URI)}

    signed = signing.sign_pdf(result_pdf(), police)
    assert validate(signed, on_token[POLICE_TOKEN["token"]]).bottom_line
    assert signer_name(signed) == POLICE
    assert signer_name(signing.sign_pdf(result_pdf(), ubnd)) == UBND


def test_an_agency_uri_is_read_by_its_token_and_object_only():
    key = token_signing.from_uri(
        "pkcs11:token=Ban%2C%20Hong%20Van;object=ky-so;id=%01?pin-value=0000", module=MODULE, pin="246810"
    )
    assert key == token_signing.TokenKey(MODULE, "Ban, Hong Van", "ky-so", "246810")
    assert "246810" not in repr(key)


def test_without_python_pkcs11_the_token_signer_says_what_to_install(demo, on_token, monkeypatch):
    monkeypatch.setattr(token_signing, "pkcs11", None)
    with pytest.raises(signing.SigningUnavailable, match=r"python-pkcs11 \(motcua\[pkcs11\]\)"):
        signing.sign_pdf(result_pdf(), Agency.objects.get(name=UBND))
