"""Files of a dossier: checked by size and by content (magic numbers, not the name the browser sends), stored
under a sanitised name through Django's storage (a local folder by default, S3-compatible in production)."""

from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
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
    stem = get_valid_filename(original.rsplit(".", 1)[0])[:80] or "tep"
    # The extension follows the content, so "anh.pdf" holding a JPEG is stored as a .jpg.
    return CheckedUpload(upload, f"{stem}.{ACCEPTED_TYPES[kind.mime]}", kind.mime, file.size)
