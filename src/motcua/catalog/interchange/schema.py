"""The catalog interchange format, version 1: checking a record and bringing it to its canonical form.

The canonical form is what the exporter writes: every key present, text as "" rather than null, times as
{amount, unit, cutoff}. Two records with the same content have equal canonical forms, which is how the importer
decides that a record is unchanged. Every problem found is reported in Vietnamese; nothing is guessed.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from motcua.catalog.models import (
    LEGACY_ONLINE_LEVELS,
    Channel,
    FeeItem,
    Field,
    LegalBasis,
    Level,
    OnlineLevel,
    ProcedureMethod,
    ProcedureResult,
    ProcedureVersion,
    PublicationDecision,
    RequiredDocument,
    TimeUnit,
)

FORMAT_NAME = "motcua-catalog"
FORMAT_VERSION = 1

CODE_RE = re.compile(r"^\S{1,40}$")
TIMED_UNITS = {TimeUnit.WORKING_DAYS, TimeUnit.WORKING_HOURS, TimeUnit.CALENDAR_DAYS}
DEFAULT_CUTOFF = "15:00"

RECORD_KEYS = {
    "code",
    "version",
    "status",
    "valid_from",
    "valid_until",
    "name",
    "field",
    "kind",
    "levels",
    "agencies",
    "steps",
    "applicants",
    "requirements",
    "results_description",
    "online_level",
    "legacy_online_level",
    "boundary_free",
    "fee_exempt",
    "methods",
    "documents",
    "fees",
    "legal_basis",
    "results",
    "publication_decision",
    "notes",
    "source_url",
}
AGENCY_KEYS = ("implementing", "competent", "receiving", "coordinating")


class RecordRejected(Exception):
    """The record cannot be imported; `reasons` says why, in Vietnamese."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def max_length(model, field_name: str) -> int | None:
    return model._meta.get_field(field_name).max_length


class _Checker:
    """Collects every problem of one record instead of stopping at the first."""

    def __init__(self):
        self.reasons: list[str] = []

    def fail(self, reason: str) -> None:
        self.reasons.append(reason)

    def text(self, value, label: str, *, model=None, field_name: str = "", required: bool = False) -> str:
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.fail(f"«{label}» phải là chuỗi ký tự.")
            return ""
        value = value.strip()
        if required and not value:
            self.fail(f"Thiếu {label}.")
        limit = max_length(model, field_name) if model is not None else None
        if limit is not None and len(value) > limit:
            self.fail(f"«{label}» quá dài: {len(value)} ký tự, tối đa {limit}.")
        return value

    def date(self, value, label: str) -> str | None:
        if value in (None, ""):
            return None
        try:
            return datetime.date.fromisoformat(_as_text(value)).isoformat()
        except ValueError:
            self.fail(f"Ngày «{value}» ở mục {label} không hợp lệ (định dạng YYYY-MM-DD).")
            return None

    def flag(self, value, label: str) -> bool:
        if value is None:
            return False
        if not isinstance(value, bool):
            self.fail(f"«{label}» phải là true hoặc false.")
            return False
        return value

    def count(self, value, label: str) -> int:
        if value is None:
            return 0
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.fail(f"«{label}» phải là số nguyên không âm, không phải «{value}».")
            return 0
        return value

    def items(self, value, label: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(f"«{label}» phải là một danh sách.")
            return []
        good = [item for item in value if isinstance(item, dict)]
        if len(good) != len(value):
            self.fail(f"Mỗi mục trong «{label}» phải là một đối tượng JSON.")
        return good

    def unknown_keys(self, item: dict, allowed, where: str) -> None:
        extra = sorted(set(item) - set(allowed))
        if extra:
            self.fail(f"Trường không được hỗ trợ ở {where}: {', '.join(extra)}.")


def _as_text(value) -> str:
    """The value if it is text; other JSON types are as invalid as malformed text."""
    if not isinstance(value, str):
        raise ValueError(value)
    return value


def number_json(value: Decimal | None):
    """A time amount as JSON: an integer when whole (5, not 5.0), else a float (1.5)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _time(check: _Checker, value, where: str) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        check.fail(f"Thời hạn ở {where} phải là đối tượng {{amount, unit, cutoff}} hoặc null.")
        return None
    check.unknown_keys(value, {"amount", "unit", "cutoff"}, f"thời hạn của {where}")
    unit = value.get("unit")
    if unit not in TimeUnit.values:
        check.fail(f"Đơn vị thời hạn «{unit}» ở {where} không hợp lệ (dùng {', '.join(TimeUnit.values)}).")
        return None
    if unit == TimeUnit.SAME_DAY:
        cutoff = value.get("cutoff") or DEFAULT_CUTOFF
        try:
            cutoff = datetime.time.fromisoformat(_as_text(cutoff)).strftime("%H:%M")
        except ValueError:
            check.fail(f"Giờ chốt «{value.get('cutoff')}» ở {where} không hợp lệ (định dạng HH:MM).")
            return None
        if value.get("amount") is not None:
            check.fail(f"Thời hạn «trong ngày» ở {where} không ghi số lượng (amount phải là null).")
        return {"amount": None, "unit": unit, "cutoff": cutoff}
    raw = value.get("amount")
    try:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise ValueError(raw)
        amount = Decimal(str(raw))
    except (ValueError, InvalidOperation):
        check.fail(f"Thời hạn «{raw}» ở {where} không hợp lệ: phải là một số.")
        return None
    whole = amount == amount.to_integral_value()
    if amount <= 0 or amount >= 10_000 or (unit != TimeUnit.WORKING_HOURS and not whole):
        check.fail(f"Thời hạn «{raw}» ở {where} không hợp lệ: phải lớn hơn 0 và là số nguyên ngày.")
        return None
    if value.get("cutoff") is not None:
        check.fail(f"Chỉ thời hạn «trong ngày» mới có giờ chốt (ở {where}).")
    return {"amount": number_json(amount.quantize(Decimal("0.01"))), "unit": unit, "cutoff": None}


def _channel(check: _Checker, value, where: str, *, allow_blank: bool = False) -> str:
    if allow_blank and value in (None, ""):
        return ""
    if value not in Channel.values:
        check.fail(f"Hình thức nộp «{value}» ở {where} không hợp lệ (dùng {', '.join(Channel.values)}).")
        return ""
    return value


def _method(check: _Checker, item: dict, position: int) -> dict:
    where = f"cách thức thứ {position}"
    check.unknown_keys(item, {"channel", "time", "time_text", "fee_text", "description"}, where)
    return {
        "channel": _channel(check, item.get("channel"), where),
        "time": _time(check, item.get("time"), where),
        "time_text": check.text(
            item.get("time_text"), "thời hạn (như công bố)", model=ProcedureMethod, field_name="time_text"
        ),
        "fee_text": check.text(item.get("fee_text"), "phí, lệ phí (như công bố)"),
        "description": check.text(item.get("description"), "mô tả cách thức"),
    }


def _document(check: _Checker, item: dict, position: int) -> dict:
    where = f"thành phần hồ sơ thứ {position}"
    check.unknown_keys(item, {"group", "name", "originals", "copies", "copies_text", "required", "form"}, where)
    required = item.get("required", True)
    return {
        "group": check.text(item.get("group"), f"nhóm của {where}", model=RequiredDocument, field_name="group"),
        "name": check.text(item.get("name"), f"tên giấy tờ ({where})", required=True),
        "originals": check.count(item.get("originals"), f"số bản chính ({where})"),
        "copies": check.count(item.get("copies"), f"số bản sao ({where})"),
        "copies_text": check.text(
            item.get("copies_text"), f"số lượng ({where})", model=RequiredDocument, field_name="copies_text"
        ),
        "required": check.flag(required, f"bắt buộc ({where})"),
        "form": check.text(item.get("form"), f"mẫu đơn ({where})", model=RequiredDocument, field_name="form_name"),
    }


def _fee(check: _Checker, item: dict, position: int) -> dict:
    where = f"khoản phí, lệ phí thứ {position}"
    check.unknown_keys(item, {"kind", "name", "amount_vnd", "channel", "condition", "exempt"}, where)
    kind = item.get("kind")
    if kind not in FeeItem.Kind.values:
        check.fail(f"Loại khoản thu «{kind}» ở {where} không hợp lệ (fee là phí, charge là lệ phí).")
    amount = item.get("amount_vnd")
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int) or amount < 0):
        check.fail(f"Số tiền «{amount}» ở {where} không hợp lệ: phải là số nguyên đồng, không âm.")
        amount = None
    exempt = check.flag(item.get("exempt"), f"miễn ({where})")
    if exempt and amount:
        check.fail(f"Khoản được miễn thì không ghi số tiền ({where}).")
    return {
        "kind": kind if kind in FeeItem.Kind.values else "",
        "name": check.text(
            item.get("name"), f"tên khoản thu ({where})", model=FeeItem, field_name="name", required=True
        ),
        "amount_vnd": amount,
        "channel": _channel(check, item.get("channel"), where, allow_blank=True),
        "condition": check.text(item.get("condition"), f"điều kiện ({where})"),
        "exempt": exempt,
    }


def _legal(check: _Checker, item: dict, position: int) -> dict:
    where = f"căn cứ pháp lý thứ {position}"
    check.unknown_keys(item, {"number", "title"}, where)
    number = check.text(item.get("number"), f"số hiệu văn bản ({where})", model=LegalBasis, field_name="number")
    title = check.text(item.get("title"), f"tên văn bản ({where})")
    if not (number or title):
        check.fail(f"Thiếu số hiệu hoặc tên văn bản ở {where}.")
    return {"number": number, "title": title}


def _result(check: _Checker, item: dict, position: int) -> dict:
    where = f"kết quả thứ {position}"
    check.unknown_keys(item, {"name", "code"}, where)
    return {
        "name": check.text(item.get("name"), f"tên kết quả ({where})", required=True),
        "code": check.text(item.get("code"), f"mã kết quả ({where})", model=ProcedureResult, field_name="code"),
    }


def _publication(check: _Checker, value) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        check.fail("«publication_decision» phải là đối tượng JSON hoặc null.")
        return None
    check.unknown_keys(value, {"number", "signed_on", "signer", "issuer", "effective_on"}, "quyết định công bố")
    model = PublicationDecision
    return {
        "number": check.text(
            value.get("number"), "số quyết định công bố", model=model, field_name="number", required=True
        ),
        "signed_on": check.date(value.get("signed_on"), "ngày ký quyết định"),
        "signer": check.text(value.get("signer"), "người ký", model=model, field_name="signer"),
        "issuer": check.text(value.get("issuer"), "cơ quan ban hành", model=model, field_name="issuer"),
        "effective_on": check.date(value.get("effective_on"), "ngày quyết định có hiệu lực"),
    }


def _field(check: _Checker, value) -> dict:
    if isinstance(value, str) or value is None:
        value = {"name": value}
    if not isinstance(value, dict):
        check.fail("«field» phải là tên lĩnh vực hoặc đối tượng {name, code, sector}.")
        value = {}
    check.unknown_keys(value, {"name", "code", "sector"}, "lĩnh vực")
    return {
        "name": check.text(value.get("name"), "lĩnh vực", model=Field, field_name="name", required=True),
        "code": check.text(value.get("code"), "mã lĩnh vực", model=Field, field_name="code"),
        "sector": check.text(value.get("sector"), "ngành", model=Field, field_name="sector"),
    }


def _levels(check: _Checker, value) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        check.fail("«levels» phải là danh sách mã cấp thực hiện.")
        return []
    unknown = [level for level in value if level not in Level.values]
    if unknown:
        check.fail(f"Cấp thực hiện không hợp lệ: {', '.join(map(str, unknown))} (dùng {', '.join(Level.values)}).")
    return list(dict.fromkeys(level for level in value if level in Level.values))


def _online(check: _Checker, level, legacy) -> tuple[str, int | None]:
    if legacy is not None and (isinstance(legacy, bool) or legacy not in LEGACY_ONLINE_LEVELS):
        check.fail(f"Mức độ dịch vụ công trực tuyến cũ «{legacy}» không hợp lệ (chỉ từ 1 đến 4).")
        legacy = None
    if level is None:
        level = LEGACY_ONLINE_LEVELS[legacy].value if legacy is not None else OnlineLevel.NONE.value
    if level not in OnlineLevel.values:
        check.fail(f"Mức độ dịch vụ công trực tuyến «{level}» không hợp lệ (dùng {', '.join(OnlineLevel.values)}).")
        level = OnlineLevel.NONE.value
    return level, legacy


def normalise(raw) -> dict:
    """The canonical form of one record of the interchange format; raises RecordRejected listing every problem."""
    if not isinstance(raw, dict):
        raise RecordRejected(["Bản ghi phải là một đối tượng JSON."])
    check = _Checker()
    check.unknown_keys(raw, RECORD_KEYS, "bản ghi")
    code = check.text(raw.get("code"), "mã thủ tục", required=True)
    if code and not CODE_RE.match(code):
        check.fail(f"Mã thủ tục «{code}» không hợp lệ (tối đa 40 ký tự, không có khoảng trắng).")
    version = raw.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int) or version < 1):
        check.fail(f"Phiên bản «{version}» không hợp lệ: phải là số nguyên dương.")
        version = None
    status = raw.get("status") or ProcedureVersion.Status.DRAFT.value
    if status not in ProcedureVersion.Status.values:
        check.fail(f"Trạng thái «{status}» không hợp lệ (draft là dự thảo, published là đã công bố).")
    valid_from = check.date(raw.get("valid_from"), "hiệu lực từ")
    valid_until = check.date(raw.get("valid_until"), "hiệu lực đến")
    if valid_from and valid_until and valid_until < valid_from:
        check.fail("Ngày hết hiệu lực phải sau ngày có hiệu lực.")
    if status == ProcedureVersion.Status.PUBLISHED and not valid_from:
        check.fail("Phiên bản đã công bố phải có ngày có hiệu lực (valid_from).")
    agencies = raw.get("agencies") or {}
    if not isinstance(agencies, dict):
        check.fail("«agencies» phải là đối tượng JSON.")
        agencies = {}
    check.unknown_keys(agencies, AGENCY_KEYS, "cơ quan")
    online_level, legacy = _online(check, raw.get("online_level"), raw.get("legacy_online_level"))
    version_model = ProcedureVersion
    record = {
        "code": code,
        "version": version,
        "status": status,
        "valid_from": valid_from,
        "valid_until": valid_until,
        "name": check.text(raw.get("name"), "tên thủ tục", model=version_model, field_name="name", required=True),
        "field": _field(check, raw.get("field")),
        "kind": check.text(raw.get("kind"), "loại thủ tục", model=version_model, field_name="kind"),
        "levels": _levels(check, raw.get("levels")),
        "agencies": {key: check.text(agencies.get(key), f"cơ quan ({key})") for key in AGENCY_KEYS},
        "steps": check.text(raw.get("steps"), "trình tự thực hiện"),
        "applicants": check.text(raw.get("applicants"), "đối tượng thực hiện"),
        "requirements": check.text(raw.get("requirements"), "yêu cầu, điều kiện"),
        "results_description": check.text(raw.get("results_description"), "mô tả kết quả"),
        "online_level": online_level,
        "legacy_online_level": legacy,
        "boundary_free": check.flag(raw.get("boundary_free"), "boundary_free"),
        "fee_exempt": check.flag(raw.get("fee_exempt"), "fee_exempt"),
        "methods": [_method(check, m, i) for i, m in enumerate(check.items(raw.get("methods"), "methods"), 1)],
        "documents": [_document(check, d, i) for i, d in enumerate(check.items(raw.get("documents"), "documents"), 1)],
        "fees": [_fee(check, f, i) for i, f in enumerate(check.items(raw.get("fees"), "fees"), 1)],
        "legal_basis": [
            _legal(check, x, i) for i, x in enumerate(check.items(raw.get("legal_basis"), "legal_basis"), 1)
        ],
        "results": [_result(check, r, i) for i, r in enumerate(check.items(raw.get("results"), "results"), 1)],
        "publication_decision": _publication(check, raw.get("publication_decision")),
        "notes": check.text(raw.get("notes"), "ghi chú"),
        "source_url": check.text(raw.get("source_url"), "nguồn", model=version_model, field_name="source_url"),
    }
    if check.reasons:
        raise RecordRejected(check.reasons)
    return record
