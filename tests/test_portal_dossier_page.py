"""The citizen's dossier page answers what the citizen must do next (issue 14): the supplement the desk asked for at
intake (Mẫu 02) with its upload, the reference given at submission, overdue and the apology letter (Mẫu 04), what
is owed and paid with one clear way to pay, and the withdrawal kept secondary."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dossier_helpers import user
from motcua.dossiers import lifecycle
from motcua.dossiers.models import DossierDocument, DossierEvent, State
from motcua.payments import services as payments
from test_payments_support import TOTAL_VND, dossier_with_fees
from test_portal_my_dossiers import SUBMITTED, online, pdf, processing

HOUR = datetime.timedelta(hours=1)
MISSING = ["Giấy xác nhận cư trú của người được giới thiệu", "Bản sao biên bản họp thôn có chữ ký"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def citizen(client, demo):
    client.force_login(user("congdan"))
    return client


def asked_at_intake():
    dossier = online()
    return lifecycle.request_intake_supplement(
        user("tiepnhan.hongvan"),
        dossier,
        items=MISSING,
        reason="Thiếu giấy tờ theo quy định",
        at=SUBMITTED + HOUR,
    )


def page_of(client, dossier) -> str:
    response = client.get(reverse("portal:my-dossier", args=[dossier.pk]))
    assert response.status_code == 200
    return response.content.decode()


def h1(html: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)


# -- item 2: the supplement asked for at intake ---------------------------------------------------------------


def test_a_supplement_asked_at_intake_shows_what_is_missing_and_an_upload(citizen):
    dossier = asked_at_intake()
    html = page_of(citizen, dossier)
    assert "chờ tiếp nhận" not in h1(html)
    assert dossier.reference in h1(html)
    assert "Yêu cầu bổ sung khi tiếp nhận" in html
    assert "Cần bổ sung hồ sơ trước khi được tiếp nhận" in html
    for item in MISSING:
        assert f"<li>{item}</li>" in html
    assert "Thiếu giấy tờ theo quy định" in html
    assert "Trung tâm Phục vụ hành chính công xã Hồng Vân" in html.split("Người hướng dẫn")[1]
    asking = dossier.events.get(kind=DossierEvent.Kind.INTAKE_SUPPLEMENT)
    assert reverse("portal:my-dossier-form", args=[dossier.pk, asking.pk]) in html
    assert f'action="{reverse("portal:my-dossier-supplement", args=[dossier.pk])}"' in html
    assert 'type="file"' in html


def test_the_intake_supplement_is_sent_online_and_goes_back_to_the_desk(citizen):
    dossier = asked_at_intake()
    response = citizen.post(
        reverse("portal:my-dossier-supplement", args=[dossier.pk]),
        {"files": [SimpleUploadedFile("xac-nhan-cu-tru.pdf", pdf("Xác nhận cư trú"))]},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.SUBMITTED  # back in the desk's queue, to be checked again
    sent = dossier.documents.get(stage=DossierDocument.Stage.SUPPLEMENT)
    assert sent.name == "xac-nhan-cu-tru.pdf" and sent.uploaded_by == user("congdan")
    html = citizen.get(response["Location"]).content.decode()
    assert "Bộ phận Một cửa sẽ kiểm tra lại để tiếp nhận hồ sơ" in html
    assert 'type="file"' not in html  # nothing more is asked for now


def test_a_bad_file_for_the_intake_supplement_is_named_beside_the_field_and_nothing_is_lost(citizen):
    dossier = asked_at_intake()
    response = citizen.post(
        reverse("portal:my-dossier-supplement", args=[dossier.pk]),
        {"files": [SimpleUploadedFile("tot.pdf", pdf("Tốt")), SimpleUploadedFile("xau.pdf", b"not a pdf")]},
    )
    assert response.status_code == 422
    html = response.content.decode()
    field = html.split('id="id_files-loi"')[1].split("</ul>")[0]
    assert "xau.pdf" in field
    for item in MISSING:  # the request stays on the page beside the error
        assert item in html
    dossier.refresh_from_db()
    assert dossier.state == State.INTAKE_SUPPLEMENT
    assert not dossier.documents.filter(stage=DossierDocument.Stage.SUPPLEMENT).exists()


def test_the_supplement_after_appraisal_shows_its_list_deadline_and_form_02(citizen):
    dossier = lifecycle.request_supplement(
        user("chuyenvien.hongvan"), processing(online()), items=MISSING[:1], at=SUBMITTED + 4 * HOUR
    )
    html = page_of(citizen, dossier)
    section = html.split('id="ho-so-bo-sung"')[1].split("</section>")[0]
    assert f"<li>{MISSING[0]}</li>" in section
    assert timezone.localtime(dossier.supplement_due_at).strftime("%H:%M %d/%m/%Y") in section
    asking = dossier.events.get(kind=DossierEvent.Kind.SUPPLEMENT_REQUESTED)
    assert reverse("portal:my-dossier-form", args=[dossier.pk, asking.pk]) in section


# -- item 3: the reference at submission ----------------------------------------------------------------------


def test_an_online_dossier_is_named_by_its_reference_before_it_has_a_code(citizen):
    dossier = online()
    assert dossier.code is None and dossier.reference
    html = page_of(citizen, dossier)
    assert dossier.reference in h1(html)
    assert f"{reverse('portal:tracking')}?ma={dossier.reference}" in html
    listing = citizen.get(reverse("portal:my-dossiers")).content.decode()
    assert dossier.reference in listing
    accepted = lifecycle.accept(user("tiepnhan.hongvan"), dossier, at=SUBMITTED + HOUR)
    html = page_of(citizen, accepted)
    assert accepted.code in h1(html) and accepted.reference in html  # both shown once the code exists


# -- item 4: overdue and the apology letter -------------------------------------------------------------------


def test_an_overdue_dossier_is_flagged_on_my_list_and_its_page(citizen):
    dossier = processing(online())
    dossier.refresh_from_db()
    days = (timezone.now() - dossier.due_at).days
    assert days > 1
    label = f"Quá hạn {days} ngày"
    assert label in citizen.get(reverse("portal:my-dossiers")).content.decode()
    html = page_of(citizen, dossier)
    assert "Hồ sơ đã quá hạn giải quyết" in html and label in html
    assert "Cơ quan chưa gửi văn bản xin lỗi" in html


def test_an_apology_letter_and_its_new_appointment_are_shown(citizen):
    dossier = processing(online())
    dossier.refresh_from_db()
    new_due = dossier.due_at + datetime.timedelta(days=5)
    lifecycle.request_extension(
        user("lanhdao.hongvan"), dossier, reason="Cần xác minh thêm", new_due_at=new_due, at=SUBMITTED + 4 * HOUR
    )
    apology = dossier.events.get(kind=DossierEvent.Kind.EXTENDED)
    html = page_of(citizen, dossier)
    banner = html.split('id="ho-so-tre-han"')[1].split("</section>")[0]
    assert timezone.localtime(new_due).strftime("%H:%M %d/%m/%Y") in banner
    assert reverse("portal:my-dossier-form", args=[dossier.pk, apology.pk]) in banner
    assert "Cần xác minh thêm" in banner
    assert f"Quá hạn {(timezone.now() - new_due).days} ngày" in banner  # late again, against the new date


def test_a_dossier_within_its_time_is_not_flagged(citizen):
    start = timezone.now() - 4 * HOUR
    dossier = lifecycle.accept(user("tiepnhan.hongvan"), online(submitted=start), at=start + HOUR)
    html = page_of(citizen, dossier)
    assert "Quá hạn" not in html and 'id="ho-so-tre-han"' not in html


# -- item 8: fees, payment, withdrawal ------------------------------------------------------------------------


def test_the_page_shows_what_is_owed_and_paid_with_a_primary_way_to_pay(citizen):
    dossier = dossier_with_fees()
    html = page_of(citizen, dossier)
    fees = html.split('id="phi-le-phi"')[1].split('class="cards dossier-cards"')[0]
    assert "70.000 đồng" in fees and "Đã thanh toán" in fees and "Còn phải nộp" in fees
    pay = reverse("portal:payment-start", args=[dossier.pk])
    assert f'<a class="button" href="{pay}">Thanh toán 70.000 đồng</a>' in fees

    payments.record_cash(user("tiepnhan.hongvan"), dossier, TOTAL_VND)
    fees = page_of(citizen, dossier).split('id="phi-le-phi"')[1].split('class="cards dossier-cards"')[0]
    assert "Đã nộp đủ phí, lệ phí." in fees and 'class="button"' not in fees


def test_withdrawing_is_a_secondary_link_to_its_confirmation_page(citizen):
    dossier = dossier_with_fees()
    html = page_of(citizen, dossier)
    stop = reverse("portal:my-dossier-stop", args=[dossier.pk])
    link = re.search(rf'<a [^>]*href="{stop}"[^>]*>', html).group(0)
    assert "button" not in link  # neither red nor a button: a plain link at the end of the page
    assert html.index(stop) > html.index(reverse("portal:payment-start", args=[dossier.pk]))
    assert "Xác nhận rút hồ sơ" in citizen.get(stop).content.decode()


def test_personal_pages_are_not_stored_by_caches(citizen):
    dossier = online()
    for url in (reverse("portal:my-dossier", args=[dossier.pk]), reverse("portal:my-dossiers")):
        assert "no-store" in citizen.get(url)["Cache-Control"]


def test_an_online_dossier_the_desk_has_not_checked_in_time_says_so(citizen):
    dossier = online()  # submitted in March 2026, never checked: far past the desk's 8 working hours
    html = page_of(citizen, dossier)
    banner = html.split('id="ho-so-tre-han"')[1].split("</section>")[0]
    assert "Bộ phận Một cửa chưa kiểm tra hồ sơ đúng hạn" in banner
    assert f"Quá hạn {(timezone.now() - dossier.intake_due_at).days} ngày" in banner
