"""Who is calling: a logged-in session (with ninja's CSRF check on unsafe methods) or a personal API key.

`Authorization: Bearer mc_…` keys are made by their owner on /tai-khoan/ma-truy-cap-api/ or with
`motcua create_token`; see motcua.accounts.tokens.
"""

import dataclasses

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from ninja.security import HttpBearer, SessionAuth

from motcua.accounts import tokens
from motcua.accounts.decorators import needs_second_step
from motcua.accounts.models import ApiToken
from motcua.core.audit import NO_REQUEST, current_context

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Session(SessionAuth):
    """The browser session. The CSRF check runs only when there is a session user, so a key-only caller without
    cookies falls through to the bearer check instead of being refused for CSRF."""

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request, key):
        user = request.user
        # A session still owing its second step (a code, or adding the app its role requires) is not a caller yet.
        if not (user.is_authenticated and user.is_active) or needs_second_step(user):
            return None
        return user


class BearerToken(HttpBearer):
    """A personal key. Unknown, revoked and expired keys are no caller (401); a read key that writes gets 403."""

    def authenticate(self, request, token):
        api_token = tokens.authenticate(token)
        if api_token is None:
            return None
        if api_token.scope != ApiToken.Scope.ACT and request.method not in READ_METHODS:
            raise PermissionDenied(
                gettext(
                    "Mã truy cập API này chỉ có quyền đọc (phạm vi «read»): không dùng được để thay đổi dữ liệu. "
                    "Hãy tạo một mã có phạm vi «act» nếu phần mềm cần thao tác."
                )
            )
        user = api_token.user
        request.user = user
        # The audit log names the key's owner, as it would the session user.
        current_context.set(dataclasses.replace(current_context.get() or NO_REQUEST, actor=user))
        return user


AUTH = [Session(), BearerToken()]
