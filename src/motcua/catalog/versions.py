"""Versioning and publishing procedures (công bố thủ tục hành chính): the only writer of ProcedureVersion.

A published version is never edited: a change is a new draft that copies the latest version with all its
components, and becomes the version in force when its publication decision (quyết định công bố) takes effect.
The version it replaces then stays valid until the day before. An abolished procedure (bãi bỏ) keeps its versions
for history; a dossier keeps the version it was received under.

`search_text` (what both databases search) is derived by ProcedureVersion.save().
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext

from motcua.catalog.models import (
    FeeItem,
    LegalBasis,
    Procedure,
    ProcedureMethod,
    ProcedureResult,
    ProcedureVersion,
    PublicationDecision,
    RequiredDocument,
)
from motcua.catalog.permissions import check_catalog_editor
from motcua.core.audit import diff, field_values, record
from motcua.core.models import AuditEntry

# The components of a version held in child rows, copied into each new version.
CHILD_MODELS = (ProcedureMethod, RequiredDocument, FeeItem, LegalBasis, ProcedureResult)
ONE_DAY = datetime.timedelta(days=1)


def in_force_filter(on: datetime.date, prefix: str = "") -> Q:
    """Versions published and valid on `on`; `prefix` is a path to a version (e.g. "version__")."""
    return Q(**{f"{prefix}status": ProcedureVersion.Status.PUBLISHED, f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": on})
    )


def version_in_force(procedure: Procedure, on: datetime.date | None = None) -> ProcedureVersion | None:
    """The version a dossier received on `on` (default today) is handled under; None if none was in force."""
    on = on or datetime.date.today()
    return procedure.versions.filter(in_force_filter(on)).order_by("-number").first()


# The components of published versions, read once per process: a published version is never edited. Keyed by
# the creation instant as well as the id, so an id used again (SQLite after a rollback) is never mistaken for it.
_published_components: dict[tuple, tuple[tuple[RequiredDocument, ...], tuple[FeeItem, ...]]] = {}
COMPONENTS_CACHE_SIZE = 2048


def components(version: ProcedureVersion) -> tuple[tuple[RequiredDocument, ...], tuple[FeeItem, ...]]:
    """The required documents (thành phần hồ sơ) and fee items (phí, lệ phí) of a version, each in its order:
    from memory for a published version after the first read, from the database for a draft."""
    key = (version.pk, version.created_at)
    found = _published_components.get(key) if version.status == ProcedureVersion.Status.PUBLISHED else None
    if found is None:
        # Ordered within the version only: the default ordering joins the version and procedure tables.
        found = (
            tuple(RequiredDocument.objects.filter(version_id=version.pk).order_by("order", "pk")),
            tuple(FeeItem.objects.filter(version_id=version.pk).order_by("order", "pk")),
        )
        if version.status == ProcedureVersion.Status.PUBLISHED:
            if len(_published_components) >= COMPONENTS_CACHE_SIZE:
                _published_components.clear()
            _published_components[key] = found
    return found


def latest_published(procedure: Procedure) -> ProcedureVersion | None:
    return procedure.versions.filter(status=ProcedureVersion.Status.PUBLISHED).order_by("-number").first()


def open_draft(procedure: Procedure) -> ProcedureVersion | None:
    return procedure.versions.filter(status=ProcedureVersion.Status.DRAFT).order_by("-number").first()


def _check_not_abolished(procedure: Procedure) -> None:
    if procedure.abolished_on is not None:
        raise ValidationError(
            gettext("Thủ tục %(code)s đã bị bãi bỏ từ ngày %(date)s; không sửa được nữa.")
            % {"code": procedure.code, "date": f"{procedure.abolished_on:%d/%m/%Y}"}
        )


# -- child rows and their audit ---------------------------------------------------------------------------------


def _children(version: ProcedureVersion) -> dict[tuple[str, int], tuple[object, dict]]:
    if version.pk is None:
        return {}
    rows = {}
    for model in CHILD_MODELS:
        for row in model.objects.filter(version=version):
            rows[(model._meta.label, row.pk)] = (row, field_values(row))
    return rows


def _record_child_changes(before: dict, after: dict) -> None:
    """One audit entry per child row created, changed or deleted (the child models are not tracked themselves)."""
    for key, (row, values) in after.items():
        if key not in before:
            record(AuditEntry.Action.CREATE, row, changes=diff({}, values))
        elif changes := diff(before[key][1], values):
            record(AuditEntry.Action.UPDATE, row, changes=changes)
    for key, (row, values) in before.items():
        if key not in after:
            record(AuditEntry.Action.DELETE, row, changes=diff(values, {}))


def _copy_children(source: ProcedureVersion, target: ProcedureVersion) -> None:
    for model in CHILD_MODELS:
        copies = []
        for row in model.objects.filter(version=source).order_by("order", "pk"):
            row.pk = None
            row.version = target
            copies.append(row)
        model.objects.bulk_create(copies)


# -- drafts ------------------------------------------------------------------------------------------------------


def _save_version(version: ProcedureVersion, save_children) -> ProcedureVersion:
    version.full_clean(exclude=["procedure", "number"])
    before = _children(version)
    version.save()
    if save_children is not None:
        save_children(version)
        _record_child_changes(before, _children(version))
    return version


def create_procedure(user, code: str, draft: ProcedureVersion, save_children=None) -> ProcedureVersion:
    """A new procedure with its first version as a draft. `save_children(version)` writes the child rows."""
    check_catalog_editor(user)
    code = code.strip()
    if not code:
        raise ValidationError({"code": gettext("Hãy nhập mã thủ tục.")})
    if Procedure.objects.filter(code=code).exists():
        message = gettext("Mã thủ tục %(code)s đã có trong danh mục; hãy tạo phiên bản mới của nó.")
        raise ValidationError({"code": message % {"code": code}})
    with transaction.atomic():
        procedure = Procedure.objects.create(code=code)
        record(AuditEntry.Action.CREATE, procedure, changes=diff({}, field_values(procedure)))
        draft.procedure = procedure
        draft.number = 1
        draft.status = ProcedureVersion.Status.DRAFT
        draft.created_by = user
        return _save_version(draft, save_children)


def new_draft(user, procedure: Procedure) -> ProcedureVersion:
    """A new draft version copying the latest version and all its components (the way to change a procedure)."""
    check_catalog_editor(user)
    _check_not_abolished(procedure)
    if draft := open_draft(procedure):
        raise ValidationError(
            gettext("Thủ tục %(code)s đang có bản dự thảo (phiên bản %(number)s); hãy sửa bản đó.")
            % {"code": procedure.code, "number": draft.number}
        )
    with transaction.atomic():
        source = procedure.versions.select_for_update().order_by("-number").first()
        version = ProcedureVersion.objects.get(pk=source.pk)
        version.pk = None
        version.number = source.number + 1
        version.status = ProcedureVersion.Status.DRAFT
        version.valid_from = version.valid_until = None
        version.created_by = user
        version.save()
        _copy_children(source, version)
    return version


def save_draft(user, draft: ProcedureVersion, save_children=None) -> ProcedureVersion:
    """Save the edited fields of a draft (and its child rows through `save_children(version)`)."""
    check_catalog_editor(user)
    stored = ProcedureVersion.objects.select_related("procedure").get(pk=draft.pk)
    if stored.status != ProcedureVersion.Status.DRAFT:
        raise ValidationError(
            gettext("Phiên bản đã công bố không được sửa; hãy tạo phiên bản mới, sửa rồi công bố phiên bản đó.")
        )
    _check_not_abolished(stored.procedure)
    with transaction.atomic():
        return _save_version(draft, save_children)


def delete_draft(user, draft: ProcedureVersion) -> None:
    """Discard a draft; the procedure itself goes too when the draft was its only version."""
    check_catalog_editor(user)
    if draft.status != ProcedureVersion.Status.DRAFT:
        raise ValidationError(gettext("Chỉ xóa được bản dự thảo; phiên bản đã công bố được giữ lại để tra cứu."))
    if draft.processes.exists():
        raise ValidationError(
            gettext("Bản dự thảo đã có quy trình nội bộ của cơ quan; hãy xóa các quy trình đó trước.")
        )
    procedure = draft.procedure
    with transaction.atomic():
        _record_child_changes(_children(draft), {})
        draft.delete()
        if not procedure.versions.exists():
            record(AuditEntry.Action.DELETE, procedure, changes=diff(field_values(procedure), {}))
            procedure.delete()


# -- publication and abolition -----------------------------------------------------------------------------------


def publish(
    user,
    draft: ProcedureVersion,
    *,
    number: str,
    effective_on: datetime.date,
    signed_on: datetime.date | None = None,
    signer: str = "",
    issuer: str = "",
) -> ProcedureVersion:
    """Publish a draft by its decision (quyết định công bố): in force from `effective_on`; the version it replaces
    stays valid until the day before."""
    check_catalog_editor(user)
    with transaction.atomic():
        draft = ProcedureVersion.objects.select_for_update().select_related("procedure").get(pk=draft.pk)
        procedure = draft.procedure
        if draft.status != ProcedureVersion.Status.DRAFT:
            raise ValidationError(gettext("Phiên bản %(number)s đã được công bố rồi.") % {"number": draft.number})
        _check_not_abolished(procedure)
        _check_publishable(draft, number=number, effective_on=effective_on, signed_on=signed_on)
        previous = latest_published(procedure)
        if previous is not None:
            if previous.valid_from is not None and effective_on <= previous.valid_from:
                raise ValidationError(
                    {
                        "effective_on": gettext(
                            "Ngày có hiệu lực phải sau ngày %(date)s, "
                            "ngày phiên bản %(number)s đang áp dụng bắt đầu có hiệu lực."
                        )
                        % {"date": f"{previous.valid_from:%d/%m/%Y}", "number": previous.number}
                    }
                )
            if previous.valid_until is None or previous.valid_until >= effective_on:
                previous.valid_until = effective_on - ONE_DAY
                previous.save(update_fields=["valid_until"])
        PublicationDecision.objects.create(
            version=draft,
            number=number.strip(),
            signed_on=signed_on,
            signer=signer,
            issuer=issuer,
            effective_on=effective_on,
        )
        draft.status = ProcedureVersion.Status.PUBLISHED
        draft.valid_from = effective_on
        draft.valid_until = None
        draft.save()
    return draft


def _check_publishable(draft, *, number: str, effective_on, signed_on) -> None:
    errors = {}
    if not (number or "").strip():
        errors["number"] = gettext("Hãy nhập số quyết định công bố.")
    if effective_on is None:
        errors["effective_on"] = gettext("Hãy nhập ngày quyết định công bố có hiệu lực.")
    if signed_on and effective_on and signed_on > effective_on:
        errors["signed_on"] = gettext("Ngày ký không được sau ngày có hiệu lực.")
    if errors:
        raise ValidationError(errors)
    methods = list(draft.methods.all())
    if not any(method.duration is not None for method in methods):
        raise ValidationError(
            gettext(
                "Chưa công bố được: phải có ít nhất một cách thức thực hiện ghi thời hạn giải quyết có cấu trúc "
                "(số lượng và đơn vị, hoặc «trong ngày»), để hệ thống tính được hạn xử lý hồ sơ."
            )
        )


def abolish(user, procedure: Procedure, abolished_on: datetime.date, decision: str = "") -> Procedure:
    """Abolish a procedure (bãi bỏ) from `abolished_on` by `decision` (the decision that abolishes it, Decree
    63/2010): the version in force stays valid until the day before and every version stays for history."""
    check_catalog_editor(user)
    with transaction.atomic():
        procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
        _check_not_abolished(procedure)
        current = latest_published(procedure)
        if current is None:
            raise ValidationError(gettext("Thủ tục chưa từng được công bố; hãy xóa bản dự thảo thay vì bãi bỏ."))
        if current.valid_from is not None and abolished_on <= current.valid_from:
            raise ValidationError(
                {
                    "abolished_on": gettext(
                        "Ngày bãi bỏ phải sau ngày %(date)s, ngày phiên bản %(number)s có hiệu lực."
                    )
                    % {"date": f"{current.valid_from:%d/%m/%Y}", "number": current.number}
                }
            )
        before = field_values(procedure)
        procedure.abolished_on = abolished_on
        procedure.abolition_decision = decision
        procedure.save(update_fields=["abolished_on", "abolition_decision"])
        record(AuditEntry.Action.UPDATE, procedure, changes=diff(before, field_values(procedure)))
        if current.valid_until is None or current.valid_until >= abolished_on:
            current.valid_until = abolished_on - ONE_DAY
            current.save(update_fields=["valid_until"])
    return procedure
