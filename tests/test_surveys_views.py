"""Survey pages: staff create, edit, open, close and read results within their scope; the public link takes
anonymous answers; the desk fills a fresh form; the raw answers download as CSV."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from dossier_helpers import UBND, user
from motcua.core.models import AuditEntry
from motcua.feedback import surveys
from motcua.feedback.models import Block, Survey, SurveyAnswer, SurveyResponse
from motcua.orgs.models import Agency


def open_today() -> Survey:
    today = timezone.localdate()
    leader = user("lanhdao.hongvan")
    survey = surveys.create_survey(
        leader, Agency.objects.get(name=UBND), title="Khảo sát tháng này", period_start=today, period_end=today
    )
    return surveys.open_survey(leader, survey)


def answer_url(survey: Survey) -> str:
    return reverse("portal:survey-answer", args=[survey.token])


def detail_url(survey: Survey) -> str:
    return reverse("desk:feedback-survey", args=[survey.pk])


@pytest.mark.django_db
def test_a_leader_creates_edits_and_opens_a_survey(client, demo):
    client.force_login(user("lanhdao.hongvan"))
    form = client.get(reverse("desk:feedback-survey-create"))
    assert form.status_code == 200 and "Bộ câu hỏi mẫu của MotCua" in form.text
    ubnd = Agency.objects.get(name=UBND)
    bad = client.post(
        reverse("desk:feedback-survey-create"),
        {"agency": ubnd.pk, "title": "Quý III", "period_start": "2026-09-30", "period_end": "2026-07-01"},
    )
    assert bad.status_code == 422 and "Ngày kết thúc phải sau" in bad.text and 'value="Quý III"' in bad.text
    created = client.post(
        reverse("desk:feedback-survey-create"),
        {"agency": ubnd.pk, "title": "Quý III", "period_start": "2026-07-01", "period_end": "2026-09-30"},
    )
    survey = Survey.objects.get(title="Quý III")
    questions_url = reverse("desk:feedback-survey-questions", args=[survey.pk])
    assert created.status_code == 302 and created["Location"] == questions_url

    # Edit: rename the first question, delete the second, add one.
    page = client.get(questions_url)
    assert page.status_code == 200
    formset = page.context["formset"]
    data = {f"form-{k}": v for k, v in formset.management_form.initial.items()}
    data["form-TOTAL_FORMS"] = str(len(formset.forms))
    for index, question_form in enumerate(formset.forms):
        for name, field in question_form.fields.items():
            value = question_form.initial.get(name, field.initial)
            data[f"form-{index}-{name}"] = "" if value is None else getattr(value, "pk", value)
    _first, second = survey.questions.order_by("order")[:2]
    data["form-0-text"] = "Nơi tiếp nhận có đủ ghế ngồi chờ."
    data["form-1-DELETE"] = "on"
    extra = len(formset.forms) - 2
    data.update({f"form-{extra}-order": "99", f"form-{extra}-factor": "results", f"form-{extra}-block": "satisfaction"})
    data[f"form-{extra}-text"] = "Ông/bà hài lòng với việc trả kết quả qua bưu điện?"
    count = survey.questions.count()
    saved = client.post(questions_url, data)
    assert saved.status_code == 302, saved.context["formset"].errors if saved.context else saved
    questions = list(survey.questions.order_by("order"))
    assert len(questions) == count
    assert [q.order for q in questions] == list(range(1, count + 1))
    assert questions[0].text == "Nơi tiếp nhận có đủ ghế ngồi chờ." and second.pk not in {q.pk for q in questions}
    assert questions[-1].text == "Ông/bà hài lòng với việc trả kết quả qua bưu điện?"

    assert client.post(reverse("desk:feedback-survey-open", args=[survey.pk])).status_code == 302
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    # Once open, the questions are frozen.
    frozen = client.get(questions_url)
    assert frozen.status_code == 302 and frozen["Location"] == detail_url(survey)
    detail = client.get(detail_url(survey)).text
    assert survey.token in detail and "<svg" in detail and "Đóng khảo sát" in detail


@pytest.mark.django_db
def test_closing_asks_for_confirmation(client, demo):
    survey = open_today()
    client.force_login(user("lanhdao.hongvan"))
    confirm = client.get(reverse("desk:feedback-survey-close", args=[survey.pk]))
    assert confirm.status_code == 200 and "không mở lại được" in confirm.text
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN
    client.post(reverse("desk:feedback-survey-close", args=[survey.pk]))
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED
    closed = client.get(answer_url(survey))
    assert "không nhận ý kiến" in closed.text and "Gửi phiếu" not in closed.text


@pytest.mark.django_db
def test_the_public_link_takes_one_anonymous_answer_per_browser(client, demo):
    survey = open_today()
    page = client.get(answer_url(survey))
    assert page.status_code == 200 and "Gửi phiếu" in page.text and "không hỏi tên" in page.text
    empty = client.post(answer_url(survey), {})
    assert empty.status_code == 422 and "Xin trả lời ít nhất một câu hỏi." in empty.text
    question = survey.questions.filter(block=Block.SATISFACTION).first()
    audit_before = AuditEntry.objects.count()
    done = client.post(
        answer_url(survey), {f"q{question.pk}": "4", "dossier_code": "ABC-1"}, REMOTE_ADDR="203.0.113.77"
    )
    assert done.status_code == 302 and done["Location"] == reverse("portal:survey-thanks", args=[survey.token])
    response = SurveyResponse.objects.get(survey=survey)
    assert (response.channel, response.dossier_code, response.submitted_on) == ("online", "ABC-1", timezone.localdate())
    assert list(SurveyAnswer.objects.filter(response=response).values_list("question_id", "value")) == [
        (question.pk, 4)
    ]
    # Nothing about the respondent was written anywhere: no audit entry, no address.
    assert AuditEntry.objects.count() == audit_before
    assert not AuditEntry.objects.filter(ip_address="203.0.113.77").exists()
    again = client.get(answer_url(survey))
    assert again.status_code == 302
    assert SurveyResponse.objects.count() == 1
    assert client.get(reverse("portal:survey-answer", args=["khong-ton-tai"])).status_code == 404


@pytest.mark.django_db
def test_the_desk_fills_a_fresh_form_for_each_respondent(client, demo):
    survey = open_today()
    question = survey.questions.filter(block=Block.SATISFACTION).first()
    client.force_login(user("tiepnhan.hongvan"))
    # The centre's officer sees no survey of the People's Committee (another agency): not found.
    assert client.get(reverse("desk:feedback-survey-desk", args=[survey.pk])).status_code == 404
    client.force_login(user("chuyenvien.hongvan"))
    url = reverse("desk:feedback-survey-desk", args=[survey.pk])
    for value in ("5", "2"):
        assert 'class="kiosk"' in client.get(url).text
        response = client.post(url, {f"q{question.pk}": value})
        assert response.status_code == 302 and response["Location"] == url
    assert sorted(SurveyAnswer.objects.values_list("value", flat=True)) == [2, 5]
    assert set(SurveyResponse.objects.values_list("channel", flat=True)) == {"desk"}
    # A specialist fills forms but neither manages nor reads results.
    detail = client.get(detail_url(survey)).text
    assert "Mở khảo sát" not in detail and "Chỉ số SIPAS" not in detail
    assert client.get(reverse("desk:feedback-survey-csv", args=[survey.pk])).status_code == 403
    client.force_login(user("thanhtra.hanoi"))
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_results_and_csv_for_managers_and_inspectors_only_within_scope(client, demo):
    survey = open_today()
    questions = list(survey.questions.filter(block=Block.SATISFACTION).order_by("order")[:2])
    for values in ((5, 4), (2, 5), (4, None)):
        surveys.submit_response(
            survey, {q.pk: v for q, v in zip(questions, values, strict=True)}, channel="online", dossier_code="X-9"
        )
    for reader in ("lanhdao.hongvan", "quantri.hongvan", "thanhtra.hanoi"):
        client.force_login(user(reader))
        page = client.get(detail_url(survey))
        assert page.status_code == 200 and "Chỉ số SIPAS" in page.text and "3 phiếu trả lời." in page.text
        download = client.get(reverse("desk:feedback-survey-csv", args=[survey.pk]))
        assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
        text = download.content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        columns = [rows[0].index(q.code) for q in questions]
        assert [[row[c] for c in columns] for row in rows[1:]] == [["5", "4"], ["2", "5"], ["4", ""]]
        assert "X-9" not in text
    # The inspector reads but does not manage.
    assert "Đóng khảo sát" not in client.get(detail_url(survey)).text
    assert client.post(reverse("desk:feedback-survey-close", args=[survey.pk])).status_code == 403
    # Another agency's leader does not see the survey at all.
    client.force_login(user("lanhdao.congan.hongvan"))
    assert client.get(detail_url(survey)).status_code == 404
    assert client.get(reverse("desk:feedback-survey-csv", args=[survey.pk])).status_code == 404
    assert survey.title not in client.get(reverse("desk:feedback-surveys")).text
    assert client.get(reverse("desk:feedback-survey-create")).status_code == 200
    client.force_login(user("tiepnhan.hongvan"))
    assert client.get(reverse("desk:feedback-survey-create")).status_code == 403


@pytest.mark.django_db
def test_the_qr_code_downloads_as_svg_with_the_public_link(client, demo, settings):
    survey = open_today()
    client.force_login(user("lanhdao.hongvan"))
    response = client.get(reverse("desk:feedback-survey-qr", args=[survey.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<?xml") and b"<svg" in response.content
    assert 'href="' + settings.SITE_URL + answer_url(survey) + '"' in client.get(detail_url(survey)).text
