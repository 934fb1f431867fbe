"""The client's address behind one trusted reverse proxy (MOTCUA_BEHIND_PROXY).

The proxy appends the address it saw to X-Forwarded-For, so the last entry is the only one it vouches for;
earlier entries come from the client and may be forged. Putting that entry into REMOTE_ADDR gives the
login throttle (django-axes) and the audit log the citizen's address instead of the proxy's.
"""

from django.conf import settings


class TrustedProxyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.BEHIND_PROXY:
            forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
            if forwarded[-1]:
                request.META["REMOTE_ADDR"] = forwarded[-1]
        return self.get_response(request)
