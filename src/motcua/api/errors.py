"""Errors of the API as JSON: `{"code": <machine code>, "detail": <Vietnamese message>}` (+ `errors` for fields).

invalid_state and conflict → 409, forbidden → 403, invalid → 422, not_found → 404. Anonymous callers keep the
plain 401 `{"detail": …}` of the first API version.
"""

from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousFileOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

from motcua.dossiers.errors import ActionNotAllowed, Conflict


class NotFound(Exception):
    """Nothing by that name in the caller's scope (whether or not it exists elsewhere)."""

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message


def error_body(code: str, detail: str, **extra) -> dict:
    return {"code": code, "detail": detail, **extra}


def _validation_detail(exc: DjangoValidationError) -> tuple[str, dict]:
    if hasattr(exc, "error_dict"):
        fields = {name: [str(m) for m in messages] for name, messages in exc.message_dict.items()}
        return " ".join(message for messages in fields.values() for message in messages), fields
    return " ".join(str(m) for m in exc.messages), {}


# A malformed value's message by pydantic's error type, in the server's language; the others keep pydantic's text.
SCHEMA_MESSAGES = {
    "missing": lambda ctx: gettext("Thiếu trường bắt buộc này."),
    "string_too_long": lambda ctx: gettext("Dài quá %(max)s ký tự.") % {"max": ctx["max_length"]},
    "too_long": lambda ctx: gettext("Nhiều quá %(max)s mục.") % {"max": ctx["max_length"]},
    "less_than_equal": lambda ctx: gettext("Phải nhỏ hơn hoặc bằng %(le)s.") % {"le": ctx["le"]},
    "greater_than_equal": lambda ctx: gettext("Phải lớn hơn hoặc bằng %(ge)s.") % {"ge": ctx["ge"]},
    "int_parsing": lambda ctx: gettext("Phải là một số nguyên."),
    "int_type": lambda ctx: gettext("Phải là một số nguyên."),
    "bool_parsing": lambda ctx: gettext("Phải là true hoặc false."),
    "string_type": lambda ctx: gettext("Phải là một chuỗi ký tự."),
    "date_parsing": lambda ctx: gettext("Ngày không hợp lệ; viết theo dạng YYYY-MM-DD."),
    "date_from_datetime_parsing": lambda ctx: gettext("Ngày không hợp lệ; viết theo dạng YYYY-MM-DD."),
    "datetime_parsing": lambda ctx: gettext("Thời điểm không hợp lệ; viết theo dạng YYYY-MM-DDTHH:MM:SS+07:00."),
    "datetime_from_date_parsing": lambda ctx: gettext(
        "Thời điểm không hợp lệ; viết theo dạng YYYY-MM-DDTHH:MM:SS+07:00."
    ),
    "literal_error": lambda ctx: (
        gettext("Giá trị không được nhận; chọn một trong: %(expected)s.") % {"expected": ctx["expected"]}
    ),
    "enum": lambda ctx: (
        gettext("Giá trị không được nhận; chọn một trong: %(expected)s.") % {"expected": ctx["expected"]}
    ),
    "json_invalid": lambda ctx: gettext("Nội dung gửi lên không phải JSON hợp lệ."),
}


def _in_vietnamese(error: dict) -> dict:
    message = SCHEMA_MESSAGES.get(error.get("type"))
    if message is None:
        return error
    try:
        return {**error, "msg": message(error.get("ctx") or {})}
    except KeyError:  # a context without the expected bound: pydantic's own words
        return error


def install(api: NinjaAPI) -> None:
    def respond(request, status: int, code: str, detail: str, **extra):
        return api.create_response(request, error_body(code, detail, **extra), status=status)

    @api.exception_handler(AuthenticationError)
    def not_logged_in(request, exc):
        return api.create_response(request, {"detail": gettext("Bạn cần đăng nhập để dùng API này.")}, status=401)

    @api.exception_handler(SchemaError)
    def invalid_input(request, exc):
        errors = [_in_vietnamese(error) for error in exc.errors]
        return respond(request, 422, "invalid", gettext("Tham số không hợp lệ, xem danh sách lỗi."), errors=errors)

    @api.exception_handler(TooManyFilesSent)
    def too_many_files(request, exc):
        message = gettext("Mỗi lần gửi được tối đa %(count)s tệp.") % {"count": settings.DATA_UPLOAD_MAX_NUMBER_FILES}
        return respond(request, 422, "invalid", message, errors={"files": [message]})

    @api.exception_handler(TooManyFieldsSent)
    def too_many_fields(request, exc):
        message = gettext("Yêu cầu có quá nhiều trường (tối đa %(count)s).") % {
            "count": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        }
        return respond(request, 422, "invalid", message, errors={})

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return respond(request, 413, "too_large", gettext("Nội dung gửi lên quá lớn."))

    @api.exception_handler(SuspiciousFileOperation)
    def bad_file_name(request, exc):
        message = gettext("Tên tệp không hợp lệ.")
        return respond(request, 422, "invalid", message, errors={"files": [message]})

    @api.exception_handler(DjangoValidationError)
    def invalid_data(request, exc):
        detail, fields = _validation_detail(exc)
        return respond(request, 422, "invalid", detail, errors=fields)

    @api.exception_handler(ActionNotAllowed)
    def wrong_state(request, exc):
        return respond(request, 409, exc.code, exc.message)

    @api.exception_handler(Conflict)
    def stale(request, exc):
        return respond(request, 409, exc.code, exc.message)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return respond(request, 403, "forbidden", str(exc) or gettext("Bạn không có quyền làm việc này."))

    @api.exception_handler(NotFound)
    def not_found(request, exc):
        return respond(request, 404, "not_found", exc.message or gettext("Không tìm thấy."))

    @api.exception_handler(Http404)
    def http_404(request, exc):
        return respond(request, 404, "not_found", gettext("Không tìm thấy."))

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        if exc.status_code == 403 and "CSRF" in str(exc):  # ninja's refusal of a session call without the token
            message = gettext("Thiếu hoặc sai mã chống giả mạo (CSRF) của phiên đăng nhập.")
            return respond(request, 403, "forbidden", message)
        if exc.status_code == 400:  # ninja could not read the body as JSON
            message = gettext("Nội dung gửi lên không đọc được: cần JSON hợp lệ.")
            return respond(request, 400, "malformed", message)
        return respond(request, exc.status_code, "error", str(exc))
