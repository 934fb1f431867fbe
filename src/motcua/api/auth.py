"""Who is calling: a logged-in session (with ninja's CSRF check on unsafe methods) or a personal API key.

`Authorization: Bearer mc_…` keys are made with `motcua create_token`; see motcua.accounts.tokens.
"""

import dataclasses

from ninja.security import HttpBearer, SessionAuth

from motcua.accounts import tokens
from motcua.core.audit import NO_REQUEST, current_context


class Session(SessionAuth):
    """The browser session. The CSRF check runs only when there is a session user, so a key-only caller without
    cookies falls through to the bearer check instead of being refused for CSRF."""

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request, key):
        user = request.user
        return user if user.is_authenticated and user.is_active else None


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = tokens.authenticate(token)
        if user is None:
            return None
        request.user = user
        # The audit log names the key's owner, as it would the session user.
        current_context.set(dataclasses.replace(current_context.get() or NO_REQUEST, actor=user))
        return user


AUTH = [Session(), BearerToken()]
