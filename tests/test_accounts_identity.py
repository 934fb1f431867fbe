"""Personal ID numbers (CCCD, Thông tư 59/2021/TT-BCA) and tax codes (mã số thuế)."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from motcua.accounts.identity_numbers import (
    cccd_birth_century_and_sex,
    cccd_place_codes,
    validate_cccd,
    validate_tax_code,
)

TODAY = datetime.date(2026, 3, 1)


def error_code(validator, value, **kwargs) -> str | None:
    try:
        validator(value, **kwargs)
    except ValidationError as error:
        return error.code
    return None


@pytest.mark.parametrize(
    "number",
    [
        "001090012345",  # Hà Nội, man born 1990
        "079301123456",  # TP Hồ Chí Minh, woman born 2001
        "096026000001",  # Cà Mau, woman born 1926
        "001225999999",  # man born 2025
    ],
)
def test_valid_cccd(number):
    assert error_code(validate_cccd, number, today=TODAY) is None


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("00109001234", "cccd_format"),  # 11 digits
        ("0010900123456", "cccd_format"),  # 13 digits
        ("00109001234a", "cccd_format"),
        (" 001090012345", "cccd_format"),
        ("", "cccd_format"),
        ("001090012345\n", "cccd_format"),
        ("٠٠١٠٩٠٠١٢٣٤٥", "cccd_format"),  # Arabic-Indic digits
        ("００１０９００１２３４５", "cccd_format"),  # full-width digits
        ("000090012345", "cccd_province"),
        ("003090012345", "cccd_province"),  # no province has code 03
        ("099090012345", "cccd_province"),
        ("001227012345", "cccd_century"),  # born 2027, after TODAY
        ("001499012345", "cccd_century"),  # 22nd century
    ],
)
def test_invalid_cccd(number, code):
    assert error_code(validate_cccd, number, today=TODAY) == code


def test_cccd_messages_are_vietnamese():
    with pytest.raises(ValidationError) as error:
        validate_cccd("003090012345", today=TODAY)
    assert error.value.messages == [
        "Số định danh cá nhân không hợp lệ: 3 chữ số đầu (003) không phải mã tỉnh, thành phố."
    ]
    with pytest.raises(ValidationError) as error:
        validate_cccd("1234")
    assert error.value.messages == ["Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số."]


@pytest.mark.parametrize(
    ("number", "century", "sex"),
    [
        ("001090012345", 1900, "nam"),
        ("001190012345", 1900, "nữ"),
        ("001201012345", 2000, "nam"),
        ("001301", 2000, "nữ"),
    ],
)
def test_century_and_sex_digit(number, century, sex):
    assert cccd_birth_century_and_sex(number) == (century, sex)


def cccd_parts():
    return st.tuples(
        st.sampled_from(sorted(cccd_place_codes())),
        st.integers(min_value=0, max_value=9),  # century and sex digit
        st.integers(min_value=0, max_value=99),  # year within the century
        st.integers(min_value=0, max_value=999_999),
    )


@given(cccd_parts())
def test_cccd_property_valid_exactly_when_birth_year_not_in_future(parts):
    place, digit, year, serial = parts
    number = f"{place:03d}{digit}{year:02d}{serial:06d}"
    birth_year = 1900 + 100 * (digit // 2) + year
    expected = None if birth_year <= TODAY.year else "cccd_century"
    assert error_code(validate_cccd, number, today=TODAY) == expected
    assert cccd_birth_century_and_sex(number)[1] == ("nữ" if digit % 2 else "nam")


@given(st.text(max_size=14) | st.text(st.characters(categories=["Nd"]), min_size=12, max_size=12))
def test_cccd_property_anything_but_twelve_ascii_digits_is_a_format_error(text):
    if re.fullmatch(r"[0-9]{12}", text):
        return
    assert error_code(validate_cccd, text, today=TODAY) == "cccd_format"


@pytest.mark.parametrize("code", ["0100109106", "0100109106-001", "3500102710-999"])
def test_valid_tax_codes(code):
    assert error_code(validate_tax_code, code) is None


@pytest.mark.parametrize(
    "code",
    [
        "010010910",
        "01001091061",
        "0100109106-01",
        "0100109106-0011",
        "0100109106001",
        "01001O9106",
        "",
        "0100109106\n",
        "０１００１０９１０６",
    ],
)
def test_invalid_tax_codes(code):
    assert error_code(validate_tax_code, code) == "tax_code_format"


@given(st.from_regex(r"\A\d{10}(-\d{3})?\Z", fullmatch=True).filter(str.isascii))
def test_tax_code_property_well_formed_codes_pass(code):
    assert error_code(validate_tax_code, code) is None
