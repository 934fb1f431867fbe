"""Reading the national public service portal's shape (Cổng Dịch vụ công quốc gia) into the interchange format.

This is the shape of the demo source procedures.json (see src/motcua/demo/data/README.md). The mapping is
conservative: what the portal does not state reliably stays as text and the structured value stays empty.
The rules are listed in docs/catalog-format.md, section "Bản ghi theo mẫu Cổng Dịch vụ công quốc gia".
"""

import re

from django.utils import translation

from motcua.catalog.models import (
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
)
from motcua.catalog.text import fold, is_conditional_document
from motcua.catalog.time_limits import derive

from .schema import max_length

# Keys that only the portal shape has: a top-level list whose records carry them is read by this module.
PORTAL_KEYS = {"level", "steps_text", "implementing_agency_note", "provenance"}

LEVEL_NAMES = {
    "cap bo": Level.CENTRAL,
    "cap trung uong": Level.CENTRAL,
    "cap tinh": Level.PROVINCE,
    "cap xa": Level.COMMUNE,
    "co quan khac": Level.OTHER,
}
MONEY_RE = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)\s*(?:viet nam dong|vnd|dong)$")
NOTE_MONEY_RE = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)\s*dong")
LEGACY_RE = re.compile(r"muc[ -]do[ -]0?([34])(?!\d)")


def is_portal_shape(data) -> bool:
    return isinstance(data, list) and any(isinstance(item, dict) and PORTAL_KEYS & set(item) for item in data)


def _fit(text, model, field_name: str) -> str:
    """Portal text longer than our column is cut with an ellipsis (the column is the limit of the database)."""
    text = (text or "").strip()
    limit = max_length(model, field_name)
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def levels_from(text: str | None) -> list[str]:
    """ "Cấp tỉnh, Cấp xã" → ["province", "commune"]; the district level (abolished 1/7/2025) has no code."""
    found = []
    for part in (text or "").split(","):
        key = fold(re.sub(r"\(.*?\)", "", part))
        if key in LEVEL_NAMES and LEVEL_NAMES[key] not in found:
            found.append(LEVEL_NAMES[key])
    return [level.value for level in Level if level.value in found]


def online_level_from(name: str, source_url: str, files_online: bool = False) -> tuple[str, int | None]:
    """From the name ("toàn trình", "một phần") or a 2021-era page marked "mức độ 3/4"; else "một phần" when the
    page lists an online method (a dossier filed online is at least a partly online service, Decree 42/2022), and
    "không" only when it lists none."""
    folded = fold(name)
    if "toan trinh" in folded:
        return OnlineLevel.FULL.value, None
    if "mot phan" in folded:
        return OnlineLevel.PARTIAL.value, None
    match = LEGACY_RE.search(f"{folded} {source_url.lower()}")
    if match:
        legacy = int(match.group(1))
        return (OnlineLevel.FULL if legacy == 4 else OnlineLevel.PARTIAL).value, legacy
    return (OnlineLevel.PARTIAL if files_online else OnlineLevel.NONE).value, None


def time_from(procedure: dict, method: dict) -> dict:
    """Structured time of one method: the portal's, else derived from the legal text (catalog.time_limits)."""
    return derive(procedure, method).as_record()


def _amount_vnd(label: str | None) -> int | None:
    match = MONEY_RE.match(fold(label or ""))
    return int(match.group(1).replace(",", "")) if match else None


def _reliable_amount(method: dict) -> int | None:
    """The label's amount in đồng, unless the note names other amounts only (e.g. label 700, note 700.000 đồng)."""
    amount = _amount_vnd(method.get("fee_label"))
    if amount is None:
        return None
    in_note = {int(n.replace(".", "")) for n in NOTE_MONEY_RE.findall(fold(method.get("fee_note") or ""))}
    return amount if not in_note or amount in in_note else None


def _vietnamese(label) -> str:
    """A choice label as catalog data: in Vietnamese whatever the user reads in."""
    with translation.override("vi"):
        return str(label)


def fees_from(methods: list[dict]) -> list[dict]:
    """Fee items only for amounts the portal states reliably in đồng; one item for all channels when they agree.

    The kind is lệ phí (charge) when the procedure's fee notes speak of lệ phí, else phí (fee).
    """
    notes = " ".join(fold(m.get("fee_note") or "") for m in methods)
    kind = (FeeItem.Kind.CHARGE if "le phi" in notes else FeeItem.Kind.FEE).value
    priced = []
    for method in methods:
        amount = _reliable_amount(method)
        if amount is not None:
            priced.append((method.get("channel") or "", amount, kind, (method.get("fee_note") or "").strip()))
    if not priced:
        return []
    same_everywhere = len(priced) == len(methods) and len({item[1:] for item in priced}) == 1
    rows = [("", *priced[0][1:])] if same_everywhere else list(dict.fromkeys(priced))
    return [
        {
            "kind": kind,
            "name": _vietnamese(FeeItem.Kind(kind).label),
            "amount_vnd": amount,
            "channel": channel,
            "condition": note,
            "exempt": False,
        }
        for channel, amount, kind, note in rows
    ]


def _document(row: dict) -> dict:
    originals, copies = row.get("originals") or 0, row.get("copies_count") or 0
    group = row.get("group") or ""
    return {
        "group": _fit(row.get("group"), RequiredDocument, "group"),
        "name": (row.get("name") or "").strip(),
        "originals": originals,
        "copies": copies,
        "copies_text": _fit(row.get("copies"), RequiredDocument, "copies_text"),
        # The portal lists notes in the same table with no paper to hand in, and marks no document as conditional:
        # only rows with paper are required, and not those written for a case ("Trường hợp…", "(nếu có)").
        "required": bool(originals or copies) and not is_conditional_document(row.get("name") or "", group),
        "form": _fit(row.get("form"), RequiredDocument, "form_name"),
    }


def _legal_basis(procedure: dict) -> list[dict]:
    rows = [
        {
            "number": _fit(row.get("number_normalized") or row.get("number"), LegalBasis, "number"),
            "title": (row.get("title") or "").strip(),
        }
        for row in procedure.get("legal_basis") or []
    ]
    if not rows and procedure.get("legal_basis_raw"):
        rows = [{"number": "", "title": procedure["legal_basis_raw"].strip()}]
    return rows


def from_portal(procedure: dict, *, status: str = "draft", valid_from: str | None = None) -> dict:
    """One portal record as a record of the interchange format (still to be checked by schema.normalise)."""
    if not isinstance(procedure, dict):
        return procedure
    agencies = procedure.get("agencies") or {}
    competent = agencies.get("competent") or ""
    if agencies.get("delegated"):
        competent = f"{competent}\nCơ quan được ủy quyền: {agencies['delegated']}".strip()
    name = procedure.get("name") or ""
    methods = [m for m in procedure.get("methods") or [] if isinstance(m, dict)]
    files_online = any(m.get("channel") == "online" for m in methods)
    online_level, legacy = online_level_from(name, procedure.get("source_url") or "", files_online)
    decision = procedure.get("publication_decision")
    return {
        "code": procedure.get("code"),
        "status": status,
        "valid_from": valid_from,
        "valid_until": None,
        "name": _fit(name, ProcedureVersion, "name"),
        "field": {"name": _fit(procedure.get("field"), Field, "name"), "code": "", "sector": ""},
        "kind": _fit(procedure.get("kind"), ProcedureVersion, "kind"),
        "levels": levels_from(procedure.get("level")),
        "agencies": {
            "implementing": agencies.get("implementing") or "",
            "competent": competent,
            "receiving": agencies.get("receiving_address") or "",
            "coordinating": agencies.get("coordinating") or "",
        },
        "steps": procedure.get("steps_text") or "",
        "applicants": procedure.get("applicants") or "",
        "requirements": procedure.get("requirements") or "",
        "results_description": procedure.get("results_description") or "",
        "online_level": online_level,
        "legacy_online_level": legacy,
        "boundary_free": False,
        "fee_exempt": False,
        "methods": [
            {
                "channel": m.get("channel"),
                "time": time_from(procedure, m),
                "time_text": _fit(m.get("time_text"), ProcedureMethod, "time_text"),
                "fee_text": m.get("fee_text") or "",
                "description": m.get("description") or "",
            }
            for m in methods
        ],
        "documents": [_document(row) for row in procedure.get("documents") or [] if isinstance(row, dict)],
        "fees": fees_from(methods),
        "legal_basis": _legal_basis(procedure),
        "results": [
            {"name": (r.get("name") or "").strip(), "code": _fit(r.get("code"), ProcedureResult, "code")}
            for r in procedure.get("results") or []
        ],
        "publication_decision": (
            {
                "number": _fit(decision, PublicationDecision, "number"),
                "signed_on": None,
                "signer": "",
                "issuer": "",
                "effective_on": None,
            }
            if decision
            else None
        ),
        "notes": procedure.get("notes") or "",
        "source_url": _fit(procedure.get("source_url"), ProcedureVersion, "source_url"),
    }
