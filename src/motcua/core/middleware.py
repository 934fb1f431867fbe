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
