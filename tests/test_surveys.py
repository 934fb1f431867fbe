"""Satisfaction surveys (motcua.feedback.surveys, sipas, survey_export): the questionnaire's life, the SIPAS
indices against hand-computed figures, anonymity by design, and the raw-answers CSV."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from dossier_helpers import UBND, at, user
from motcua.core.models import AuditEntry
from motcua.feedback import sipas, surveys
from motcua.feedback.models import Block, Factor, Question, Survey, SurveyAnswer, SurveyResponse
from motcua.feedback.survey_export import answers_csv, questions_csv
from motcua.feedback.survey_template import DEFAULT_QUESTIONS
from motcua.orgs.models import Agency

START, END = datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)
DURING = at(2026, 5, 4, 10)


def new_survey(**extra) -> Survey:
    return surveys.create_survey(
        user("lanhdao.hongvan"),
        Agency.objects.get(name=UBND),
        title="Khảo sát quý II/2026",
        period_start=START,
        period_end=END,
        **extra,
    )


def open_survey() -> Survey:
    survey = new_survey()
    return surveys.open_survey(user("lanhdao.hongvan"), survey)


def satisfaction(survey: Survey, factor: str) -> list[Question]:
    return list(survey.questions.filter(factor=factor, block=Block.SATISFACTION).order_by("order"))


@pytest.mark.django_db
def test_a_new_survey_gets_the_default_questionnaire_of_five_factors(demo):
    survey = new_survey()
    assert survey.status == Survey.Status.DRAFT and len(survey.token) >= 20
    questions = list(survey.questions.order_by("order"))
    assert [q.order for q in questions] == list(range(1, len(DEFAULT_QUESTIONS) + 1))
    assert {q.factor for q in questions} == set(Factor.values)
    for factor in Factor:
        blocks = {q.block for q in questions if q.factor == factor}
        assert blocks == {Block.ASSESSMENT, Block.SATISFACTION, Block.EXPECTATION}
    assert AuditEntry.objects.filter(object_type="feedback.Survey", object_id=str(survey.pk)).exists()


@pytest.mark.django_db
def test_a_survey_can_copy_the_questions_of_an_earlier_one(demo):
    first = new_survey()
    first.questions.filter(order__gt=3).delete()
    Question.objects.filter(survey=first, order=2).update(text="Câu hỏi riêng của xã")
    second = new_survey(copy_from=first)
    assert list(second.questions.order_by("order").values_list("order", "text")) == list(
        first.questions.order_by("order").values_list("order", "text")
    )


@pytest.mark.django_db
def test_only_leaders_and_administrators_of_the_agency_manage_surveys(demo):
    ubnd = Agency.objects.get(name=UBND)
    for outsider in ("tiepnhan.hongvan", "chuyenvien.hongvan", "lanhdao.congan.hongvan", "thanhtra.hanoi"):
        with pytest.raises(PermissionDenied):
            surveys.create_survey(user(outsider), ubnd, title="x", period_start=START, period_end=END)
    survey = surveys.create_survey(user("quantri.hongvan"), ubnd, title="x", period_start=START, period_end=END)
    with pytest.raises(PermissionDenied):
        surveys.open_survey(user("lanhdao.congan.hongvan"), survey)
    with pytest.raises(ValidationError):
        surveys.create_survey(user("quantri.hongvan"), ubnd, title="x", period_start=END, period_end=START)


@pytest.mark.django_db
def test_open_then_close_and_questions_frozen_once_open(demo):
    leader = user("lanhdao.hongvan")
    survey = new_survey()
    surveys.require_draft(leader, survey)
    survey = surveys.open_survey(leader, survey, at=at(2026, 3, 31, 9))
    assert (survey.status, survey.opened_at) == (Survey.Status.OPEN, at(2026, 3, 31, 9))
    with pytest.raises(surveys.SurveyRefused):
        surveys.require_draft(leader, survey)
    with pytest.raises(surveys.SurveyRefused):
        surveys.open_survey(leader, survey)
    survey = surveys.close_survey(leader, survey, at=at(2026, 7, 1, 8))
    assert survey.status == Survey.Status.CLOSED
    with pytest.raises(surveys.SurveyRefused, match="không nhận ý kiến"):
        surveys.submit_response(survey, {survey.questions.first().pk: 5}, channel="online", now=DURING)
    changes = AuditEntry.objects.filter(object_type="feedback.Survey", action="update").values_list(
        "changes", flat=True
    )
    assert [c["status"] for c in changes.order_by("pk")] == [["draft", "open"], ["open", "closed"]]


@pytest.mark.django_db
def test_a_survey_without_satisfaction_questions_cannot_open(demo):
    survey = new_survey()
    survey.questions.filter(block=Block.SATISFACTION).delete()
    with pytest.raises(surveys.SurveyRefused, match="sự hài lòng"):
        surveys.open_survey(user("lanhdao.hongvan"), survey)


@pytest.mark.django_db
def test_answers_are_taken_only_during_the_period_and_checked(demo):
    survey = open_survey()
    first = survey.questions.first()
    with pytest.raises(surveys.SurveyRefused, match="01/04/2026"):
        surveys.submit_response(survey, {first.pk: 5}, channel="online", now=at(2026, 3, 31, 23, 59))
    with pytest.raises(surveys.SurveyRefused, match="30/06/2026"):
        surveys.submit_response(survey, {first.pk: 5}, channel="online", now=at(2026, 7, 1, 0, 1))
    with pytest.raises(ValidationError):
        surveys.submit_response(survey, {first.pk: None}, channel="online", now=DURING)
    with pytest.raises(ValidationError):
        surveys.submit_response(survey, {first.pk: 6}, channel="online", now=DURING)
    other = new_survey()
    with pytest.raises(ValidationError):
        surveys.submit_response(survey, {other.questions.first().pk: 4}, channel="online", now=DURING)
    # The last minute of the period, local time, still counts.
    response = surveys.submit_response(survey, {first.pk: 4}, channel="desk", now=at(2026, 6, 30, 23, 59))
    assert response.submitted_on == datetime.date(2026, 6, 30)
    assert not SurveyResponse.objects.exclude(pk=response.pk).exists()


@pytest.mark.django_db
def test_the_indices_follow_the_sipas_formula(demo):
    survey = open_survey()
    a1, a2 = satisfaction(survey, Factor.ACCESS)
    p1, p2 = satisfaction(survey, Factor.PROCEDURES)
    c1, _c2 = satisfaction(survey, Factor.CIVIL_SERVANTS)
    assessment = survey.questions.filter(block=Block.ASSESSMENT).first()
    expectation = survey.questions.filter(block=Block.EXPECTATION).first()
    for answers in (
        {a1: 5, a2: 4, p1: 3, c1: 2},
        {a1: 4, a2: 2, p1: 5, p2: 5},
        {a1: 1, p2: 4, c1: 5, expectation: 5},
        {a1: 3, assessment: 5},
        {assessment: 1},  # no satisfaction answer: counted as a response, not in any index
    ):
        surveys.submit_response(survey, {q.pk: v for q, v in answers.items()}, channel="online", now=DURING)

    results = sipas.compute(survey)
    factors = {f.factor: f.index for f in results.factors}
    # Access: a1 → 2 of 4 satisfied (5, 4 | 1, 3), a2 → 1 of 2 (4 | 2): mean(1/2, 1/2) = 0.5, 4 respondents.
    assert (factors[Factor.ACCESS].value, factors[Factor.ACCESS].respondents) == (0.5, 4)
    # Procedures: p1 → 1 of 2 (5 | 3), p2 → 2 of 2: mean(0.5, 1) = 0.75, 3 respondents.
    assert (factors[Factor.PROCEDURES].value, factors[Factor.PROCEDURES].respondents) == (0.75, 3)
    # Civil servants: c1 → 1 of 2; c2 unanswered and left out: 0.5, 2 respondents.
    assert (factors[Factor.CIVIL_SERVANTS].value, factors[Factor.CIVIL_SERVANTS].respondents) == (0.5, 2)
    assert (factors[Factor.RESULTS].value, factors[Factor.RESULTS].respondents) == (None, 0)
    assert factors[Factor.FEEDBACK].value is None
    # SIPAS: mean of the three factors with answers = (0.5 + 0.75 + 0.5) / 3 = 7/12; 4 respondents, 5 responses.
    assert results.sipas.value == pytest.approx(7 / 12)
    assert (results.sipas.respondents, results.responses) == (4, 5)
    # The margin with 4 respondents: 1.96 · √(0.25 / 4) = 0.49.
    assert results.sipas.margin == pytest.approx(0.49)
    assert results.sipas.confidence == "Mẫu quá nhỏ, chỉ để tham khảo"
    by_question = {r.question.pk: r for f in results.factors for r in f.questions}
    assert by_question[a1.pk].counts == (1, 0, 1, 1, 1)
    assert by_question[a1.pk].mean == pytest.approx(13 / 4)
    assert by_question[expectation.pk].counts == (0, 0, 0, 0, 1)


def test_the_margin_of_error_by_sample_size():
    assert sipas.margin_of_error(0) is None
    assert sipas.margin_of_error(100) == pytest.approx(0.098)
    assert sipas.margin_of_error(400) == pytest.approx(0.049)
    assert sipas.confidence_label(29) == "Mẫu quá nhỏ, chỉ để tham khảo"
    assert sipas.confidence_label(100) == "Độ tin cậy trung bình"
    assert sipas.confidence_label(385) == "Độ tin cậy cao"
    assert sipas.confidence_label(50) == "Độ tin cậy thấp"


def test_responses_are_anonymous_by_design():
    """No link to a person, a dossier, an address or a time of day can be stored."""
    for model in (SurveyResponse, SurveyAnswer):
        for field in model._meta.get_fields():
            if field.is_relation and field.many_to_one:
                assert field.related_model in {Survey, SurveyResponse, Question}, (model, field.name)
            assert not isinstance(field, models.GenericIPAddressField | models.DateTimeField), (model, field.name)
    assert SurveyResponse._meta.get_field("dossier_code").get_internal_type() == "CharField"


@pytest.mark.django_db
def test_the_raw_answers_csv_has_no_personal_data(demo):
    survey = open_survey()
    q1, q2 = survey.questions.order_by("order")[:2]
    surveys.submit_response(
        survey, {q1.pk: 4, q2.pk: 2}, channel="desk", dossier_code="000.00.41.H26-260504-0007", now=DURING
    )
    surveys.submit_response(survey, {q2.pk: 5}, channel="online", now=at(2026, 4, 2, 8))
    rows = list(csv.reader(io.StringIO(answers_csv(survey))))
    count = survey.questions.count()
    assert rows[0] == ["phieu", "ngay", "kenh", *[f"Q{n:02d}" for n in range(1, count + 1)]]
    # Ordered by day and numbered here: the earlier day first, whatever the arrival order.
    assert rows[1][:5] == ["1", "2026-04-02", "online", "", "5"]
    assert rows[2][:5] == ["2", "2026-05-04", "desk", "4", "2"]
    assert rows[2][5:] == [""] * (count - 2)
    assert len(rows) == 3
    assert "H26-260504-0007" not in answers_csv(survey)
    legend = list(csv.reader(io.StringIO(questions_csv(survey))))
    assert legend[0] == ["ma", "yeu_to", "nhom", "cau_hoi"]
    assert legend[1] == ["Q01", q1.factor, q1.block, q1.text]
