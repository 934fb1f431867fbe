"""Importing a catalog file, idempotent by code + version and all-or-nothing unless partial import is asked for.

Each record is checked first (schema.normalise), then planned against the database and the records before it:
- a new code, or a version number the catalog does not have yet, is created;
- content equal to what the catalog holds is unchanged;
- a draft version with different content is updated in place;
- a published version is history and is never edited: different content makes a new version (number + 1).
A new published version closes the open validity of the published version before it (valid_until = day before).
Rows are written with bulk_create, so the per-row audit of tracked models is bypassed; one audit entry sums up the
import instead (who, which file, the counts).
"""

import datetime
import json
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from motcua.catalog.models import (
    FeeItem,
    Field,
    LegalBasis,
    Procedure,
    ProcedureMethod,
    ProcedureResult,
    ProcedureVersion,
    PublicationDecision,
    RequiredDocument,
)
from motcua.catalog.public_cache import catalog_changed
from motcua.catalog.text import search_key
from motcua.core.audit import record as audit_record
from motcua.core.models import AuditEntry

from .exporter import version_to_record, versions_for_export
from .portal import from_portal, is_portal_shape
from .schema import FORMAT_NAME, FORMAT_VERSION, RecordRejected, normalise

CREATED, UPDATED, UNCHANGED, REJECTED = "created", "updated", "unchanged", "rejected"
OUTCOME_LABELS = {CREATED: "tạo mới", UPDATED: "cập nhật", UNCHANGED: "không đổi", REJECTED: "bị từ chối"}
PUBLISHED, DRAFT = ProcedureVersion.Status.PUBLISHED.value, ProcedureVersion.Status.DRAFT.value
BATCH = 1000
PROGRESS_EVERY = 1000


class CatalogFileError(ValueError):
    """The file as a whole is not a catalog file we can read."""


@dataclass
class Outcome:
    position: int  # 1-based, in file order
    code: str
    status: str
    version: int | None = None
    reasons: list[str] = field(default_factory=list)
    detail: str = ""


@dataclass
class ImportReport:
    source: str
    outcomes: list[Outcome]
    written: bool

    @property
    def counts(self) -> Counter:
        return Counter({key: 0 for key in OUTCOME_LABELS} | Counter(o.status for o in self.outcomes))

    @property
    def rejected(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == REJECTED]

    def summary(self) -> str:
        counts = self.counts
        parts = ", ".join(f"{counts[key]} {label}" for key, label in OUTCOME_LABELS.items())
        return f"{len(self.outcomes)} bản ghi: {parts}."


def read_records(data, *, status: str = DRAFT, valid_from: str | None = None) -> list:
    """The raw records of a parsed file: our format, or the national portal's list (read with the defaults given)."""
    if isinstance(data, dict) and data.get("format") == FORMAT_NAME:
        if data.get("format_version") != FORMAT_VERSION:
            raise CatalogFileError(
                f"Phiên bản định dạng «{data.get('format_version')}» chưa được hỗ trợ (hỗ trợ {FORMAT_VERSION})."
            )
        if not isinstance(data.get("procedures"), list):
            raise CatalogFileError("Tệp thiếu danh sách «procedures».")
        return data["procedures"]
    if is_portal_shape(data):
        return [from_portal(item, status=status, valid_from=valid_from) for item in data]
    raise CatalogFileError(
        f'Tệp không đúng định dạng danh mục: cần đối tượng có "format": "{FORMAT_NAME}" '
        "hoặc danh sách thủ tục theo mẫu Cổng Dịch vụ công quốc gia."
    )


def read_file(path) -> object:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except json.JSONDecodeError as error:
        raise CatalogFileError(f"Tệp không phải JSON hợp lệ (dòng {error.lineno}, cột {error.colno}).") from None
    except UnicodeDecodeError:
        raise CatalogFileError("Tệp phải mã hóa UTF-8.") from None


def _without(record: dict, *keys: str) -> dict:
    return {k: v for k, v in record.items() if k not in keys}


@dataclass
class _Slot:
    """One version of a procedure as the plan sees it: in the database (pk) or to be created by this import."""

    record: dict
    pk: int | None = None


@dataclass
class _Plan:
    creates: list[tuple[str, int, dict]] = field(default_factory=list)
    updates: list[tuple[int, dict]] = field(default_factory=list)
    closes: dict[int, str] = field(default_factory=dict)


class _Planner:
    def __init__(self, existing: dict[str, dict[int, _Slot]]):
        self.state = existing
        self.plan = _Plan()

    def _same(self, slot: _Slot, record: dict, superseded: bool) -> bool:
        ignored = ["version"]
        if superseded:
            ignored.append("valid_until")  # set by the import or publication that superseded it
        if slot.record["status"] == PUBLISHED and record["status"] == DRAFT:
            ignored.append("status")  # a published version cannot be taken back to draft
        return _without(slot.record, *ignored) == _without(record, *ignored)

    def _publish_guard(self, code: str, number: int, record: dict) -> str:
        """Close the open version this one supersedes; fall back to a draft when validity periods would overlap."""
        if record["status"] != PUBLISHED:
            return ""
        start, end = record["valid_from"], record["valid_until"] or "9999-12-31"
        to_close = []
        for other_number, slot in self.state.get(code, {}).items():
            other = slot.record
            if other_number == number or other["status"] != PUBLISHED:
                continue
            other_start = other["valid_from"] or "0001-01-01"  # published by hand without a date: open since ever
            if other["valid_until"] is None and other_start < start:
                to_close.append(slot)
            elif other_start <= end and start <= (other["valid_until"] or "9999-12-31"):
                record["status"] = DRAFT
                return (
                    f"ghi thành dự thảo vì thời gian hiệu lực trùng với phiên bản {other_number} đã công bố; "
                    "cần xem xét rồi công bố"
                )
        day_before = (datetime.date.fromisoformat(start) - datetime.timedelta(days=1)).isoformat()
        for slot in to_close:
            slot.record = {**slot.record, "valid_until": day_before}
            if slot.pk is not None:
                self.plan.closes[slot.pk] = day_before
        return ""

    def _create(self, code: str, number: int, record: dict) -> str:
        record = {**record, "version": number}
        note = self._publish_guard(code, number, record)
        self.state.setdefault(code, {})[number] = _Slot(record)
        self.plan.creates.append((code, number, record))
        return note

    def place(self, record: dict, position: int) -> Outcome:
        code, number = record["code"], record["version"]
        versions = self.state.get(code, {})
        if not versions or (number is not None and number not in versions):
            number = number or 1
            note = self._create(code, number, record)
            return Outcome(position, code, CREATED, number, detail=note)
        latest = max(versions)
        target_number = number or latest
        target = versions[target_number]
        if self._same(target, record, superseded=target_number != latest):
            return Outcome(position, code, UNCHANGED, target_number)
        if target.record["status"] == DRAFT:
            updated = {**record, "version": target_number}
            note = self._publish_guard(code, target_number, updated)
            target.record = updated
            if target.pk is None:
                self._replace_pending(code, target_number, updated)
            else:
                self.plan.updates.append((target.pk, updated))
            return Outcome(position, code, UPDATED, target_number, detail=note)
        if target_number != latest and self._same(
            versions[latest], {**record, "status": versions[latest].record["status"]}, True
        ):
            return Outcome(position, code, UNCHANGED, latest, detail=f"đã có ở phiên bản {latest}")
        new_number = latest + 1
        note = self._create(code, new_number, record)
        kept = f"tạo phiên bản {new_number}; phiên bản {target_number} đã công bố được giữ nguyên"
        return Outcome(position, code, UPDATED, new_number, detail="; ".join(filter(None, [kept, note])))

    def _replace_pending(self, code: str, number: int, record: dict) -> None:
        self.plan.creates = [(c, n, record if (c, n) == (code, number) else r) for c, n, r in self.plan.creates]


def _chunks(items: list, size: int = 500):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing(codes: list[str]) -> dict[str, dict[int, _Slot]]:
    state: dict[str, dict[int, _Slot]] = defaultdict(dict)
    for chunk in _chunks(codes):
        for version in versions_for_export(ProcedureVersion.objects.filter(procedure__code__in=chunk)):
            state[version.procedure.code][version.number] = _Slot(version_to_record(version), version.pk)
    return state


def _version_values(record: dict) -> dict:
    agencies = record["agencies"]
    return {
        "status": record["status"],
        "valid_from": record["valid_from"],
        "valid_until": record["valid_until"],
        "name": record["name"],
        "kind": record["kind"],
        "levels": record["levels"],
        "implementing_agencies": agencies["implementing"],
        "competent_agencies": agencies["competent"],
        "receiving_agencies": agencies["receiving"],
        "coordinating_agencies": agencies["coordinating"],
        "steps": record["steps"],
        "applicants": record["applicants"],
        "requirements": record["requirements"],
        "results_description": record["results_description"],
        "online_level": record["online_level"],
        "legacy_online_level": record["legacy_online_level"],
        "boundary_free": record["boundary_free"],
        "fee_exempt": record["fee_exempt"],
        "notes": record["notes"],
        "source_url": record["source_url"],
        "search_text": search_key(record["code"], record["name"]),  # bulk_create skips save()
    }


def _children(version: ProcedureVersion, record: dict) -> dict[type, list]:
    def method(order, m):
        time = m["time"] or {}
        amount = time.get("amount")
        cutoff = time.get("cutoff")
        return ProcedureMethod(
            version=version,
            order=order,
            channel=m["channel"],
            time_amount=None if amount is None else Decimal(str(amount)),
            time_unit=time.get("unit") or "",
            cutoff=datetime.time.fromisoformat(cutoff) if cutoff else None,
            time_text=m["time_text"],
            fee_text=m["fee_text"],
            description=m["description"],
        )

    children = {
        ProcedureMethod: [method(i, m) for i, m in enumerate(record["methods"])],
        RequiredDocument: [
            RequiredDocument(
                version=version,
                order=i,
                group=d["group"],
                name=d["name"],
                originals=d["originals"],
                copies=d["copies"],
                copies_text=d["copies_text"],
                required=d["required"],
                form_name=d["form"],
            )
            for i, d in enumerate(record["documents"])
        ],
        FeeItem: [FeeItem(version=version, order=i, **f) for i, f in enumerate(record["fees"])],
        LegalBasis: [LegalBasis(version=version, order=i, **b) for i, b in enumerate(record["legal_basis"])],
        ProcedureResult: [ProcedureResult(version=version, order=i, **r) for i, r in enumerate(record["results"])],
        PublicationDecision: [],
    }
    if record["publication_decision"]:
        children[PublicationDecision].append(PublicationDecision(version=version, **record["publication_decision"]))
    return children


def _fields(records: list[dict]) -> dict[str, Field]:
    """Fields by name, created when missing; a code or sector given in the file fills or corrects the field."""
    wanted: dict[str, dict] = {}
    for record in records:
        entry = wanted.setdefault(record["field"]["name"], {"code": "", "sector": ""})
        for key in ("code", "sector"):
            entry[key] = record["field"][key] or entry[key]
    known = {f.name: f for chunk in _chunks(list(wanted)) for f in Field.objects.filter(name__in=chunk)}
    Field.objects.bulk_create(
        [Field(name=name, **values) for name, values in wanted.items() if name not in known], batch_size=BATCH
    )
    changed = []
    for name, values in wanted.items():
        if name in known:
            current = known[name]
            new = {k: v or getattr(current, k) for k, v in values.items()}
            if any(getattr(current, k) != v for k, v in new.items()):
                for k, v in new.items():
                    setattr(current, k, v)
                changed.append(current)
    Field.objects.bulk_update(changed, ["code", "sector"])
    return {f.name: f for chunk in _chunks(list(wanted)) for f in Field.objects.filter(name__in=chunk)}


def _write(plan: _Plan, actor, progress: Callable[[str], None]) -> None:
    records = [r for _, _, r in plan.creates] + [r for _, r in plan.updates]
    fields = _fields(records)
    codes = sorted({code for code, _, _ in plan.creates})
    procedures = {p.code: p for chunk in _chunks(codes) for p in Procedure.objects.filter(code__in=chunk)}
    Procedure.objects.bulk_create([Procedure(code=c) for c in codes if c not in procedures], batch_size=BATCH)
    procedures = {p.code: p for chunk in _chunks(codes) for p in Procedure.objects.filter(code__in=chunk)}

    created_by = actor if getattr(actor, "is_authenticated", False) else None
    new_versions = [
        ProcedureVersion(
            procedure=procedures[code],
            number=number,
            field=fields[record["field"]["name"]],
            created_by=created_by,
            **_version_values(record),
        )
        for code, number, record in plan.creates
    ]
    progress(f"Ghi {len(new_versions)} phiên bản mới…")
    ProcedureVersion.objects.bulk_create(new_versions, batch_size=BATCH)

    updated = ProcedureVersion.objects.in_bulk([pk for pk, _ in plan.updates])
    for pk, record in plan.updates:
        version = updated[pk]
        for name, value in _version_values(record).items():
            setattr(version, name, value)
        version.field = fields[record["field"]["name"]]
    if updated:
        names = [*_version_values(plan.updates[0][1]), "field"]
        ProcedureVersion.objects.bulk_update(list(updated.values()), names, batch_size=BATCH)
    for model in (ProcedureMethod, RequiredDocument, FeeItem, LegalBasis, ProcedureResult, PublicationDecision):
        for chunk in _chunks(list(updated)):
            model.objects.filter(version_id__in=chunk).delete()
    for pk, valid_until in plan.closes.items():
        ProcedureVersion.objects.filter(pk=pk).update(valid_until=valid_until)

    pending: dict[type, list] = defaultdict(list)
    targets = [(v, r) for v, (_, _, r) in zip(new_versions, plan.creates, strict=True)]
    targets += [(updated[pk], r) for pk, r in plan.updates]
    for version, record in targets:
        for model, rows in _children(version, record).items():
            pending[model].extend(rows)
    progress("Ghi thành phần hồ sơ, cách thức, phí, căn cứ pháp lý, kết quả…")
    for model, rows in pending.items():
        model.objects.bulk_create(rows, batch_size=BATCH)


def import_records(
    raw_records: list,
    *,
    partial: bool = False,
    actor=None,
    source: str = "",
    progress: Callable[[str], None] = lambda _message: None,
) -> ImportReport:
    """Check, plan and (unless something is rejected and `partial` is False) write the records."""
    outcomes: list[Outcome] = []
    accepted: list[tuple[int, dict]] = []
    first_seen: dict[tuple, int] = {}
    total = len(raw_records)
    for position, raw in enumerate(raw_records, 1):
        code = str(raw.get("code") or "") if isinstance(raw, dict) else ""
        try:
            record = normalise(raw)
        except RecordRejected as rejection:
            outcomes.append(Outcome(position, code, REJECTED, reasons=rejection.reasons))
            continue
        key = (record["code"], record["version"])
        if key in first_seen:
            where = f" (phiên bản {record['version']})" if record["version"] else ""
            reason = f"Trùng mã thủ tục {record['code']}{where} với bản ghi thứ {first_seen[key]} trong tệp."
            outcomes.append(Outcome(position, code, REJECTED, record["version"], reasons=[reason]))
            continue
        first_seen[key] = position
        accepted.append((position, record))
        if position % PROGRESS_EVERY == 0:
            progress(f"Đã kiểm tra {position}/{total} bản ghi…")

    planner = _Planner(_existing(sorted({r["code"] for _, r in accepted})))
    # Explicit version numbers in ascending order, so that a history file closes each version by the next one.
    for position, record in sorted(accepted, key=lambda item: (item[1]["code"], item[1]["version"] or 0, item[0])):
        outcomes.append(planner.place(record, position))
    outcomes.sort(key=lambda o: o.position)

    report = ImportReport(source, outcomes, written=False)
    if report.rejected and not partial:
        return report
    plan = planner.plan
    if not (plan.creates or plan.updates or plan.closes):
        report.written = True  # nothing to write: the catalog already holds the file's content
        return report
    with transaction.atomic():
        _write(plan, actor, progress)
        catalog_changed()  # bulk_create sends no signal: the public pages' cached parts are renewed here
        counts = report.counts
        audit_record(
            AuditEntry.Action.IMPORT,
            object_type=ProcedureVersion._meta.label,
            object_label=f"Nhập danh mục thủ tục từ tệp {source or '(không tên)'}: {report.summary()}",
            changes={"tệp": source, **{OUTCOME_LABELS[key]: counts[key] for key in OUTCOME_LABELS}},
            actor=actor,
        )
    report.written = True
    return report


def import_data(data, *, status: str = DRAFT, valid_from: str | None = None, **options) -> ImportReport:
    """Import a parsed file (our format or the portal's list); see import_records for the options."""
    return import_records(read_records(data, status=status, valid_from=valid_from), **options)
