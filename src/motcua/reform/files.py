"""Evidence files of reform records (tài liệu kiểm chứng), checked like dossier files (motcua.dossiers.uploads)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from motcua.dossiers.uploads import Upload, check

MAX_FILES = 10


def checked(files) -> list:
    """Every file checked first, so one bad file refuses the whole report and nothing is half saved."""
    files = list(files or [])
    if len(files) > MAX_FILES:
        raise ValidationError({"files": gettext("Gửi tối đa %(count)s tệp mỗi lần.") % {"count": MAX_FILES}})
    errors, result = [], []
    for file in files:
        try:
            result.append(check(Upload(file)))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"files": errors})
    return result


def save_all(model, owner: dict, checked_files: list, user, at) -> list:
    saved = []
    for item in checked_files:
        record = model(
            **owner,
            name=item.name,
            content_type=item.content_type,
            size=item.size,
            uploaded_by=user,
            uploaded_at=at,
        )
        record.file.save(item.name, item.upload.file, save=False)
        record.save()
        saved.append(record)
    return saved
