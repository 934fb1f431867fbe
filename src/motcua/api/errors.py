"""Errors of the API as JSON: `{"code": <machine code>, "detail": <Vietnamese message>}` (+ `errors` for fields).

invalid_state and conflict → 409, forbidden → 403, invalid → 422, not_found → 404. Anonymous callers keep the
plain 401 `{"detail": …}` of the first API version.
"""

from django.core.exceptions import PermissionDenied
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


def install(api: NinjaAPI) -> None:
    def respond(request, status: int, code: str, detail: str, **extra):
        return api.create_response(request, error_body(code, detail, **extra), status=status)

    @api.exception_handler(AuthenticationError)
    def not_logged_in(request, exc):
        return api.create_response(request, {"detail": gettext("Bạn cần đăng nhập để dùng API này.")}, status=401)

    @api.exception_handler(SchemaError)
    def invalid_input(request, exc):
        return respond(request, 422, "invalid", gettext("Tham số không hợp lệ, xem danh sách lỗi."), errors=exc.errors)

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
        return respond(request, exc.status_code, "error", str(exc))
