"""Satisfaction indices of a survey, SIPAS formula (regulations.md §5; docs/surveys.md).

- Item share: among the respondents who answered a satisfaction question, the share who chose 4 "hài lòng" or
  5 "rất hài lòng".
- Factor index: the mean of the item shares of that factor's satisfaction questions (questions nobody answered
  are left out). Assessment and expectation questions are reported but do not enter the index.
- SIPAS index: the mean of the factor indices (a factor without answers is left out and the page says so).
- Confidence by sample size: the 95 % margin of error of a proportion, taken at its widest (p = 0.5):
  ±1.96·√(0.25 / n), n = the respondents who answered at least one satisfaction question of the factor (of any
  factor, for the SIPAS index). With fewer than MIN_SAMPLE respondents the figure is only indicative.
"""

import math
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from motcua.feedback.models import Block, Factor, Question, Survey, SurveyAnswer

SATISFIED_AT_LEAST = 4
Z_95 = 1.96
MIN_SAMPLE = 30


def margin_of_error(n: int) -> float | None:
    """The widest 95 % margin of error of a proportion from n respondents, as a fraction (0.098 for n = 100)."""
    return Z_95 * math.sqrt(0.25 / n) if n > 0 else None


def confidence_label(n: int) -> str:
    margin = margin_of_error(n)
    if margin is None:
        return str(_("Chưa có ý kiến"))
    if n < MIN_SAMPLE:
        return str(_("Mẫu quá nhỏ, chỉ để tham khảo"))
    if margin <= 0.05:
        return str(_("Độ tin cậy cao"))
    if margin <= 0.10:
        return str(_("Độ tin cậy trung bình"))
    return str(_("Độ tin cậy thấp"))


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    counts: tuple[int, int, int, int, int]  # answers scoring 1, 2, 3, 4, 5

    @property
    def answered(self) -> int:
        return sum(self.counts)

    @property
    def satisfied_share(self) -> float | None:
        return sum(self.counts[SATISFIED_AT_LEAST - 1 :]) / self.answered if self.answered else None

    @property
    def mean(self) -> float | None:
        if not self.answered:
            return None
        return sum(score * count for score, count in enumerate(self.counts, start=1)) / self.answered


@dataclass(frozen=True)
class IndexResult:
    """An index (fraction 0–1, None without answers) with the respondents behind it."""

    value: float | None
    respondents: int

    @property
    def margin(self) -> float | None:
        return margin_of_error(self.respondents)

    @property
    def confidence(self) -> str:
        return confidence_label(self.respondents)


@dataclass(frozen=True)
class FactorResult:
    factor: Factor
    index: IndexResult
    questions: list[QuestionResult]


@dataclass(frozen=True)
class SurveyResults:
    responses: int
    sipas: IndexResult
    factors: list[FactorResult]


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def compute(survey: Survey) -> SurveyResults:
    """Every figure of the results page from three grouped queries."""
    answers = SurveyAnswer.objects.filter(question__survey=survey)
    counts: dict[int, list[int]] = defaultdict(lambda: [0] * 5)
    for row in answers.values("question_id", "value").annotate(n=Count("pk")).order_by():
        counts[row["question_id"]][row["value"] - 1] = row["n"]
    satisfaction = answers.filter(question__block=Block.SATISFACTION)
    respondents_by_factor = {
        row["question__factor"]: row["n"]
        for row in satisfaction.values("question__factor").annotate(n=Count("response", distinct=True)).order_by()
    }
    by_factor: dict[str, list[QuestionResult]] = defaultdict(list)
    for question in survey.questions.order_by("order", "pk"):
        by_factor[question.factor].append(QuestionResult(question, tuple(counts[question.pk])))
    factors = []
    for factor in Factor:
        results = by_factor.get(factor.value, [])
        shares = [r.satisfied_share for r in results if r.question.block == Block.SATISFACTION and r.answered]
        factors.append(
            FactorResult(factor, IndexResult(_mean(shares), respondents_by_factor.get(factor.value, 0)), results)
        )
    sipas = IndexResult(
        _mean([f.index.value for f in factors if f.index.value is not None]),
        satisfaction.values("response").distinct().count(),
    )
    return SurveyResults(survey.responses.count(), sipas, factors)
