"""Validation of personal ID numbers (số định danh cá nhân / CCCD) and tax codes (mã số thuế).

CCCD (Thông tư 59/2021/TT-BCA, formerly 07/2016/TT-BCA): 12 digits = 3-digit place-of-birth code (the
province codes of the national list, zero-padded) + 1 digit for century and sex (0/1: 20th century male/female,
2/3: 21st, 4/5: 22nd, 6/7: 23rd, 8/9: 24th) + 2 digits year of birth + 6 random digits.
"""

import datetime
import re
from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

# [0-9], not \d (which also takes other scripts' digits), and fullmatch, because $ would allow a final newline.
CCCD_PATTERN = re.compile(r"[0-9]{12}")
TAX_CODE_PATTERN = re.compile(r"[0-9]{10}(-[0-9]{3})?")


@cache
def cccd_place_codes() -> frozenset[int]:
    """Province codes valid as a CCCD prefix: the legacy 63 (births before 2025) and the current 34."""
    from vietnam_provinces import Province
    from vietnam_provinces.legacy.base import Province as LegacyProvince

    codes = {int(p.code) for p in LegacyProvince.iter_all()} | {int(p.code) for p in Province.iter_all()}
    return frozenset(codes)


def cccd_birth_century_and_sex(number: str) -> tuple[int, str]:
    """The century of birth (e.g. 1900) and 'nam'/'nữ' encoded in the 4th digit."""
    digit = int(number[3])
    return 1900 + 100 * (digit // 2), ("nam", "nữ")[digit % 2]


def validate_cccd(value: str, today: datetime.date | None = None) -> None:
    if not CCCD_PATTERN.fullmatch(value or ""):
        raise ValidationError(gettext("Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số."), code="cccd_format")
    if int(value[:3]) not in cccd_place_codes():
        raise ValidationError(
            gettext("Số định danh cá nhân không hợp lệ: 3 chữ số đầu (%(prefix)s) không phải mã tỉnh, thành phố."),
            code="cccd_province",
            params={"prefix": value[:3]},
        )
    century, _sex = cccd_birth_century_and_sex(value)
    birth_year = century + int(value[4:6])
    if birth_year > (today or datetime.date.today()).year:
        raise ValidationError(
            gettext(
                "Số định danh cá nhân không hợp lệ: chữ số thứ 4 và năm sinh (%(year)s) "
                "cho một năm sinh trong tương lai."
            ),
            code="cccd_century",
            params={"year": birth_year},
        )


def validate_tax_code(value: str) -> None:
    if not TAX_CODE_PATTERN.fullmatch(value or ""):
        raise ValidationError(
            gettext(
                "Mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số của đơn vị phụ thuộc "
                "(ví dụ 0100109106-001)."
            ),
            code="tax_code_format",
        )
