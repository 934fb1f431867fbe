"""What the dossier endpoints return. Times are ISO 8601 in Vietnam time (+07:00)."""

import datetime

from ninja import Field, Schema


class AgencyRef(Schema):
    id: int
    name: str


class UserRef(Schema):
    id: int
    username: str
    full_name: str


class ProcedureRef(Schema):
    code: str
    name: str
    version: int


class ApplicantOut(Schema):
    kind: str
    name: str
    id_number: str
    phone: str
    email: str
    address: str
    submitter_name: str


class StepOut(Schema):
    order: int
    name: str
    role: str
    agency: AgencyRef
    department: str
    status: str
    assignee: UserRef | None
    started_at: datetime.datetime | None
    due_at: datetime.datetime | None
    completed_at: datetime.datetime | None
    late: bool


class ConsultationOut(Schema):
    id: int
    round: int
    order: int
    parallel: bool
    agency: AgencyRef
    content: str
    minutes: int
    sent_at: datetime.datetime | None
    due_at: datetime.datetime | None
    answered_at: datetime.datetime | None
    answered_by: UserRef | None
    answer: str


class PartOut(Schema):
    """An inter-agency part of the dossier (phần việc liên thông, Art. 20.2), for those who may see it."""

    id: int
    code: str
    agency: AgencyRef
    status: str
    status_label: str
    parallel: bool
    due_at: datetime.datetime | None
    completed_at: datetime.datetime | None
    late: bool = Field(description="Trả lời (có kết quả hoặc từ chối) sau hạn của phần việc.")
    overdue: bool = Field(description="Chưa trả lời và đã quá hạn của phần việc.")


class FeeOut(Schema):
    kind: str
    name: str
    amount_vnd: int


class DocumentOut(Schema):
    id: int
    name: str
    stage: str
    requirement_id: int | None
    content_type: str
    size: int
    is_scan: bool
    uploaded_at: datetime.datetime
    url: str


class EventOut(Schema):
    id: int
    at: datetime.datetime
    kind: str
    kind_label: str
    actor: UserRef | None
    agency: AgencyRef | None
    from_state: str
    to_state: str
    note: str
    due_at: datetime.datetime | None
    form: str
    details: dict


class FormLink(Schema):
    form: str
    name: str
    event_id: int | None
    url: str


class DossierOut(Schema):
    """A row of the list."""

    id: int
    ref: str
    code: str | None
    reference: str | None = Field(None, description="Mã tra cứu cấp khi nộp (TNyymmdd-XXXXXX), trước khi có mã hồ sơ.")
    state: str
    state_label: str
    procedure: ProcedureRef
    channel: str
    applicant_name: str
    receiving_agency: AgencyRef
    competent_agency: AgencyRef
    submitted_at: datetime.datetime
    received_at: datetime.datetime | None
    due_at: datetime.datetime | None
    overdue: bool
    assignee: UserRef | None
    revision: int


class DossierDetail(DossierOut):
    outcome: str
    outcome_label: str
    applicant: ApplicantOut
    request_summary: str
    copies: int
    return_method: str
    intake_due_at: datetime.datetime | None
    extended_due_at: datetime.datetime | None
    supplement_due_at: datetime.datetime | None
    resolved_at: datetime.datetime | None
    returned_at: datetime.datetime | None
    correction_due_at: datetime.datetime | None
    received_by: UserRef | None
    steps: list[StepOut]
    consultations: list[ConsultationOut]
    parts: list[PartOut] = Field(description="Phần việc liên thông; trống với người nộp.")
    fees: list[FeeOut]
    documents: list[DocumentOut]
    events: list[EventOut]
    forms: list[FormLink]
    available_actions: list[str]


class DossierPage(Schema):
    items: list[DossierOut]
    limit: int
    offset: int
    next: str | None


# -- errors (motcua.api.errors) ---------------------------------------------------------------------------------------


class NotLoggedInOut(Schema):
    detail: str


class ErrorOut(Schema):
    code: str = Field(description="forbidden, not_found, invalid_state, conflict, malformed, too_large")
    detail: str = Field(description="Lý do, bằng ngôn ngữ của máy chủ (tiếng Việt).")


class InvalidOut(ErrorOut):
    errors: dict[str, list[str]] | list[dict] = Field(
        description='{"trường": ["lỗi", …]} cho quy tắc nghiệp vụ; danh sách {"loc", "msg", "type"} cho tham số '
        "sai dạng."
    )


ERROR_SCHEMAS = {
    400: ErrorOut,  # a body that is not JSON at all
    401: NotLoggedInOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    422: InvalidOut,
}
READ = (401, 422)  # every reading operation with parameters
FIND = (401, 404, 422)  # … that names a dossier or an agency
WRITE = (400, 401, 403, 404, 409, 413, 422)  # every operation that acts on a dossier


def errors(statuses: tuple[int, ...]) -> dict:
    """The error answers an operation really gives, for its `response=` (and so for the OpenAPI document)."""
    return {status: ERROR_SCHEMAS[status] for status in statuses}
