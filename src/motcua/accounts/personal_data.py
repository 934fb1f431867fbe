"""Who sees an applicant's identity and phone numbers in full, and the log of who read them (xử lý dữ liệu cá nhân
theo nhu cầu công việc; Law 91/2025/QH15, Decree 356/2025/NĐ-CP Art. 3: identity and phone numbers are basic
personal data).

In full: the applicant, and the staff whose task on the record needs them — the receiving officer, the specialist
and the leader of an agency that received the dossier or resolves it. Masked (0011******77): inspectors, agency
and system administrators, and consulted or participating agencies; each of them may show one record in full for
PERSONAL_DATA_REVEAL_MINUTES with "Hiện thông tin", which is audited with its optional reason.

Each view of a record's personal data, and each download of one of its files, is an audit entry naming who, when,
which record and which file, never the data; one request writes at most one entry per record and file, however
many times the page shows the numbers.
"""

from collections.abc import Iterable

from motcua.accounts.models import Role, RoleAssignment
from motcua.core import masking
from motcua.core.audit import record
from motcua.core.models import AuditEntry

# The roles whose own work on a dossier of their agency needs the applicant's numbers.
TASK_ROLES = (Role.RECEIVING_OFFICER, Role.SPECIALIST, Role.LEADER)
# Remembered on the request: the (record, file) pairs already logged while answering it.
_LOGGED = "_personal_data_logged"


def reveal_key(instance) -> str:
    return f"{instance._meta.label_lower}:{instance.pk}"


def task_needs_numbers(user, agency_ids: Iterable[int | None]) -> bool:
    """Whether `user`'s task on a record handled by `agency_ids` needs its identity and phone numbers."""
    if getattr(user, "is_applicant", False):
        return True  # their own record: the scope module lets nobody else's through
    ids = [pk for pk in agency_ids if pk is not None]
    return bool(ids) and RoleAssignment.objects.filter(user_id=user.pk, role__in=TASK_ROLES, agency_id__in=ids).exists()


def shows_in_full(request, instance, agency_ids: Iterable[int | None]) -> bool:
    """Numbers in full for this request: the task needs them, or the user showed this record a moment ago."""
    return task_needs_numbers(request.user, agency_ids) or masking.is_revealed(request.session, reveal_key(instance))


def reveal(request, instance, *, reason: str = "") -> AuditEntry:
    """ "Hiện thông tin": show `instance` in full to this user for a while; the audit entry keeps the reason."""
    masking.reveal(request.session, reveal_key(instance))
    return record(
        AuditEntry.Action.PERSONAL_REVEAL,
        instance,
        object_label=_label(instance),
        changes={"reason": reason.strip()[:500]} if reason.strip() else {},
    )


def log_read(request, instance, *, document=None) -> AuditEntry | None:
    """Audit that `request` shows `instance`'s personal data (or sends `document`, one of its files); once per
    request for each record and file."""
    key = (reveal_key(instance), document.pk if document is not None else None)
    logged = getattr(request, _LOGGED, None)
    if logged is None:
        logged = set()
        setattr(request, _LOGGED, logged)
    if key in logged:
        return None
    logged.add(key)
    changes = {"document": str(document.pk)} if document is not None else {}
    return record(AuditEntry.Action.PERSONAL_READ, instance, object_label=_label(instance), changes=changes)


def _label(instance) -> str:
    # A dossier is named by its code, never by its applicant: the audit log holds no personal data itself.
    return str(getattr(instance, "code", "") or instance.pk)
