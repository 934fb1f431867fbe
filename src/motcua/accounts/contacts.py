"""E-mail addresses and Vietnamese mobile numbers as people type them (địa chỉ liên hệ)."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext

from motcua.accounts.backends import normalise_phone

# Mobile numbers since the 2018 renumbering: 0 + 3, 5, 7, 8 or 9 + 8 digits.
MOBILE_PATTERN = re.compile(r"0[35789][0-9]{8}")


def validate_mobile(value: str) -> str:
    """The number in its one spelling (0912345678), or a Vietnamese error."""
    phone = normalise_phone(value)
    if not MOBILE_PATTERN.fullmatch(phone) or any(ch.isalpha() for ch in value):
        raise ValidationError(
            gettext("Số điện thoại di động không hợp lệ: cần 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09."),
            code="phone",
        )
    return phone


def parse_contact(value: str) -> tuple[str, str]:
    """("email", address) or ("sms", phone) for what was typed in one box, or a Vietnamese error."""
    value = (value or "").strip()
    if "@" in value:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(
                gettext("Thư điện tử không hợp lệ, ví dụ đúng: ten@example.vn."), code="email"
            ) from None
        local, _at, domain = value.rpartition("@")
        return "email", f"{local}@{domain.lower()}"
    return "sms", validate_mobile(value)
