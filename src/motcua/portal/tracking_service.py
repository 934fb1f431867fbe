"""Public tracking of a dossier without logging in (tra cứu hồ sơ; Decree 118/2025 Art. 17.3, 22).

Anyone holding the receipt knows the dossier code; the code alone is not enough, because codes are sequential
(`<agency>-YYMMDD-NNNN`) and easy to guess. The lookup also needs the applicant's phone number or ID number
(CCCD / tax code), and answers the same "not found" for an unknown code and for a wrong phone or ID, so nobody
learns which codes exist. What it shows is only the procedure, the state in plain words and the dates, never the
applicant's name, address or documents. Tries are counted per client address (THROTTLE_LIMIT per THROTTLE_WINDOW)
in the shared cache, so guessing codes is slow.
"""

import datetime
import hmac
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier, State

THROTTLE_LIMIT = 10
THROTTLE_WINDOW = datetime.timedelta(minutes=10)
_NOT_DIGITS = re.compile(r"\D")

# The citizen's words for each state: what is happening and what they should do, without the desk's jargon.
PLAIN_STATES = {
    State.SUBMITTED: _("Đã nộp trực tuyến, đang chờ cán bộ kiểm tra để tiếp nhận."),
    State.INTAKE_SUPPLEMENT: _("Hồ sơ chưa đủ: cần bổ sung theo phiếu hướng dẫn trước khi được tiếp nhận."),
    State.INTAKE_REFUSED: _("Hồ sơ không được tiếp nhận (xem phiếu từ chối)."),
    State.RECEIVED: _("Đã tiếp nhận, đang chuyển đến cơ quan giải quyết."),
    State.TRANSFERRED: _("Đang được cơ quan có thẩm quyền giải quyết."),
    State.PROCESSING: _("Đang được cơ quan có thẩm quyền giải quyết."),
    State.CONSULTING: _("Đang được giải quyết (đang lấy ý kiến, xác minh)."),
    State.SUPPLEMENT_REQUESTED: _("Cơ quan giải quyết yêu cầu bổ sung hồ sơ; thời hạn giải quyết tạm dừng."),
    State.AWAITING_SIGNATURE: _("Đang chờ lãnh đạo ký kết quả."),
    State.RESULT_ISSUED: _("Đã có kết quả, đang chuyển về nơi trả kết quả."),
    State.READY_FOR_RETURN: _("Đã có kết quả, mời nhận kết quả."),
    State.RETURNED: _("Đã trả kết quả."),
    State.CORRECTION: _("Kết quả đang được đính chính."),
    State.STOPPED: _("Đã dừng giải quyết theo yêu cầu."),
    State.CLOSED: _("Đã đóng hồ sơ do không bổ sung đúng hạn."),
}


@dataclass(frozen=True)
class TrackingAnswer:
    """All a public lookup reveals about a dossier."""

    code: str
    procedure: str
    state: str
    received_at: datetime.datetime | None
    due_at: datetime.datetime | None
    returned_at: datetime.datetime | None


def normalise_phone(value: str) -> str:
    """Digits only, the +84 / 84 prefix written as 0: "+84 912 345 678" → "0912345678"."""
    digits = _NOT_DIGITS.sub("", value)
    if value.strip().startswith("+84") or (digits.startswith("84") and len(digits) == 11):
        digits = "0" + digits[2:]
    return digits


def _matches(dossier: Dossier, secret: str) -> bool:
    """The phone or the ID number given matches the applicant's (compared in constant time)."""
    given_id = secret.strip().upper().replace(" ", "")
    given_phone = normalise_phone(secret)
    id_ok = bool(given_id) and hmac.compare_digest(given_id.encode(), dossier.applicant_id_number.upper().encode())
    phone = normalise_phone(dossier.applicant_phone)
    phone_ok = bool(phone) and len(given_phone) >= 9 and hmac.compare_digest(given_phone.encode(), phone.encode())
    return id_ok or phone_ok


def find(code: str, secret: str) -> TrackingAnswer | None:
    """The dossier with this code whose applicant has this phone or ID number; None otherwise (either way)."""
    dossier = (
        Dossier.objects.select_related("version")
        .only(
            "code",
            "state",
            "received_at",
            "due_at",
            "extended_due_at",
            "returned_at",
            "applicant_phone",
            "applicant_id_number",
            "version__name",
        )
        .filter(code=code.strip().upper())
        .first()
    )
    if dossier is None or not _matches(dossier, secret):
        return None
    return TrackingAnswer(
        code=dossier.code,
        procedure=dossier.version.name,
        state=str(PLAIN_STATES.get(dossier.state, dossier.get_state_display())),
        received_at=dossier.received_at,
        due_at=dossier.extended_due_at or dossier.due_at,
        returned_at=dossier.returned_at,
    )


def _throttle_key(client: str) -> str:
    return f"tracking:tries:{client}"


def try_allowed(client: str) -> bool:
    """Count one lookup by this client address; False once it has used up its tries in the current window."""
    key = _throttle_key(client)
    # add() starts the window only if none is running; incr() then counts atomically in caches that support it.
    cache.add(key, 0, timeout=int(THROTTLE_WINDOW.total_seconds()))
    try:
        tries = cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.add(key, 1, timeout=int(THROTTLE_WINDOW.total_seconds()))
        tries = 1
    return tries <= THROTTLE_LIMIT
