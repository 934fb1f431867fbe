"""The second login step: after a right password, a user with two-step verification waits for a code.

The user is not logged in until the code is right, so no page (the admin site included) ever sees a
half-authenticated user. The password step is remembered in the session for a few minutes only.
"""

import time

from django.contrib.auth import login as auth_login
from django_otp import login as otp_login

from motcua.accounts.models import User

PENDING_KEY = "accounts_pending_login"
PENDING_SECONDS = 5 * 60


def begin(request, user: User) -> None:
    request.session[PENDING_KEY] = {"user_id": user.pk, "backend": user.backend, "started": int(time.time())}


def pending_user(request) -> User | None:
    """The user whose password was right, while the code is still due and not overdue."""
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return None
    if time.time() - pending["started"] > PENDING_SECONDS:
        del request.session[PENDING_KEY]
        return None
    user = User.objects.filter(pk=pending["user_id"], is_active=True).first()
    if user is not None:
        user.backend = pending["backend"]
    return user


def complete(request, user: User, device) -> None:
    """Log the user in (when not already) and mark the session as verified by `device`."""
    request.session.pop(PENDING_KEY, None)
    if not request.user.is_authenticated:
        auth_login(request, user, backend=user.backend)
    otp_login(request, device)
