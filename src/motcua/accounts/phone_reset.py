"""Password reset by a code texted to the phone number (đặt lại mật khẩu qua số điện thoại).

For applicant accounts only: staff reset through the e-mail link or their agency's administrator, since a text
message is a weaker proof than their second factor. An unknown number (or a staff member's) is answered exactly as
a known one, and counted the same, but nothing is sent. After the right code the person has RESET_MINUTES to choose
a new password.
"""

import time

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext

from motcua.accounts import verification
from motcua.accounts.models import User, VerificationCode

RESET_MINUTES = 10
GRANT_KEY = "accounts_phone_reset_grant"
Purpose = VerificationCode.Purpose


def account_for_phone(phone: str) -> User | None:
    applicant = Q(account_type__in=[User.AccountType.CITIZEN, User.AccountType.ORGANISATION], is_superuser=False)
    return User.objects.filter(applicant, phone=phone, is_active=True).first()


def start(phone: str) -> VerificationCode:
    user = account_for_phone(phone)
    return verification.issue(Purpose.PASSWORD_RESET, VerificationCode.Channel.SMS, phone, user=user, send=bool(user))


def confirm(row: VerificationCode, code: str) -> User:
    """The account whose password may now be set, or ValidationError."""
    result = verification.check(row, code)
    if result.spent:
        raise ValidationError(
            gettext("Mã xác minh đã hết hạn hoặc đã nhập sai quá nhiều lần. Hãy bấm «Gửi lại mã»."), code="spent"
        )
    if not result.accepted or row.user is None:
        raise ValidationError(gettext("Mã xác minh không đúng. Hãy kiểm tra và nhập lại."), code="invalid")
    return row.user


def grant(session, user: User) -> None:
    session[GRANT_KEY] = {"user_id": user.pk, "at": int(time.time())}


def granted_user(session) -> User | None:
    granted = session.get(GRANT_KEY)
    if not granted or time.time() - granted["at"] > RESET_MINUTES * 60:
        return None
    return User.objects.filter(pk=granted["user_id"], is_active=True).first()


def finish(session) -> None:
    session.pop(GRANT_KEY, None)
