"""Public tracking without login: code + phone or ID number, state in plain words and the due date only, the same
answer for an unknown code and a wrong phone, and a limit on tries per client address."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from dossier_helpers import PERSON, at, intake, processing, user
from motcua.core.models import RateCounter
from motcua.documents.dossier_forms import tracking_url
from motcua.dossiers import lifecycle
from motcua.portal import tracking_service
from test_payments_support import dossier_with_fees

URL = "/cong-dan/tra-cuu/"
NOT_FOUND = "Không tìm thấy hồ sơ với mã và số điện thoại hoặc số CCCD đã nhập"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def dossier(demo):
    return dossier_with_fees()


def lookup(client, code, secret, address="192.0.2.10"):
    return client.post(URL, {"code": code, "secret": secret}, REMOTE_ADDR=address)


def test_the_receipt_qr_code_opens_the_form_with_the_code(client, dossier):
    assert reverse("portal:tracking") == URL
    link = tracking_url(dossier.code, "http://testserver")
    page = client.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'value="{dossier.code}"' in html
    assert "Số điện thoại hoặc số CCCD của người nộp" in html
    assert "Đã tiếp nhận" not in html  # the code alone shows nothing


@pytest.mark.parametrize("secret", ["0912345678", "+84 912 345 678", "0912.345.678", "001090012345"])
def test_code_and_phone_or_id_show_state_and_due_date_without_personal_data(client, dossier, secret):
    page = lookup(client, dossier.code.lower(), secret)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Đã tiếp nhận, đang chuyển đến cơ quan giải quyết." in html
    assert dossier.due_at.astimezone(tracking_due_zone()).strftime("%H:%M %d/%m/%Y") in html
    assert dossier.version.name in html
    for private in ("Nguyễn Văn An", "Thôn Hồng Vân", "001090012345", "0912345678"):
        # The form keeps what was typed (the secret itself); nothing else of the applicant's appears.
        if private != secret:
            assert private not in html


def tracking_due_zone():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Ho_Chi_Minh")


def test_an_unknown_code_and_a_wrong_phone_get_the_same_answer(client, dossier):
    unknown = lookup(client, dossier.code[:-1] + ("9" if dossier.code[-1] != "9" else "8"), "0912345678")
    wrong_phone = lookup(client, dossier.code, "0987654321")
    wrong_id = lookup(client, dossier.code, "001090099999")
    pages = [unknown, wrong_phone, wrong_id]
    assert {page.status_code for page in pages} == {200}
    texts = [page.content.decode() for page in pages]
    assert all(NOT_FOUND in text for text in texts)
    assert all(dossier.version.name not in text for text in texts)
    # Apart from the echoed inputs and the form's token, the pages' contents are identical.
    assert strip_varying(texts[1], dossier.code, "0987654321") == strip_varying(texts[2], dossier.code, "001090099999")


def strip_varying(html: str, code: str, secret: str) -> str:
    import re

    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main)
    return main.replace(code, "CODE").replace(secret, "SECRET")


def test_a_short_piece_of_the_phone_does_not_match(dossier):
    assert tracking_service.find(dossier.code, "678") is None
    assert tracking_service.find(dossier.code, "") is None
    assert tracking_service.find(dossier.code, "0912345678") is not None


def test_tries_are_limited_per_client_address(client, dossier):
    for _ in range(tracking_service.THROTTLE_LIMIT):
        assert lookup(client, "000.00.00.H26-260101-0001", "0900000000").status_code == 200
    blocked = lookup(client, dossier.code, "0912345678")
    assert blocked.status_code == 429
    html = blocked.content.decode()
    assert "Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau 10 phút." in html
    assert "Đã tiếp nhận" not in html  # even the right answer is withheld
    assert f'value="{dossier.code}"' in html  # what was typed is kept
    # Another address is not affected; the form itself (GET) stays open.
    assert lookup(client, dossier.code, "0912345678", address="192.0.2.99").status_code == 200
    assert client.get(URL, REMOTE_ADDR="192.0.2.10").status_code == 200


def test_the_window_ends(client, dossier):
    for _ in range(tracking_service.THROTTLE_LIMIT + 1):
        lookup(client, dossier.code, "0900000000")
    assert lookup(client, dossier.code, "0912345678").status_code == 429
    RateCounter.objects.update(resets_at=timezone.now())  # the counter's window, as if 10 minutes had passed
    assert lookup(client, dossier.code, "0912345678").status_code == 200


def test_empty_fields_are_explained(client, dossier):
    page = lookup(client, "", "")
    html = page.content.decode()
    assert "Hãy nhập mã hồ sơ hoặc mã tra cứu." in html
    assert "Hãy nhập số điện thoại hoặc số CCCD của người nộp hồ sơ." in html
    assert NOT_FOUND not in html


def online_dossier():
    """Submitted online by the demo citizen, not yet accepted: it has a reference and no legal code."""
    applicant = lifecycle.Applicant(**{**PERSON.__dict__, "user": user("congdan")})
    return lifecycle.submit_online(user("congdan"), intake(channel="online", applicant=applicant))


def test_an_online_dossier_is_found_by_its_reference_before_it_has_a_code(client, demo):
    dossier = online_dossier()
    assert dossier.code is None
    for typed in (dossier.reference, dossier.reference.lower(), dossier.reference.replace("-", "")):
        html = lookup(client, typed, "0912345678").content.decode()
        assert NOT_FOUND not in html, typed
        assert "Đã nộp trực tuyến, đang chờ cán bộ kiểm tra để tiếp nhận." in html
        assert f"Hồ sơ {dossier.reference}" in html
    assert NOT_FOUND in lookup(client, dossier.reference, "0987654321").content.decode()


def test_the_reference_still_finds_the_dossier_once_it_has_its_code(client, demo):
    dossier = lifecycle.accept(user("tiepnhan.hongvan"), online_dossier())
    html = lookup(client, dossier.reference, "001090012345").content.decode()
    assert f"Hồ sơ {dossier.code}" in html and dossier.reference in html


def test_an_overdue_dossier_says_so_with_the_apology_and_its_new_appointment(client, demo):
    dossier = processing(at(2026, 3, 2, 9, 0))
    new_due = dossier.due_at + datetime.timedelta(days=3)
    lifecycle.request_extension(
        user("lanhdao.hongvan"), dossier, reason="Chờ xác minh", new_due_at=new_due, at=at(2026, 3, 2, 14, 0)
    )
    html = lookup(client, dossier.code, "0912345678").content.decode()
    days = (timezone.now() - new_due).days
    assert f"Quá hạn {days} ngày" in html
    assert "Cơ quan giải quyết đã gửi văn bản xin lỗi và hẹn lại ngày trả kết quả: " in html
    assert timezone.localtime(new_due).strftime("%H:%M %d/%m/%Y") in html
    assert "Chờ xác minh" not in html  # the letter's reasons stay behind the applicant's login
