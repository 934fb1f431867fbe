"""Checks of what people type, shared by the pages, the API and the services (kiểm tra dữ liệu nhập): phone numbers,
e-mail addresses, days and free text. Each raises a ValidationError with a Vietnamese message, so a wrong value is
refused beside its field (a 4xx) instead of reaching the database (where it was stored as given, or failed as a 500).
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext

# Mobile numbers since the 2018 renumbering: 0 + 3, 5, 7, 8 or 9 + 8 digits.
MOBILE_PATTERN = re.compile(r"0[35789][0-9]{8}")
# A contact number: a mobile number (10 digits) or a fixed line with its area code (02…, 11 digits since 2017).
PHONE_PATTERN = re.compile(r"0[0-9]{9,10}")
# The longest e-mail address a mail server accepts (RFC 5321 path limit), and the column's length.
EMAIL_MAX_LENGTH = 254
# The days the system deals with: no dossier is older than 2000 (the tracking book's first day too), and a date past
# 2099 is a typing error. Bounding them keeps date arithmetic (the day after, the UTC instant) from overflowing.
EARLIEST_DAY = datetime.date(2000, 1, 1)
LATEST_DAY = datetime.date(2099, 12, 31)
NUL = "\x00"
# The largest primary key (BIGINT); written with at most 18 digits a number is always below it.
ID_MAX = 2**63 - 1


def normalise_phone(value: str) -> str:
    """0912 345 678, +84912345678 and 84912345678 are the same number: 0912345678."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if value.strip().startswith("+84") or (digits.startswith("84") and len(digits) == 11):
        digits = "0" + digits[2:]
    return digits


def _spelled_as_number(value: str) -> bool:
    """Digits with the usual separators (spaces, dots, dashes, a leading +84) and nothing else."""
    return all(ch.isdigit() or ch in " .-+()" for ch in value)


def validate_mobile(value: str) -> str:
    """A Vietnamese mobile number (số điện thoại di động) in its one spelling (0912345678), or a Vietnamese error."""
    phone = normalise_phone(value)
    if not MOBILE_PATTERN.fullmatch(phone) or not _spelled_as_number(value):
        raise ValidationError(
            gettext("Số điện thoại di động không hợp lệ: cần 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09."),
            code="phone",
        )
    return phone


def validate_phone(value: str) -> str:
    """A contact number (số điện thoại liên hệ): mobile or fixed line, 10 or 11 digits from 0, in its one spelling."""
    phone = normalise_phone(value)
    if not PHONE_PATTERN.fullmatch(phone) or not _spelled_as_number(value):
        raise ValidationError(gettext("Số điện thoại gồm 10 hoặc 11 chữ số, bắt đầu bằng số 0."), code="phone")
    return phone


def validate_email_address(value: str) -> str:
    """An e-mail address (thư điện tử) with its domain in lower case, or a Vietnamese error."""
    value = value.strip()
    try:
        if len(value) > EMAIL_MAX_LENGTH:
            raise ValidationError("too long")
        validate_email(value)
    except ValidationError:
        raise ValidationError(gettext("Thư điện tử không hợp lệ, ví dụ đúng: ten@example.vn."), code="email") from None
    local, _at, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}"


def check_day(value: datetime.date) -> datetime.date:
    """A day between EARLIEST_DAY and LATEST_DAY (a datetime is judged by its day)."""
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValidationError(
            gettext("Ngày phải trong khoảng từ %(first)s đến %(last)s.")
            % {"first": f"{EARLIEST_DAY:%d/%m/%Y}", "last": f"{LATEST_DAY:%d/%m/%Y}"},
            code="day_range",
        )
    return value


def parse_id(text: str | None) -> int | None:
    """The row number written in a URL or a query (ASCII digits, within BIGINT), or None: "²" is a digit to
    str.isdigit() but not to int(), and 2**64 overflows SQLite."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 18):
        return None
    return int(text)


def check_text(value: str) -> str:
    """Text without the NUL character, which PostgreSQL cannot store or compare (it was a 500 in a search)."""
    if NUL in value:
        raise ValidationError(gettext("Nội dung chứa ký tự không hợp lệ (NUL)."), code="nul")
    return value
