"""Makes the current user and address available to the audit log for the length of a request."""

from motcua.core.audit import RequestContext, current_context


def client_ip(request) -> str | None:
    # Behind a proxy, TrustedProxyMiddleware has already put the client's address here
    # (MOTCUA_BEHIND_PROXY); X-Forwarded-For itself is never trusted, since any client can send it.
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_context.set(
            RequestContext(
                actor=getattr(request, "user", None),
                ip_address=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
        )
        try:
            return self.get_response(request)
        finally:
            current_context.reset(token)


# Paths whose answers carry personal data even to a visitor who is not logged in: the portal's dossier, submission,
# tracking, payment and rating pages, the API, documents made in the background, the desk and the accounts pages.
PERSONAL_DATA_PREFIXES = (
    "/cong-dan/ho-so/",
    "/cong-dan/nop-truc-tuyen/",
    "/cong-dan/tra-cuu/",
    "/cong-dan/lien-thong/",
    "/cong-dan/thanh-toan/",
    "/cong-dan/danh-gia/",
    "/api/",
    "/tai-lieu/",
    "/can-bo/",
    "/tai-khoan/",
    "/quan-tri/",
)
NO_STORE = "no-store, private"


def carries_personal_data(request) -> bool:
    """Whether the answer to `request` may hold personal data: anything shown to a logged-in user (the header
    alone names them), and every answer under a personal-data prefix."""
    user = getattr(request, "user", None)
    return bool(getattr(user, "is_authenticated", False)) or request.path.startswith(PERSONAL_DATA_PREFIXES)


class NoStoreMiddleware:
    """`Cache-Control: no-store, private` on every answer that may carry personal data (dữ liệu cá nhân, Law
    91/2025/QH15), so that neither a shared proxy nor the browser's disk keeps a copy for the next user of the
    computer. A view that chose its own cache policy keeps it: choosing one that fits (e.g. `never_cache`) is then
    that view's job."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and carries_personal_data(request):
            response["Cache-Control"] = NO_STORE
        return response
