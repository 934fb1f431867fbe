"""Files of a dossier: checked by size and by content (magic numbers, not the name the browser sends), stored
under a sanitised name through Django's storage (a local folder by default, S3-compatible in production)."""

import io
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext

# What the desk and citizens send: scans and photos, PDFs, and the Word or Excel forms some procedures ask for.
ACCEPTED_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/tiff": "tif",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
ACCEPTED_LABEL = "PDF, JPG, PNG, TIFF, DOCX, XLSX"


@dataclass(frozen=True)
class Upload:
    """A file sent for one component of the dossier (thành phần hồ sơ); `is_scan` marks scanned paper."""

    file: UploadedFile
    requirement_id: int | None = None
    is_scan: bool = False


@dataclass(frozen=True)
class CheckedUpload:
    upload: Upload
    name: str
    content_type: str
    size: int


def _stem(name: str) -> str:
    """The part of a file name kept in storage: safe characters only; "tep" when nothing is left (".htaccess",
    "..", a name of punctuation), which Django refuses to derive a name from."""
    try:
        return get_valid_filename(name.rsplit(".", 1)[0])[:80] or "tep"
    except SuspiciousFileOperation:
        return "tep"


def check(upload: Upload) -> CheckedUpload:
    """Raise a ValidationError naming the file when it is too large, empty or of a type we do not accept."""
    file = upload.file
    original = file.name or "tep"
    limit = settings.UPLOAD_MAX_MB * 1024 * 1024
    if not file.size:
        raise ValidationError(gettext("Tệp «%(name)s» rỗng.") % {"name": original})
    if file.size > limit:
        raise ValidationError(
            gettext("Tệp «%(name)s» lớn hơn %(limit)s MB cho phép.")
            % {"name": original, "limit": settings.UPLOAD_MAX_MB}
        )
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ACCEPTED_TYPES:
        raise ValidationError(
            gettext("Tệp «%(name)s» không đúng định dạng cho phép (%(types)s).")
            % {"name": original, "types": ACCEPTED_LABEL}
        )
    stem = _stem(original)
    # The extension follows the content, so "anh.pdf" holding a JPEG is stored as a .jpg.
    return CheckedUpload(upload, f"{stem}.{ACCEPTED_TYPES[kind.mime]}", kind.mime, file.size)


PDF = "application/pdf"


def check_result_pdf(checked: CheckedUpload) -> None:
    """A result PDF must be one the signer can open (pyHanko, as motcua.documents.signing does): a file that only
    starts like a PDF (truncated, no cross-reference table, encrypted) is refused now, beside the upload field,
    instead of failing when the applicant downloads the signed copy."""
    if checked.content_type != PDF:
        return
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # heavy; only for result uploads

    file = checked.upload.file
    file.seek(0)
    data = file.read()
    file.seek(0)
    refusal = gettext(
        "Tệp «%(name)s» không phải tệp PDF hoàn chỉnh (bị hỏng, thiếu phần cuối hoặc có mật khẩu) nên không ký số "
        "được. Hãy xuất lại tệp PDF từ phần mềm soạn thảo rồi tải lên lại."
    ) % {"name": file.name or checked.name}
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        if writer.prev.encrypted:
            raise ValidationError(refusal)
        pages = writer.root["/Pages"]
        if int(pages["/Count"]) < 1:
            raise ValidationError(refusal)
    except ValidationError:
        raise
    except Exception as error:  # pyHanko raises several kinds (PdfReadError, KeyError, TypeError) on a bad file
        raise ValidationError(refusal) from error
