"""Digital signature of electronic results (chữ ký số trên bản điện tử kết quả giải quyết TTHC, Decree 118/2025
Art. 22.2; Decree 23/2025 on electronic signatures): the result PDF is signed by the competent agency's
certificate with pyHanko as a PAdES signature, so any PDF reader or pyHanko's validator can check it offline.

The key and its certificate are a PKCS#12 file named by settings, or a key on a USB token or an HSM reached through
a PKCS#11 module (motcua.documents.token_signing); docs/signing.md. An agency (by its electronic identifier, mã định
danh) may have its own in `SIGNING_AGENCIES`; the others use the default key on the token when
`SIGNING_PKCS11_MODULE` is set, else the default file `SIGNING_PKCS12`. Passphrases and PINs come from the
environment. `create_demo_certificate` makes a self-signed one for demonstrations and tests only.
"""

import datetime
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers

from motcua.documents import token_signing
from motcua.documents.token_signing import TokenKey
from motcua.dossiers import errors
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.orgs.models import Agency

PDF = "application/pdf"
FIELD_NAME = "ChuKyCoQuan"


# No usable certificate for the agency, or the file cannot be signed (not a PDF, or one the signer cannot open).
SigningUnavailable = errors.SigningUnavailable


@dataclass(frozen=True)
class CertificateConfig:
    """A signing key and its certificate in a PKCS#12 file, and the file's passphrase."""

    pkcs12: Path
    passphrase: str


def default_certificate() -> CertificateConfig:
    """The certificate file used by agencies without their own when no PKCS#11 module is set (`SIGNING_PKCS12`,
    var/signing/agency.p12 by default)."""
    path = getattr(settings, "SIGNING_PKCS12", "") or settings.VAR_DIR / "signing" / "agency.p12"
    return CertificateConfig(Path(path), getattr(settings, "SIGNING_PASSPHRASE", ""))


def certificate_for(agency: Agency) -> CertificateConfig | TokenKey:
    """Where the agency's signing key is, decided here only: its own entry for its electronic identifier (a file,
    or a `pkcs11:` key on a token), else the default key on the token when a PKCS#11 module is set, else the
    default file."""
    agencies = getattr(settings, "SIGNING_AGENCIES", {}) or {}
    entry = agencies.get(agency.electronic_id) if agency.electronic_id else None
    module = settings.SIGNING_PKCS11_MODULE
    if entry and "pkcs11" in entry:
        return token_signing.from_uri(entry["pkcs11"], module=module, pin=entry.get("pin", ""))
    if entry:
        return CertificateConfig(Path(entry["pkcs12"]), entry.get("passphrase", ""))
    if module:
        return TokenKey(module, settings.SIGNING_PKCS11_TOKEN, settings.SIGNING_PKCS11_KEY, settings.SIGNING_PKCS11_PIN)
    return default_certificate()


@contextmanager
def _signer(config: CertificateConfig | TokenKey) -> Iterator[signers.Signer]:
    """A signer for the key while the PDF is signed: a token's session is closed after it."""
    if isinstance(config, TokenKey):
        with token_signing.open_signer(config) as signer:
            yield signer
    else:
        yield _file_signer(config)


def _file_signer(config: CertificateConfig) -> signers.SimpleSigner:
    if not config.pkcs12.is_file():
        raise SigningUnavailable(
            gettext("Chưa cấu hình chứng thư số để ký bản điện tử kết quả (không thấy tệp %(path)s).")
            % {"path": config.pkcs12.name}
        )
    signer = signers.SimpleSigner.load_pkcs12(
        str(config.pkcs12), passphrase=config.passphrase.encode() if config.passphrase else None
    )
    if signer is None:  # pyHanko logs the reason (wrong passphrase, damaged file) and returns None
        raise SigningUnavailable(gettext("Không mở được chứng thư số: sai mật khẩu hoặc tệp hỏng."))
    return signer


def sign_pdf(data: bytes, agency: Agency, *, reason: str = "") -> bytes:
    """The PDF with the agency's PAdES signature appended as an incremental update (the original bytes kept)."""
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        reason=reason or gettext("Bản điện tử kết quả giải quyết thủ tục hành chính"),
        location=agency.name,
        name=agency.name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    with _signer(certificate_for(agency)) as signer:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        output = signers.sign_pdf(writer, meta, signer=signer)
    return output.getvalue()


def _signed_name(document: DossierDocument) -> str:
    return f"dossiers/{document.dossier_id}/signed/{document.pk}-{Path(document.file.name).name}"


def signed_copy_names():
    """The names the signed copies of the result PDFs have or would have: files of a row for the orphan check
    (motcua.core.orphan_files), though no row names them."""
    results = DossierDocument.objects.filter(stage=DossierDocument.Stage.RESULT, content_type=PDF)
    for document in results.only("pk", "dossier_id", "file").iterator():
        yield _signed_name(document)


def _reason_for(dossier: Dossier) -> str:
    return gettext("Kết quả giải quyết hồ sơ %(code)s") % {"code": dossier}


def sign_document(document: DossierDocument) -> str | None:
    """Sign one result PDF with the competent agency's certificate and store the signed copy beside the original;
    the stored name, or None when it was signed already (the copy is never made twice)."""
    if document.stage != DossierDocument.Stage.RESULT or document.content_type != PDF:
        return None
    name = _signed_name(document)
    if default_storage.exists(name):
        return None
    with document.file.open("rb") as handle:
        original = handle.read()
    dossier = document.dossier
    try:
        signed = sign_pdf(original, dossier.competent_agency, reason=_reason_for(dossier))
    except SigningUnavailable:
        raise
    except (PdfError, KeyError, TypeError, ValueError) as error:
        # What pyHanko raises on a file it cannot read (the upload check catches these since issue 14; older files
        # may still hold them). Anything else is a fault of ours and must not be reported as a broken PDF.
        raise SigningUnavailable(
            gettext("Không ký số được tệp «%(name)s»: tệp PDF bị hỏng.") % {"name": document.name}
        ) from error
    default_storage.save(name, ContentFile(signed))
    return name


def sign_results(dossier: Dossier) -> list[dict]:
    """The lifecycle's result signer (motcua.dossiers.lifecycle.sign): every result PDF of the dossier not yet
    signed, signed now; what was signed, for the event's details."""
    done = []
    for document in dossier.documents.filter(stage=DossierDocument.Stage.RESULT, content_type=PDF).order_by("pk"):
        document.dossier = dossier  # the locked row, with its agency already read
        if sign_document(document):
            done.append({"document": document.pk, "name": document.name})
    return done


def is_signed(document: DossierDocument) -> bool:
    return default_storage.exists(_signed_name(document))


def signed_result(document: DossierDocument) -> bytes:
    """The signed electronic copy made when the result was issued (lifecycle.sign); never signs anything itself:
    a download is only a read."""
    if document.stage != DossierDocument.Stage.RESULT or document.content_type != PDF:
        raise SigningUnavailable(gettext("Chỉ kết quả dạng PDF mới được cấp bản điện tử có chữ ký số."))
    name = _signed_name(document)
    if not default_storage.exists(name):
        raise SigningUnavailable(
            gettext("Bản điện tử có chữ ký số của kết quả này chưa được lập; hãy liên hệ Bộ phận Một cửa.")
        )
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def create_demo_certificate(path: Path, *, common_name: str, organisation: str, passphrase: str = "") -> Path:
    """A self-signed signing certificate (RSA 2048, two years) in a PKCS#12 file: for demonstrations and tests
    only — a real agency uses the certificate its certification authority issued (docs/signing.md)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=730))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    encryption = (
        serialization.BestAvailableEncryption(passphrase.encode()) if passphrase else serialization.NoEncryption()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pkcs12.serialize_key_and_certificates(common_name.encode(), key, certificate, None, encryption))
    path.chmod(0o600)
    return path
