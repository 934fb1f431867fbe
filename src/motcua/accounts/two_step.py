"""The second login step: after a right password, a user with two-step verification waits for a code.

The user is not logged in until the code is right, so no page (the admin site included) ever sees a
half-authenticated user. The password step is remembered in the session for a few minutes only. A user who must
use the second factor but has no authenticator app yet (motcua.accounts.two_factor) waits the same way while
adding one, with a little more time to install the app.
"""

import time

from django.contrib.auth import login as auth_login
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts import otp
from motcua.accounts.models import User

PENDING_KEY = "accounts_pending_login"
PENDING_SECONDS = 5 * 60
ENROL_SECONDS = 15 * 60
ENROL_DEVICE_KEY = "accounts_enrolment_device"


def begin(request, user: User, *, enrol: bool = False) -> None:
    request.session[PENDING_KEY] = {
        "user_id": user.pk,
        "backend": user.backend,
        "started": int(time.time()),
        "seconds": ENROL_SECONDS if enrol else PENDING_SECONDS,
    }


def pending_user(request) -> User | None:
    """The user whose password was right, while the code is still due and not overdue."""
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return None
    if time.time() - pending["started"] > pending.get("seconds", PENDING_SECONDS):
        del request.session[PENDING_KEY]
        return None
    user = User.objects.filter(pk=pending["user_id"], is_active=True).first()
    if user is not None:
        user.backend = pending["backend"]
    return user


def enrolment_device(request, user: User) -> TOTPDevice:
    """The authenticator being added in this session; its secret is shown to this session only.

    A session that did not make the device never sees its secret, so a secret shown to somebody who once typed the
    password (and never confirmed it) is not the one the owner confirms later.
    """
    device_id = request.session.get(ENROL_DEVICE_KEY)
    device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first() if device_id else None
    if device is None:
        device = otp.fresh_enrolment_device(user)
        request.session[ENROL_DEVICE_KEY] = device.pk
    return device


def complete(request, user: User, device) -> None:
    """Log the user in (when not already) and mark the session as verified by `device`."""
    request.session.pop(PENDING_KEY, None)
    request.session.pop(ENROL_DEVICE_KEY, None)
    if not request.user.is_authenticated:
        auth_login(request, user, backend=user.backend)
    otp_login(request, device)
