"""The apology letter and new appointment (Mẫu 04), on time and late — Decree 118/2025 Art. 19.6: "trong thời hạn
chậm nhất 01 ngày trước ngày hết hạn … gửi văn bản xin lỗi … Việc hẹn lại ngày trả kết quả được thực hiện không quá
một lần." "01 ngày" is a calendar day (the decree writes "ngày làm việc" where it means working days)."""

import datetime
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dossier_helpers import at, processing, user
from motcua.documents.dossier_forms import render_form
from motcua.dossiers import apology, lifecycle
from motcua.dossiers.apology import ApologyStanding
from motcua.dossiers.errors import ActionNotAllowed
from motcua.dossiers.models import Dossier, DossierEvent

Kind = DossierEvent.Kind


@pytest.fixture
def leader(demo):
    return user("lanhdao.hongvan")


def due_monday():
    """Accepted Monday 02/03/2026 10:00: due Monday 09/03/2026 10:00 (5 working days)."""
    dossier = processing(at(2026, 3, 2, 10))
    assert dossier.due_at == at(2026, 3, 9, 10)
    return dossier


def letter(dossier) -> DossierEvent:
    return dossier.events.get(kind=Kind.EXTENDED)


def test_art_19_6_on_time_is_a_calendar_day_before_the_due_date(leader):
    # Sunday 08/03 is the day before Monday's due date: on time by calendar days (by working days it would be late,
    # the last working day before being Friday 06/03).
    dossier = lifecycle.request_extension(
        leader, due_monday(), reason="Chờ xác minh", new_due_at=at(2026, 3, 12, 10), at=at(2026, 3, 8, 10)
    )
    details = letter(dossier).details
    assert (details["late"], details["days_late"], details["overdue"]) == (False, 0, False)
    assert details["last_on_time_day"] == "2026-03-08"
    assert dossier.due_at == dossier.extended_due_at == at(2026, 3, 12, 10)


def test_art_19_6_a_letter_on_the_due_day_is_late_but_accepted(leader):
    dossier = lifecycle.request_extension(
        leader, due_monday(), reason="Chờ xác minh", new_due_at=at(2026, 3, 12, 10), at=at(2026, 3, 9, 8)
    )
    details = letter(dossier).details
    assert (details["late"], details["days_late"], details["overdue"]) == (True, 1, False)


def test_art_19_6_late_apology_after_the_due_date_is_recorded_as_late(leader):
    dossier = due_monday()
    assert "request_extension" in lifecycle.available_actions(leader, dossier)
    dossier = lifecycle.request_extension(
        leader, dossier, reason="Chậm xác minh", new_due_at=at(2026, 3, 13, 16), at=at(2026, 3, 11, 9)
    )
    event = letter(dossier)
    assert event.form == DossierEvent.Form.APOLOGY
    assert event.details["late"] is True and event.details["overdue"] is True
    assert event.details["days_late"] == 3  # 11/03 is three days after the last day allowed, 08/03
    assert datetime.datetime.fromisoformat(event.details["previous_due_at"]) == at(2026, 3, 9, 10)
    assert Dossier.objects.get(pk=dossier.pk).due_at == at(2026, 3, 13, 16)


def test_art_19_6_a_second_apology_is_refused_and_no_longer_offered(leader):
    dossier = lifecycle.request_extension(
        leader, due_monday(), reason="Chậm", new_due_at=at(2026, 3, 13, 16), at=at(2026, 3, 11, 9)
    )
    assert "request_extension" not in lifecycle.available_actions(leader, dossier)
    with pytest.raises(ActionNotAllowed, match="một lần"):
        lifecycle.request_extension(
            leader, dossier, reason="Lần hai", new_due_at=at(2026, 3, 20, 16), at=at(2026, 3, 16)
        )
    assert dossier.events.filter(kind=Kind.EXTENDED).count() == 1


@pytest.mark.parametrize(
    ("new_due_at", "message"),
    [
        (at(2026, 3, 10, 16), "sau thời điểm hiện tại"),  # after the old due date, but already past
        (at(2026, 3, 9, 9), "sau hạn hiện tại"),
        (at(2027, 3, 12, 10), "không được quá 01 năm"),
    ],
)
def test_art_19_6_the_new_appointment_must_be_in_the_future_and_within_a_year(leader, new_due_at, message):
    dossier = due_monday()
    with pytest.raises(ValidationError, match=message) as raised:
        lifecycle.request_extension(leader, dossier, reason="Chậm", new_due_at=new_due_at, at=at(2026, 3, 11, 9))
    assert "new_due_at" in raised.value.message_dict
    assert not dossier.events.filter(kind=Kind.EXTENDED).exists()
    assert Dossier.objects.get(pk=dossier.pk).due_at == at(2026, 3, 9, 10)


def test_art_19_6_reports_tell_apart_missing_late_and_on_time_letters(leader):
    on_time = lifecycle.request_extension(
        leader, due_monday(), reason="Chờ", new_due_at=at(2026, 3, 12, 10), at=at(2026, 3, 6, 10)
    )
    late = lifecycle.request_extension(
        leader, due_monday(), reason="Chậm", new_due_at=at(2026, 3, 13, 16), at=at(2026, 3, 11, 9)
    )
    missing = due_monday()
    groups = apology.split(Dossier.objects.filter(pk__in=[on_time.pk, late.pk, missing.pk]))
    assert groups == {
        ApologyStanding.MISSING: [missing.pk],
        ApologyStanding.LATE: [late.pk],
        ApologyStanding.ON_TIME: [on_time.pk],
    }


def test_art_19_6_the_desk_offers_the_late_letter_and_says_it_is_late(leader, login_as):
    dossier = due_monday()  # long overdue by now
    client = login_as("lanhdao.hongvan")
    html = client.get(reverse("desk:dossier", args=[dossier.pk])).content.decode()
    assert "Xin lỗi và hẹn lại (Mẫu 04)" in html
    assert "ghi nhận là gửi muộn" in html
    url = reverse("desk:dossier_action", args=[dossier.pk, "request_extension"])
    response = client.post(
        url,
        {
            "request_extension-revision": dossier.revision,
            "request_extension-reason": "Chậm",
            "request_extension-new_due_at": "01/01/2020 10:00",
        },
    )
    assert "Ngày hẹn trả mới phải sau" in response.content.decode()
    assert not dossier.events.filter(kind=Kind.EXTENDED).exists()


def test_art_19_6_the_late_letter_pdf_names_the_applicant(leader, tmp_path):
    dossier = lifecycle.request_extension(
        leader, due_monday(), reason="Chậm xác minh", new_due_at=at(2026, 3, 13, 16), at=at(2026, 3, 11, 9)
    )
    path = tmp_path / "mau-04.pdf"
    path.write_bytes(render_form("04", dossier, fmt="pdf"))
    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout.split()
    )
    assert "đã tiếp nhận hồ sơ của Ông/Bà Nguyễn Văn An:" in text
    assert "16 giờ 00 phút, ngày 13/03/2026" in text
