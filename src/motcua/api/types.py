"""The bounded input types of the API: every number, text and date a caller sends carries the bounds of the column or
rule that receives it, so a value out of range is a 422 naming its field (in Vietnamese, motcua.api.errors) and is
written in the OpenAPI document, instead of an overflow or a refusal of the database (a 500).

The rules themselves (phone, e-mail, days, NUL) are motcua.core.validators, shared with the pages.
"""

import datetime
from collections.abc import Callable
from typing import Annotated

from django.core.exceptions import ValidationError
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from motcua.core import validators

# Primary keys are BIGINT (DEFAULT_AUTO_FIELD, validators.ID_MAX); counters such as the revision are INTEGER.
ID_MAX = validators.ID_MAX
INT_MAX = 2**31 - 1
# Paging without a count never needs to skip more rows than a province has dossiers in many years.
OFFSET_MAX = 10_000_000
# Free text of an action (a reason, a note, an answer): the desk's text boxes take as much.
TEXT_MAX = 2000
# A line of a list (an item to supplement), a name, an address: the width of the columns that keep them.
LINE_MAX = 255


def _pydantic(rule: Callable, kind: str) -> AfterValidator:
    """A core validator as a pydantic one: its Vietnamese message becomes the error's `msg`."""

    def check(value):
        if value is None:
            return value
        try:
            result = rule(value)
        except ValidationError as error:
            raise PydanticCustomError(kind, " ".join(error.messages)) from None
        return value if result is None else result

    return AfterValidator(check)


_no_nul = _pydantic(validators.check_text, "nul_character")

Id = Annotated[int, Field(ge=0, le=ID_MAX)]  # 0 names nothing: a 404 or 422 of the rule that looks it up
Count = Annotated[int, Field(ge=0, le=INT_MAX)]
Offset = Annotated[int, Field(ge=0, le=OFFSET_MAX)]


def text(max_length: int = TEXT_MAX) -> type[str]:
    """A string of at most `max_length` characters, without NUL."""
    return Annotated[str, Field(max_length=max_length), _no_nul]  # type: ignore[return-value]


Text = text()
Line = text(LINE_MAX)
Day = Annotated[datetime.date, _pydantic(validators.check_day, "day_range")]
Moment = Annotated[datetime.datetime, _pydantic(validators.check_day, "day_range")]
Phone = Annotated[
    str, Field(max_length=30), _pydantic(lambda v: validators.validate_phone(v) if v.strip() else "", "phone")
]
Email = Annotated[
    str,
    Field(max_length=validators.EMAIL_MAX_LENGTH),
    _pydantic(lambda v: validators.validate_email_address(v) if v.strip() else "", "email"),
]
