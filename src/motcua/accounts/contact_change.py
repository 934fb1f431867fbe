"""Adding or changing the account's e-mail address or phone number (địa chỉ liên hệ), proved by a code sent there.

The new address replaces the old one (of the same kind) only when its code comes back, and is then marked
verified. An address that belongs to another account is refused only after the right code, i.e. only to its owner.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from motcua.accounts import verification
from motcua.accounts.models import User, VerificationCode
from motcua.accounts.signup import address_taken

Channel = VerificationCode.Channel


def start(user: User, channel: str, address: str) -> VerificationCode:
    return verification.issue(VerificationCode.Purpose.CONTACT_CHANGE, channel, address, user=user)


def confirm(user: User, row: VerificationCode, code: str) -> User:
    result = verification.check(row, code)
    if result.spent:
        raise ValidationError(
            gettext("Mã xác minh đã hết hạn hoặc đã nhập sai quá nhiều lần. Hãy bấm «Gửi lại mã»."), code="spent"
        )
    if not result.accepted or row.user_id != user.pk:
        raise ValidationError(gettext("Mã xác minh không đúng. Hãy kiểm tra và nhập lại."), code="invalid")
    with transaction.atomic():
        if address_taken(row.channel, row.address):
            raise ValidationError(gettext("Địa chỉ này đã thuộc một tài khoản khác."), code="taken")
        now = timezone.now()
        if row.channel == Channel.EMAIL:
            user.email, user.email_verified_at = row.address, now
            user.save(update_fields=["email", "email_verified_at"])
        else:
            user.phone, user.phone_verified_at = row.address, now
            user.save(update_fields=["phone", "phone_verified_at"])
    return user
