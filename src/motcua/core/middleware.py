"""Makes the current user and address available to the audit log for the length of a request."""

from motcua.core.audit import RequestContext, current_context


def client_ip(request) -> str | None:
    # Behind a proxy the deployment sets REMOTE_ADDR correctly (see docs/configuration.md);
    # X-Forwarded-For is not trusted here because any client can send it.
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
