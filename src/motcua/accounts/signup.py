"""Self-service accounts of citizens and organisations (đăng ký tài khoản công dân, tổ chức).

The account is made only when the one-time code sent to the e-mail address or phone number comes back, so an
address nobody proved never holds an account (and cannot block its owner). Whether an address already has an
account is said only after the code is right, i.e. only to the address's owner.
"""

import datetime
import secrets
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from motcua.accounts import verification
from motcua.accounts.models import PersonalDataConsent, User, VerificationCode

Purpose = VerificationCode.Purpose


@dataclass(frozen=True)
class SignupRequest:
    account_type: str  # User.AccountType.CITIZEN or ORGANISATION
    full_name: str
    channel: str  # "email" or "sms"
    address: str  # the e-mail address or the phone number in its one spelling
    password: str
    notice_version: str = ""  # the processing notice agreed to (motcua.accounts.personal_data_requests)


def start(request: SignupRequest) -> VerificationCode:
    """Send the code; nothing else is stored but the code's row (with the password already hashed)."""
    payload = {
        "account_type": request.account_type,
        "full_name": request.full_name,
        "password_hash": make_password(request.password),
        "notice_version": request.notice_version,
        "consented_at": timezone.now().isoformat(),
    }
    return verification.issue(Purpose.SIGNUP, request.channel, request.address, payload=payload)


def address_taken(channel: str, address: str) -> bool:
    if channel == VerificationCode.Channel.EMAIL:
        return User.objects.filter(email__iexact=address).exists()
    return User.objects.filter(phone=address).exists()


def _username(address: str) -> str:
    taken = User.objects.filter(username__iexact=address).exists()
    return f"{address}-{secrets.token_hex(3)}" if taken else address


def complete(row: VerificationCode, code: str) -> User:
    """Check the code and make the account, its address marked as verified. Raises ValidationError."""
    # The check commits on its own: a wrong try must count even though this call then raises.
    result = verification.check(row, code)
    if result.spent:
        raise ValidationError(
            gettext("Mã xác minh đã hết hạn hoặc đã nhập sai quá nhiều lần. Hãy bấm «Gửi lại mã»."), code="spent"
        )
    if not result.accepted:
        raise ValidationError(gettext("Mã xác minh không đúng. Hãy kiểm tra và nhập lại."), code="invalid")
    with transaction.atomic():
        if address_taken(row.channel, row.address):
            raise ValidationError(
                gettext("Địa chỉ này đã có tài khoản. Hãy đăng nhập, hoặc dùng «Quên mật khẩu» nếu không nhớ."),
                code="taken",
            )
        now = timezone.now()
        email = row.address if row.channel == VerificationCode.Channel.EMAIL else ""
        phone = row.address if row.channel == VerificationCode.Channel.SMS else ""
        user = User(
            username=_username(row.address),
            full_name=row.payload["full_name"],
            account_type=row.payload["account_type"],
            email=email,
            phone=phone,
            email_verified_at=now if email else None,
            phone_verified_at=now if phone else None,
            password=row.payload["password_hash"],
        )
        user.save()
        if row.payload.get("notice_version"):
            PersonalDataConsent.objects.create(
                user=user,
                notice_version=row.payload["notice_version"],
                given_at=datetime.datetime.fromisoformat(row.payload["consented_at"]),
            )
        VerificationCode.objects.filter(pk=row.pk).update(payload={}, user=user)
    return user
