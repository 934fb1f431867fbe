"""Public tracking of a dossier without logging in (tra cứu hồ sơ; Decree 118/2025 Art. 17.3, 22).

Anyone holding the receipt knows the dossier code; an online applicant knows the tracking reference (mã tra cứu,
`TNyymmdd-XXXXXX`) given at submission, before the desk accepts the dossier and gives it its legal code. Either
finds the dossier. The code alone is not enough, because codes are sequential (`<agency>-YYMMDD-NNNN`) and easy
to guess. The lookup also needs the applicant's phone number or ID number (CCCD / tax code), and answers the same
"not found" for an unknown code and for a wrong phone or ID, so nobody learns which codes exist. What it shows is
only the procedure, the state in plain words and the dates, never the applicant's name, address or documents;
and whether it is overdue (the desk's rule, queues.is_overdue) and whether the agency apologised with a new
appointment (Mẫu 04; the letter itself needs the applicant's login). Tries are counted per client address
(THROTTLE_LIMIT per THROTTLE_WINDOW) by the atomic counter of motcua.core.rate_limit, so guessing codes is slow even
with many requests at once.
"""

import datetime
import hmac
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core import rate_limit
from motcua.core.validators import normalise_phone
from motcua.dossiers.codes import normalise_reference
from motcua.dossiers.models import Dossier, DossierEvent, State
from motcua.portal import dossier_status

THROTTLE_LIMIT = 10
THROTTLE_WINDOW = datetime.timedelta(minutes=10)

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

    code: str  # the legal code, empty before acceptance
    reference: str  # the tracking reference given at submission
    procedure: str
    state: str
    received_at: datetime.datetime | None
    due_at: datetime.datetime | None
    returned_at: datetime.datetime | None
    overdue_label: str = ""  # "Quá hạn 26 ngày" when overdue now
    apologised: bool = False  # an apology letter with a new appointment was issued (Mẫu 04)
    new_due_at: datetime.datetime | None = None

    @property
    def name(self) -> str:
        return self.code or self.reference


def _matches(dossier: Dossier, secret: str) -> bool:
    """The phone or the ID number given matches the applicant's (compared in constant time)."""
    given_id = secret.strip().upper().replace(" ", "")
    given_phone = normalise_phone(secret)
    id_ok = bool(given_id) and hmac.compare_digest(given_id.encode(), dossier.applicant_id_number.upper().encode())
    phone = normalise_phone(dossier.applicant_phone)
    phone_ok = bool(phone) and len(given_phone) >= 9 and hmac.compare_digest(given_phone.encode(), phone.encode())
    return id_ok or phone_ok


def find(code: str, secret: str) -> TrackingAnswer | None:
    """The dossier with this code or tracking reference whose applicant has this phone or ID number; None
    otherwise (either way)."""
    typed = code.strip().upper()
    dossier = (
        Dossier.objects.select_related("version")
        .only(
            "code",
            "reference",
            "state",
            "submitted_at",
            "intake_due_at",
            "received_at",
            "due_at",
            "extended_due_at",
            "correction_due_at",
            "supplement_due_at",
            "returned_at",
            "applicant_phone",
            "applicant_id_number",
            "version__name",
        )
        .filter(Q(code=typed) | Q(reference=normalise_reference(typed)))
        .first()
    )
    if dossier is None or not _matches(dossier, secret):
        return None
    delay = dossier_status.delay(dossier, list(dossier.events.filter(kind=DossierEvent.Kind.EXTENDED)))
    return TrackingAnswer(
        code=dossier.code or "",
        reference=dossier.reference or "",
        procedure=dossier.version.name,
        state=str(PLAIN_STATES.get(dossier.state, dossier.get_state_display())),
        received_at=dossier.received_at,
        due_at=dossier.extended_due_at or dossier.due_at,
        returned_at=dossier.returned_at,
        overdue_label=delay.label,
        apologised=delay.apology is not None,
        new_due_at=delay.new_due_at,
    )


def try_allowed(client: str) -> bool:
    """Count one lookup by this client address; False once it has used up its tries in the current window."""
    return rate_limit.hit("tracking", client, limit=THROTTLE_LIMIT, window=THROTTLE_WINDOW)
