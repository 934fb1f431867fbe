from hypothesis import given
from hypothesis import strategies as st

from motcua.catalog.text import fold


def test_fold_removes_vietnamese_diacritics_and_case():
    assert fold("Thủ tục  Đăng ký KHAI SINH") == "thu tuc dang ky khai sinh"
    assert fold("Chứng thực bản sao từ bản chính") == "chung thuc ban sao tu ban chinh"
    assert fold("Hòa giải tranh chấp đất đai") == "hoa giai tranh chap dat dai"


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)
