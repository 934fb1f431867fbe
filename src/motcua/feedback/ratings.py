"""Rules of the applicant's rating of a dossier (đánh giá việc giải quyết TTHC, Decree 118/2025 Art. 33).

- Eligible: the result has been returned (state "returned", or "closed" with a return instant), the window
  (settings.RATING_WINDOW_DAYS, 14 days by default) counted from `returned_at` has not passed, and the dossier has
  no rating yet: one rating per dossier, also enforced by the database (a one-to-one field).
- Art. 33 b) and c) are counts, not scores: taken from the dossier's history when it saw every contact (a dossier
  filed at the desk, motcua.feedback.rating_counts), otherwise the citizen's own numbers (prefilled from the history).
- Unhappy: the overall score is 1 or 2, or any scored criterion is 1 or 2 ("không hài lòng" or worse). One bad
  criterion is enough because Art. 33 makes each content a thing the agency answers for (e.g. a rude official
  in an otherwise satisfying case). Also a sign the one-stop failed, whatever the scores: more than one agency to
  contact (b > 1) or more than two contacts with the receiving place (c > 2: beyond filing and collecting, the
  citizen had to come back). An unhappy rating opens a follow-up for the agency's leaders.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.core.audit import record
from motcua.core.models import AuditEntry
from motcua.dossiers.models import Dossier, State
from motcua.feedback import access
from motcua.feedback.models import COUNT_MAX, SCORED_CRITERIA, CountSource, Criterion, DossierRating, FollowUp
from motcua.feedback.rating_counts import history_counts

RATEABLE_STATES = (State.RETURNED, State.CLOSED)
UNHAPPY_AT_MOST = 2
# Art. 33 b)/c) beyond these mean the one-stop did not work as one stop (docs/feedback.md "Unhappy ratings").
AGENCIES_AT_MOST = 1
CONTACTS_AT_MOST = 2

# Scores of the plain-language scale shown to the applicant (1 = worst).
SCALE = (
    (5, _("Rất hài lòng")),
    (4, _("Hài lòng")),
    (3, _("Bình thường")),
    (2, _("Không hài lòng")),
    (1, _("Rất không hài lòng")),
)
# Criteria that may not concern every applicant (no complaint made, not filed online, did not read the posting):
# the form offers "Không áp dụng" for them and stores null.
OPTIONAL_CRITERIA = (Criterion.PUBLICATION, Criterion.COMPLAINTS, Criterion.ONLINE_QUALITY)


class RatingRefused(Exception):
    """The dossier cannot be rated now; `message` says why in Vietnamese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Scores:
    """What the applicant gave: scored criterion → 1–5 or None (not applicable), the overall score, the comment,
    and the Art. 33 b)/c) counts they typed (used only when the history does not know them)."""

    criteria: dict[str, int | None]
    overall: int
    comment: str = ""
    agencies_count: int | None = None
    contacts_count: int | None = None


def window() -> datetime.timedelta:
    return datetime.timedelta(days=settings.RATING_WINDOW_DAYS)


def closes_at(dossier: Dossier) -> datetime.datetime | None:
    """The last instant the dossier may be rated, or None while its result has not been returned."""
    return dossier.returned_at + window() if dossier.returned_at else None


def refusal(dossier: Dossier, now: datetime.datetime | None = None) -> str | None:
    """Why the dossier cannot be rated at `now`, or None when it can."""
    now = now or timezone.now()
    if DossierRating.objects.filter(dossier_id=dossier.pk).exists():
        return gettext("Hồ sơ %(code)s đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần.") % {"code": dossier}
    if dossier.state not in RATEABLE_STATES or dossier.returned_at is None:
        return gettext("Hồ sơ %(code)s chưa được trả kết quả nên chưa thể đánh giá.") % {"code": dossier}
    if now > closes_at(dossier):
        return gettext("Đã hết thời hạn đánh giá hồ sơ %(code)s (%(days)s ngày kể từ khi trả kết quả).") % {
            "code": dossier,
            "days": settings.RATING_WINDOW_DAYS,
        }
    return None


def too_many_agencies(rating: DossierRating) -> bool:
    return rating.agencies_count is not None and rating.agencies_count > AGENCIES_AT_MOST


def too_many_contacts(rating: DossierRating) -> bool:
    return rating.contacts_count is not None and rating.contacts_count > CONTACTS_AT_MOST


def is_unhappy(rating: DossierRating) -> bool:
    scores = [rating.overall, *rating.scores().values()]
    low = any(score is not None and score <= UNHAPPY_AT_MOST for score in scores)
    return low or too_many_agencies(rating) or too_many_contacts(rating)


def _check_scores(scores: Scores, counts_known: bool) -> None:
    errors = {}
    if not counts_known:
        for criterion in (Criterion.AGENCIES_COUNT, Criterion.CONTACTS_COUNT):
            value = getattr(scores, criterion.value)
            if value is None or not 0 <= value <= COUNT_MAX:
                errors[criterion.value] = gettext("Xin ghi một số từ 0 đến %(max)s.") % {"max": COUNT_MAX}
    for criterion in SCORED_CRITERIA:
        value = scores.criteria.get(criterion.value)
        if value is None and criterion not in OPTIONAL_CRITERIA:
            errors[criterion.value] = gettext("Xin chọn một mức đánh giá.")
        elif value is not None and not 1 <= value <= 5:
            errors[criterion.value] = gettext("Mức đánh giá phải từ 1 đến 5.")
    if not 1 <= (scores.overall or 0) <= 5:
        errors["overall"] = gettext("Xin chọn mức độ hài lòng chung.")
    if errors:
        raise ValidationError(errors)


def _check_rater(user, dossier: Dossier, channel: str) -> None:
    if channel == DossierRating.Channel.WEB:
        if not (user.is_authenticated and dossier.applicant_user_id == user.pk):
            raise PermissionDenied(gettext("Chỉ người nộp hồ sơ được đánh giá trực tuyến."))
    elif not access.can_open_kiosk(user, dossier):
        raise PermissionDenied(gettext("Chỉ cán bộ của cơ quan tiếp nhận hoặc giải quyết được mở màn hình đánh giá."))


def rate(user, dossier: Dossier, scores: Scores, *, channel: str, at: datetime.datetime | None = None) -> DossierRating:
    """Store the rating (online by the applicant, or at the desk's kiosk opened by an officer) and, when it is
    unhappy, open a follow-up for the competent agency's leaders."""
    at = at or timezone.now()
    _check_rater(user, dossier, channel)
    history = history_counts(dossier)
    _check_scores(scores, history.known)
    if history.known:
        agencies, contacts, source = history.agencies, history.visits, CountSource.HISTORY
    else:
        agencies, contacts, source = scores.agencies_count, scores.contacts_count, CountSource.CITIZEN
    try:
        with transaction.atomic():
            # The lock makes two simultaneous submissions queue up; the one-to-one field refuses the second.
            dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
            reason = refusal(dossier, at)
            if reason:
                raise RatingRefused(reason)
            rating = DossierRating.objects.create(
                dossier=dossier,
                agency_id=dossier.competent_agency_id,
                rated_at=at,
                channel=channel,
                overall=scores.overall,
                comment=scores.comment.strip(),
                agencies_count=agencies,
                agencies_count_source=source,
                contacts_count=contacts,
                contacts_count_source=source,
                supplements_count=history.supplements,
                **{criterion.value: scores.criteria.get(criterion.value) for criterion in SCORED_CRITERIA},
            )
            record(AuditEntry.Action.CREATE, rating, actor=user, changes={"overall": [None, str(rating.overall)]})
            if is_unhappy(rating):
                FollowUp.objects.create(rating=rating, agency_id=rating.agency_id, created_at=at)
    except IntegrityError as error:
        raise RatingRefused(
            gettext("Hồ sơ %(code)s đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần.") % {"code": dossier}
        ) from error
    return rating


def resolve_follow_up(user, follow_up: FollowUp, *, note: str, at: datetime.datetime | None = None) -> FollowUp:
    """A leader of the agency records what was done about an unhappy rating; the change is audited."""
    at = at or timezone.now()
    if not access.can_resolve_follow_up(user, follow_up):
        raise PermissionDenied(gettext("Chỉ lãnh đạo của cơ quan được xử lý việc này."))
    note = note.strip()
    if not note:
        raise ValidationError({"leader_note": gettext("Xin ghi kết quả xử lý (đã liên hệ, giải thích, khắc phục…).")})
    with transaction.atomic():
        follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if follow_up.status != FollowUp.Status.OPEN:
            raise RatingRefused(gettext("Việc này đã được xử lý."))
        follow_up.status, follow_up.leader_note = FollowUp.Status.RESOLVED, note
        follow_up.resolved_by, follow_up.resolved_at = user, at
        follow_up.save(update_fields=["status", "leader_note", "resolved_by", "resolved_at"])
        record(
            AuditEntry.Action.UPDATE,
            follow_up,
            actor=user,
            changes={
                "status": [FollowUp.Status.OPEN.value, FollowUp.Status.RESOLVED.value],
                "leader_note": [None, note],
            },
        )
    return follow_up
