"""Self-assessment against a reform index (tự đánh giá, chấm điểm chỉ số CCHC) and its appraisal (thẩm định).

The agency scores each leaf criterion (tiêu chí thành phần, or a tiêu chí without parts) up to its maximum, with an
explanation and evidence files, then sends it for appraisal; the superior agency enters the appraised score of each
leaf and closes the appraisal. Totals of a criterion and of an area are the sums of their leaves; subordinate units
are ranked by their appraised total (their own total while not appraised).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from motcua.orgs.models import Agency
from motcua.reform import access, files, journal
from motcua.reform.models import Assessment, IndexNode, IndexTemplate, Score, ScoreFile

Status = Assessment.Status
ZERO = Decimal("0")


def leaves(template: IndexTemplate) -> list[IndexNode]:
    nodes = list(template.nodes.all())
    parents = {node.parent_id for node in nodes}
    return [node for node in nodes if node.pk not in parents]


def start(user, template: IndexTemplate, agency: Agency, year: int) -> Assessment:
    if not access.can_manage_plan(user, agency):
        raise PermissionDenied(gettext("Chỉ lãnh đạo, quản trị của %(agency)s được tự đánh giá.") % {"agency": agency})
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(template=template, agency=agency, year=year)
            Score.objects.bulk_create(Score(assessment=assessment, node=node) for node in leaves(template))
    except IntegrityError:
        raise ValidationError(
            {"year": gettext("%(agency)s đã có bản tự đánh giá năm %(year)s.") % {"agency": agency, "year": year}}
        ) from None
    journal.created(assessment, user)
    return assessment


def _points(value, node: IndexNode, field: str) -> Decimal:
    try:
        points = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: gettext("Điểm phải là một số.")}) from None
    if not ZERO <= points <= node.max_points:
        raise ValidationError({field: gettext("Điểm từ 0 đến %(max)s.") % {"max": _text(node.max_points)}})
    return points


def _text(points: Decimal | None) -> str:
    return "" if points is None else f"{points.normalize():f}"


def score_self(
    user, score: Score, *, points, note: str = "", files_in=(), at: datetime.datetime | None = None
) -> Score:
    assessment = score.assessment
    if not access.can_self_assess(user, assessment):
        raise PermissionDenied(gettext("Chỉ lãnh đạo, quản trị của cơ quan được tự chấm điểm."))
    if assessment.status != Status.DRAFT:
        raise ValidationError(gettext("Bản tự đánh giá đã gửi thẩm định, không sửa được."))
    value = _points(points, score.node, "self_score")
    checked = files.checked(files_in)
    with transaction.atomic():
        before = _text(score.self_score)
        score.self_score, score.self_note = value, note.strip()
        score.save(update_fields=["self_score", "self_note"])
        files.save_all(ScoreFile, {"score": score}, checked, user, at or timezone.now())
    journal.changed(score, user, {"self_score": [before, _text(value)]})
    return score


def submit(user, assessment: Assessment, *, at: datetime.datetime | None = None) -> Assessment:
    if not access.can_self_assess(user, assessment):
        raise PermissionDenied(gettext("Chỉ lãnh đạo, quản trị của cơ quan được gửi bản tự đánh giá."))
    if assessment.status != Status.DRAFT:
        raise ValidationError(gettext("Bản tự đánh giá đã được gửi."))
    missing = assessment.scores.filter(self_score__isnull=True).count()
    if missing:
        raise ValidationError(gettext("Còn %(count)s tiêu chí chưa tự chấm điểm.") % {"count": missing})
    assessment.status, assessment.submitted_at = Status.SUBMITTED, at or timezone.now()
    assessment.save(update_fields=["status", "submitted_at"])
    journal.changed(assessment, user, {"status": [Status.DRAFT.value, Status.SUBMITTED.value]})
    return assessment


def score_appraised(user, score: Score, *, points, note: str = "") -> Score:
    assessment = score.assessment
    if not access.can_appraise(user, assessment):
        raise PermissionDenied(gettext("Chỉ cơ quan cấp trên được thẩm định điểm."))
    if assessment.status != Status.SUBMITTED:
        raise ValidationError(gettext("Chỉ thẩm định bản tự đánh giá đã gửi và chưa thẩm định xong."))
    value = _points(points, score.node, "appraised_score")
    before = _text(score.appraised_score)
    score.appraised_score, score.appraisal_note = value, note.strip()
    score.save(update_fields=["appraised_score", "appraisal_note"])
    journal.changed(score, user, {"appraised_score": [before, _text(value)]})
    return score


def finish_appraisal(user, assessment: Assessment, *, at: datetime.datetime | None = None) -> Assessment:
    if not access.can_appraise(user, assessment):
        raise PermissionDenied(gettext("Chỉ cơ quan cấp trên được thẩm định điểm."))
    if assessment.status != Status.SUBMITTED:
        raise ValidationError(gettext("Chỉ thẩm định bản tự đánh giá đã gửi và chưa thẩm định xong."))
    missing = assessment.scores.filter(appraised_score__isnull=True).count()
    if missing:
        raise ValidationError(gettext("Còn %(count)s tiêu chí chưa có điểm thẩm định.") % {"count": missing})
    assessment.status, assessment.appraised_at, assessment.appraised_by = Status.APPRAISED, at or timezone.now(), user
    assessment.save(update_fields=["status", "appraised_at", "appraised_by"])
    journal.changed(assessment, user, {"status": [Status.SUBMITTED.value, Status.APPRAISED.value]})
    return assessment


# -- totals and ranking ------------------------------------------------------------------------------------------------


@dataclass
class Line:
    """A row of the scored tree: a node with the sums of its leaves (None when no leaf below has a score)."""

    node: IndexNode
    max_points: Decimal
    self_total: Decimal | None
    appraised_total: Decimal | None
    score: Score | None  # for leaves


def _sum(values) -> Decimal | None:
    values = [value for value in values if value is not None]
    return sum(values, ZERO) if values else None


def tree(assessment: Assessment) -> list[Line]:
    """Every node in order (area, its criteria, their parts), each with its totals."""
    nodes = list(assessment.template.nodes.all())
    scores = {score.node_id: score for score in assessment.scores.prefetch_related("files")}
    children: dict[int | None, list[IndexNode]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    lines: list[Line] = []

    def walk(node: IndexNode) -> Line:
        line = Line(node, node.max_points, None, None, scores.get(node.pk))
        lines.append(line)
        below = [walk(child) for child in children.get(node.pk, [])]
        if below:
            line.max_points = sum((child.max_points for child in below), ZERO)
            line.self_total = _sum(child.self_total for child in below)
            line.appraised_total = _sum(child.appraised_total for child in below)
        elif line.score is not None:
            line.self_total, line.appraised_total = line.score.self_score, line.score.appraised_score
        return line

    for root in children.get(None, []):
        walk(root)
    return lines


@dataclass(frozen=True)
class Totals:
    max_points: Decimal
    self_total: Decimal
    appraised_total: Decimal | None


def totals(assessment: Assessment) -> Totals:
    scores = list(assessment.scores.select_related("node"))
    appraised = _sum(score.appraised_score for score in scores)
    return Totals(
        sum((score.node.max_points for score in scores), ZERO),
        _sum(score.self_score for score in scores) or ZERO,
        appraised if assessment.status == Status.APPRAISED else None,
    )


def _ranking_points(total: Totals) -> Decimal:
    return total.appraised_total if total.appraised_total is not None else total.self_total


@dataclass(frozen=True)
class Ranked:
    rank: int
    assessment: Assessment
    totals: Totals

    @property
    def points(self) -> Decimal:
        return _ranking_points(self.totals)


def ranking(superior: Agency, template: IndexTemplate, year: int) -> list[Ranked]:
    """The subordinate units' assessments of the year ranked by points (appraised, else self); ties share a rank."""
    assessments = Assessment.objects.filter(
        template=template, year=year, agency__in=access.inspectable_agencies(superior)
    ).select_related("agency")
    scored = sorted(
        ((assessment, totals(assessment)) for assessment in assessments),
        key=lambda pair: (-_ranking_points(pair[1]), pair[0].agency.name),
    )
    result: list[Ranked] = []
    for position, (assessment, total) in enumerate(scored, 1):
        tied = result and _ranking_points(total) == result[-1].points
        result.append(Ranked(result[-1].rank if tied else position, assessment, total))
    return result
