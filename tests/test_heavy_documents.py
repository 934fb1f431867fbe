"""Heavy documents in the background (motcua.documents.background) and the bounds of the tracking book (Mẫu 07):
request → waiting → the worker's steps → download; another user is refused; bad periods are a clear 422."""

import datetime
import os
import subprocess

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from api_errors import messages_at
from dossier_helpers import CENTRE, at, processing
from motcua.documents import background
from motcua.documents.models import BackgroundDocument
from motcua.orgs.models import Agency

DESK, SPECIALIST, INSPECTOR = "tiepnhan.hongvan", "chuyenvien.hongvan", "thanhtra.hanoi"
BOOK = reverse("desk:dossier_tracking_book")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


def book_params(**changes):
    centre = Agency.objects.get(name=CENTRE)
    return {
        "agency": str(centre.pk),
        "date_from": "2026-01-01",
        "date_to": "2026-06-30",
        "fmt": "pdf",
        "part": "1",
        **changes,
    }


# The task worker closes the connection after its batch: on PostgreSQL that needs real transactions.
@pytest.mark.django_db(transaction=True)
def test_a_long_book_is_made_in_the_background_for_its_requester_only(
    login_as, django_capture_on_commit_callbacks, tmp_path, client
):
    dossier = processing(at(2026, 3, 2, 9))
    staff = login_as(DESK)
    # Six months: more than the three sent at once, so the page offers the background instead of laying it out.
    offer = staff.get(BOOK, book_params())
    assert offer.status_code == 200 and offer["Content-Type"].startswith("text/html")
    assert "Sổ này cần tạo trong nền" in offer.text and "1 hồ sơ" in offer.text
    with django_capture_on_commit_callbacks(execute=True):
        queued = staff.post(BOOK, book_params())
    document = BackgroundDocument.objects.get()
    assert queued.status_code == 302 and queued.url == reverse("documents:background-status", args=[document.key])
    # Waiting: the status page says so, shows 0 of its steps and no download yet.
    waiting = staff.get(queued.url)
    assert waiting.status_code == 200 and "no-store" in waiting["Cache-Control"]
    assert "Đã xong 0/1 bước" in waiting.text and "Đang chờ" in waiting.text
    download_url = reverse("documents:background-download", args=[document.key])
    assert download_url not in waiting.text
    assert staff.get(download_url).status_code == 404
    # Asking again while it waits gives the same document, not a second job.
    with django_capture_on_commit_callbacks(execute=True):
        assert staff.post(BOOK, book_params()).url == queued.url
    assert BackgroundDocument.objects.count() == 1

    seen = []

    def record(sender, instance, **kwargs):
        seen.append((instance.status, instance.steps_done, instance.step_label))

    post_save.connect(record, sender=BackgroundDocument, dispatch_uid="test-progress")
    try:
        run_worker()
    finally:
        post_save.disconnect(dispatch_uid="test-progress", sender=BackgroundDocument)
    assert ("running", 0, "Đang tạo phần 1/1 của sổ") in seen
    assert seen[-1][:2] == ("done", 1)

    done = staff.get(queued.url)
    assert "Tài liệu đã sẵn sàng." in done.text and download_url in done.text
    pdf = staff.get(download_url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "no-store" in pdf["Cache-Control"] and pdf["Content-Disposition"].startswith("attachment")
    assert dossier.code in pdf_text(b"".join(pdf.streaming_content), tmp_path)
    # Another staff member of the same commune, and an anonymous visitor, are refused.
    other = login_as(SPECIALIST)
    assert other.get(queued.url).status_code == 404
    assert other.get(download_url).status_code == 404
    client.logout()
    assert client.get(download_url).status_code == 404


def test_a_short_book_is_sent_at_once(login_as, tmp_path):
    dossier = processing(at(2026, 3, 2, 9))
    book = login_as(DESK).get(BOOK, book_params(date_from="2026-03-01", date_to="2026-03-31"))
    assert book.status_code == 200 and book["Content-Type"] == "application/pdf"
    assert "no-store" in book["Cache-Control"]
    assert dossier.code in pdf_text(book.content, tmp_path)
    assert not BackgroundDocument.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"date_to": "9999-12-31"}, "date_to", "Ngày này chưa đến"),
        ({"date_from": "1999-12-31"}, "date_from", "Sổ chỉ có hồ sơ từ ngày 01/01/2000."),
        ({"date_from": "2023-01-01"}, "date_to", "Mỗi lần lấy sổ được tối đa 731 ngày"),
        ({"part": "99999999999999999999"}, "part", "nhỏ hơn hoặc bằng với 1000"),
        ({"date_to": "31/02/2026"}, "date_to", ""),
    ],
)
def test_bad_periods_are_refused_with_a_message(login_as, changes, field, message):
    staff = login_as(DESK)
    for method in (staff.get, staff.post):
        response = method(BOOK, book_params(**changes))
        assert response.status_code == 422, response.status_code
        assert message in response.text
    assert not BackgroundDocument.objects.exists()


def test_the_waiting_queue_of_one_user_is_bounded(login_as, django_capture_on_commit_callbacks):
    staff = login_as(DESK)
    for month in range(1, background.MAX_UNFINISHED_PER_USER + 1):
        first = datetime.date(2026, month, 1)
        assert staff.post(BOOK, book_params(date_from=first.isoformat())).status_code == 302
    refused = staff.post(BOOK, book_params(date_from="2026-05-01"))
    assert refused.status_code == 429 and "hãy đợi chúng xong" in refused.text


# The task worker closes the connection after its batch: on PostgreSQL that needs real transactions.
@pytest.mark.django_db(transaction=True)
def test_expired_documents_and_their_files_are_removed(login_as, django_capture_on_commit_callbacks, settings):
    processing(at(2026, 3, 2, 9))
    with django_capture_on_commit_callbacks(execute=True):
        login_as(DESK).post(BOOK, book_params())
    run_worker()
    document = BackgroundDocument.objects.get()
    path = document.file.path
    assert document.status == "done"
    assert background.remove_expired(timezone.now()) == 0
    later = timezone.now() + datetime.timedelta(hours=settings.BACKGROUND_DOCUMENT_HOURS, minutes=1)
    assert background.remove_expired(later) == 1
    assert not BackgroundDocument.objects.exists()
    assert not os.path.exists(path)


def test_the_766_page_judges_the_catalog_of_all_its_months_in_one_pass(login_as):
    """The catalog of each month's end is judged in one pass (catalog.control.posting_problems and two queries of
    reports.index766 for all the days), not queries per month: ten more months of trend cost no query more. The
    ranking of the subordinate units reads the area's catalog instead of judging it again (one read of the postings).
    The month facts are stored by a first visit and the cache emptied, as on a first load after a restart."""
    inspector = login_as(INSPECTOR)
    url = reverse("desk:dashboard-766")
    counts = []
    for start in ("2026-05-01", "2025-07-01"):
        inspector.get(url, {"tu": start, "den": "2026-06-30"})
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            page = inspector.get(url, {"tu": start, "den": "2026-06-30"})
        assert page.status_code == 200
        assert "Xếp hạng" in page.content.decode()
        postings = [query for query in queries if '"catalog_posting"' in query["sql"]]
        assert len(postings) == 1, [query["sql"] for query in postings]
        counts.append(len(queries))
    assert counts[1] == counts[0], counts


def api_get(username: str, path: str, params: dict):
    from django.test import Client

    from motcua.accounts import tokens
    from motcua.accounts.models import User

    _, key = tokens.create(User.objects.get(username=username), "test")
    return Client(headers={"Authorization": f"Bearer {key}"}).get("/api/v1" + path, params)


@pytest.mark.parametrize(
    ("period", "field", "message"),
    [
        ({"to": "2099-12-31"}, "to", "Ngày này chưa đến"),
        # Before 2000 the API's date type refuses it first (a malformed query), in the same words' sense.
        ({"from": "1999-12-31"}, "from", "Ngày phải trong khoảng từ 01/01/2000"),
        ({"from": "2023-01-01"}, "to", "Mỗi lần lấy sổ được tối đa 731 ngày"),
        ({"from": "2026-03-31", "to": "2026-03-01"}, "to", "phải bằng hoặc sau"),
        ({"part": "2"}, "part", "Sổ của kỳ này có 1 phần."),
        ({"part": "0"}, "part", "Phải lớn hơn hoặc bằng 1"),
    ],
)
def test_the_api_book_has_the_bounds_of_the_desk(demo, period, field, message):
    centre = Agency.objects.get(name=CENTRE)
    params = {"from": "2026-01-01", "to": "2026-06-30", **period}
    response = api_get(DESK, f"/agencies/{centre.pk}/tracking-book", params)
    assert response.status_code == 422, response.content[:300]
    body = response.json()
    assert body["code"] == "invalid"
    assert any(message in text for text in messages_at(body, field)), body
    # A business rule's message is also the detail; a malformed query's detail points at the list (docs/api.md).
    malformed = isinstance(body["errors"], list)
    assert (message in body["detail"]) != malformed, body["detail"]


def test_the_api_book_says_how_many_parts_and_is_not_stored(demo, tmp_path):
    dossier = processing(at(2026, 3, 2, 9))
    centre = Agency.objects.get(name=CENTRE)
    response = api_get(DESK, f"/agencies/{centre.pk}/tracking-book", {"from": "2026-03-01", "to": "2026-03-31"})
    assert response.status_code == 200
    assert response["X-Book-Parts"] == "1"
    assert "no-store" in response["Cache-Control"]
    assert dossier.code in pdf_text(response.content, tmp_path)
