"""Electronic identifiers of agencies (mã định danh điện tử, Quyết định 20/2020/QĐ-TTg, QCVN 102:2016/BTTTT).

The code `V1V2V3.Z1Z2.Y1Y2.MX1X2` is read right to left: level 1 `MX1X2` (a letter and two digits, e.g. H26
for a province), level 2 `Y1Y2`, level 3 `Z1Z2`, level 4 `V1V2V3`. Zeros at a level mean "the unit itself",
so a lower level cannot be set while the level above it is zero.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

# ASCII only: \d would otherwise accept other scripts' digits. Used with fullmatch, so no trailing newline slips by.
ELECTRONIC_ID_PATTERN = re.compile(
    r"(?P<level4>\d{3})\.(?P<level3>\d{2})\.(?P<level2>\d{2})\.(?P<level1>[A-Z]\d{2})", re.ASCII
)


def validate_electronic_id(value: str) -> None:
    match = ELECTRONIC_ID_PATTERN.fullmatch(value or "")
    if match is None:
        raise ValidationError(
            gettext(
                "Mã định danh phải có dạng V1V2V3.Z1Z2.Y1Y2.MX1X2 gồm 13 ký tự, ví dụ 000.00.00.H26 "
                "(chữ cái in hoa và chữ số, ngăn cách bằng dấu chấm)."
            ),
            code="electronic_id_format",
        )
    level2, level3, level4 = (int(match[name]) for name in ("level2", "level3", "level4"))
    if level3 and not level2:
        raise ValidationError(
            gettext("Mã định danh không hợp lệ: đã có mã cấp 3 (Z1Z2) thì mã cấp 2 (Y1Y2) không được là 00."),
            code="electronic_id_hierarchy",
        )
    if level4 and not level3:
        raise ValidationError(
            gettext("Mã định danh không hợp lệ: đã có mã cấp 4 (V1V2V3) thì mã cấp 3 (Z1Z2) không được là 00."),
            code="electronic_id_hierarchy",
        )
