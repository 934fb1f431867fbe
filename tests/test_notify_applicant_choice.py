"""Applicant notices for an online submission received and a corrected result, sent by the real worker, and the
applicant's own choice of channels (set on the account page) obeyed when sending."""

import logging

import pytest
from django.core.management import call_command
from django.urls import reverse

from dossier_helpers import PERSON, at, intake, processing, user
from motcua.dossiers import lifecycle
from motcua.notify.models import ChannelPreference, Notification, Topic
from notice_helpers import make_notices

CHANNELS = reverse("accounts:notification_channels")


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def sms_texts(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "motcua.sms"]


@pytest.fixture
def citizen(demo):
    return user("congdan")


def submit(citizen):
    """An online submission; its notices are made when the transaction really commits (hence transactional tests,
    which the worker needs on PostgreSQL too)."""
    online = lifecycle.Applicant(**{**PERSON.__dict__, "email": "an@example.vn", "user": citizen})
    return lifecycle.submit_online(citizen, intake(channel="online", applicant=online), at=at(2026, 3, 6, 20))


@pytest.mark.django_db(transaction=True)
def test_an_online_submission_is_acknowledged_by_mail_and_sms(citizen, mailoutbox, caplog):
    caplog.set_level(logging.INFO, logger="motcua.sms")
    dossier = submit(citizen)
    run_worker()
    [mail] = mailoutbox
    assert mail.to == ["an@example.vn"]
    assert mail.subject == f"Đã nhận hồ sơ «{dossier.version.name}» nộp trực tuyến"
    assert "nộp trực tuyến lúc 20:00 06/03/2026" in mail.body
    assert "chậm nhất vào 17:00 09/03/2026" in mail.body  # 8 working hours: the whole of Monday
    [text] = sms_texts(caplog)
    assert "0912345678" in text and "kiểm tra và báo kết quả chậm nhất 17:00 09/03/2026" in text
    sent = Notification.objects.filter(topic=Topic.SUBMITTED, status=Notification.Status.SENT)
    assert sorted(sent.values_list("channel", flat=True)) == ["email", "sms"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("email", "sms", "expected"), [(False, True, ["sms"]), (True, False, ["email"])])
def test_the_applicants_choice_of_channels_is_obeyed(citizen, mailoutbox, caplog, email, sms, expected):
    caplog.set_level(logging.INFO, logger="motcua.sms")
    ChannelPreference.objects.create(user=citizen, email=email, sms=sms)
    submit(citizen)
    run_worker()
    assert sorted(Notification.objects.filter(topic=Topic.SUBMITTED).values_list("channel", flat=True)) == expected
    assert len(mailoutbox) == int(email) and len(sms_texts(caplog)) == int(sms)


def test_a_corrected_result_is_announced(demo, django_capture_on_commit_callbacks):
    desk, specialist, leader = user("tiepnhan.hongvan"), user("chuyenvien.hongvan"), user("lanhdao.hongvan")
    dossier = processing(at(2026, 3, 2, 10))
    dossier = lifecycle.submit_for_signature(specialist, dossier, at=at(2026, 3, 3, 9))
    dossier = lifecycle.sign(leader, dossier, at=at(2026, 3, 3, 10))
    dossier = lifecycle.mark_ready(desk, dossier, at=at(2026, 3, 3, 11))
    dossier = lifecycle.return_result(desk, dossier, at=at(2026, 3, 3, 14))
    dossier = lifecycle.request_correction(desk, dossier, reason="Sai ngày sinh", at=at(2026, 3, 4, 9))
    with django_capture_on_commit_callbacks(execute=True):
        dossier = lifecycle.complete_correction(specialist, dossier, note="Đã sửa", at=at(2026, 3, 6, 9))
    make_notices()
    [notice] = Notification.objects.filter(topic=Topic.CORRECTED)
    assert notice.channel == "sms" and notice.address == "0912345678"  # the dossier has a phone number only
    assert notice.subject == f"Kết quả hồ sơ {dossier.code} đã được đính chính"
    assert f"kết quả hồ sơ {dossier.code} đã được đính chính" in notice.body
    assert notice.event.kind == "corrected"


def test_the_account_page_sets_the_channels(citizen, client):
    client.force_login(citizen)
    page = client.get(CHANNELS)
    assert page.status_code == 200
    assert page.context["form"].initial == {"email": True, "sms": True}  # the default: every channel

    response = client.post(CHANNELS, {})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Hãy chọn ít nhất một kênh để nhận thông báo về hồ sơ của bạn."
    ]
    assert not ChannelPreference.objects.exists()

    response = client.post(CHANNELS, {"sms": "on"})
    assert response.status_code == 302
    preference = ChannelPreference.objects.get(user=citizen)
    assert (preference.email, preference.sms) == (False, True)
    from motcua.core.models import AuditEntry

    assert AuditEntry.objects.filter(object_type="notify.ChannelPreference", action="update").exists()


def test_the_channel_page_needs_a_login(client, db):
    response = client.get(CHANNELS)
    assert response.status_code == 302 and reverse("accounts:login") in response.url
