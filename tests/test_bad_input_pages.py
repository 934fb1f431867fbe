"""Bad input to the staff pages is refused beside its field in Vietnamese, never a 500 (issue 16 item 8): a queue filter
in year 9999 (the day after it overflowed), and the contact rules of motcua.core.validators that the desk's intake form,
the portal's form and the API share (phone numbers and e-mail addresses were stored as given)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.core import validators

DAY_RANGE = "Ngày phải trong khoảng từ 01/01/2000 đến 31/12/2099."


@pytest.mark.parametrize("field", ["received_from", "received_to"])
@pytest.mark.parametrize("typed", ["31/12/9999", "01/01/0001"])
def test_a_queue_filter_outside_the_bounded_days_is_shown_beside_its_field(login_as, field, typed):
    response = login_as("tiepnhan.hongvan").get(reverse("desk:dossiers"), {field: typed})
    assert response.status_code == 200
    assert response.context["filters"].errors[field] == [DAY_RANGE]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("024 3825 1234", "02438251234"),
    ],
)
def test_a_contact_number_is_kept_in_its_one_spelling(typed, stored):
    assert validators.validate_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12ab", "091234567", "091234567890", "0912345678x", "+1 415 555 0100", "0"])
def test_a_wrong_contact_number_is_refused_in_vietnamese(typed):
    with pytest.raises(ValidationError) as refused:
        validators.validate_phone(typed)
    assert refused.value.messages == ["Số điện thoại gồm 10 hoặc 11 chữ số, bắt đầu bằng số 0."]


@pytest.mark.parametrize("typed", ["02438251234", "0112345678", "091234567"])
def test_a_mobile_number_is_ten_digits_from_03_05_07_08_or_09(typed):
    with pytest.raises(ValidationError, match="Số điện thoại di động không hợp lệ"):
        validators.validate_mobile(typed)


@pytest.mark.parametrize("typed", ["an", "an@", "@example.vn", "an@@example.vn", "a" * 250 + "@example.vn"])
def test_a_wrong_email_address_is_refused_in_vietnamese(typed):
    with pytest.raises(ValidationError) as refused:
        validators.validate_email_address(typed)
    assert refused.value.messages == ["Thư điện tử không hợp lệ, ví dụ đúng: ten@example.vn."]


@pytest.mark.parametrize("typed", ["99999999999999999999", "²", "1\x00"])
def test_a_procedure_number_that_names_nothing_shows_the_procedure_chooser(login_as, typed):
    """ "²" is a digit to str.isdigit() but not to int(), and 20 digits overflow SQLite: both were a 500."""
    response = login_as("tiepnhan.hongvan").get(reverse("desk:dossier_intake"), {"thu-tuc": typed})
    assert response.status_code == 200
    assert "paged" in response.context  # the list of procedures to choose from, not an intake form


@pytest.mark.parametrize(("text", "number"), [("42", 42), (" 7 ", 7), ("²", None), ("-1", None), ("9" * 19, None)])
def test_a_row_number_is_ascii_digits_within_bigint(text, number):
    assert validators.parse_id(text) == number


def test_more_than_a_hundred_files_on_a_page_is_a_vietnamese_400(client):
    """Django refuses the 101st file before any view (DATA_UPLOAD_MAX_NUMBER_FILES); the answer says why in
    Vietnamese instead of Django's English "Bad Request (400)"."""
    files = [SimpleUploadedFile(f"to-khai-{n}.pdf", b"%PDF-1.4\n") for n in range(101)]
    response = client.post(reverse("accounts:login"), {"username": "an", "files": files})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Yêu cầu không hợp lệ" in page and "tối đa 100 tệp" in page


@pytest.mark.parametrize("typed", ["²", "99999999999999999999", "1\x00"])
@pytest.mark.parametrize(
    ("username", "url", "parameter"),
    [
        ("tiepnhan.hongvan", "desk:dossiers", "trang"),
        ("thanhtra.hanoi", "desk:dashboard-dossiers", "trang"),
        ("thanhtra.hanoi", "desk:dashboard-dossiers", "linh_vuc"),
        ("thanhtra.hanoi", "desk:dashboard-dossiers", "don_vi"),
        ("thanhtra.hanoi", "desk:report-06a", "thu-tuc"),
        ("thanhtra.hanoi", "desk:report-06a", "linh-vuc"),
        ("quantri.hethong", "desk:catalog_control", "co_quan"),
    ],
)
def test_a_row_or_page_number_in_a_query_that_is_no_number_is_never_a_500(login_as, username, url, parameter, typed):
    """Each of these read the query with str.isdigit() then int(): "²" passed the first and broke the second."""
    response = login_as(username).get(reverse(url), {parameter: typed, "chi_so": "late"})
    assert response.status_code in (200, 404, 422)
