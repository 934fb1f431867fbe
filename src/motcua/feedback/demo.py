"""Demo data of the feedback area: ratings of the demo dossiers that were returned, with the follow-ups the
unhappy ones raise, and one satisfaction survey of xã Hồng Vân with answers. Everything goes through the services
(motcua.feedback.ratings, motcua.feedback.surveys), so the demo obeys the same rules as real use."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import Role, RoleAssignment
from motcua.catalog.models import Channel
from motcua.dossiers.models import Dossier
from motcua.feedback import ratings, surveys
from motcua.feedback.models import SCORED_CRITERIA, Block, Criterion, DossierRating, FollowUp, Survey, SurveyResponse
from motcua.feedback.rating_counts import history_counts
from motcua.orgs.models import Agency

SEED = 2026
SHARE_RATED = 0.6
# Overall scores and their weights: mostly satisfied, some neutral, a few unhappy (as published SIPAS results are).
OVERALL_WEIGHTS = {5: 40, 4: 38, 3: 13, 2: 7, 1: 2}
UNHAPPY_COMMENTS = (
    "Phải đi lại hai lần mới nộp đủ giấy tờ.",
    "Trả kết quả muộn hơn giấy hẹn mà không được báo trước.",
    "Cán bộ hướng dẫn chưa rõ ràng.",
)
HAPPY_COMMENTS = ("Cán bộ nhiệt tình, hướng dẫn chu đáo.", "Thủ tục nhanh gọn.", "")
RESOLVED_AFTER = datetime.timedelta(days=30)
SURVEY_AGENCY = "Ủy ban nhân dân xã Hồng Vân"
SURVEY_RESPONSES = 120


def _scores(rng: random.Random, dossier: Dossier) -> ratings.Scores:
    """Scores around a drawn overall; the Art. 33 b)/c) counts of an online filing are the history's prefill, which
    an unhappy citizen sometimes raises (a phone call or a trip the system did not see)."""
    online = dossier.channel == Channel.ONLINE
    overall = rng.choices(list(OVERALL_WEIGHTS), weights=list(OVERALL_WEIGHTS.values()))[0]
    criteria = {c.value: min(5, max(1, overall + rng.choice((-1, 0, 0, 0, 1)))) for c in SCORED_CRITERIA}
    criteria[Criterion.COMPLAINTS] = None if rng.random() < 0.8 else criteria[Criterion.COMPLAINTS]
    criteria[Criterion.PUBLICATION] = None if rng.random() < 0.2 else criteria[Criterion.PUBLICATION]
    if not online:
        criteria[Criterion.ONLINE_QUALITY] = None
    scores = [overall, *(value for value in criteria.values() if value is not None)]
    unhappy = min(scores) <= ratings.UNHAPPY_AT_MOST
    counts = history_counts(dossier)
    extra = rng.choice((1, 2)) if unhappy and rng.random() < 0.5 else 0
    comments = UNHAPPY_COMMENTS if unhappy else HAPPY_COMMENTS
    return ratings.Scores(
        criteria=criteria,
        overall=overall,
        comment=rng.choice(comments),
        agencies_count=counts.agencies,
        contacts_count=counts.visits + extra,
    )


def _leader_of(agency_id: int):
    assignment = RoleAssignment.objects.filter(role=Role.LEADER, agency_id=agency_id).select_related("user").first()
    return assignment.user if assignment else None


def seed_ratings(progress=lambda _message: None, *, seed: int = SEED, now: datetime.datetime | None = None) -> int:
    """Rate about 60 % of the returned demo dossiers, a few hours to days after the return, online when the
    applicant filed online and at the desk otherwise. Dossiers whose applicant has an account and whose window is
    still open are left for the demo citizen to rate. Follow-ups older than 30 days are resolved by a leader.
    Returns the number of ratings made; does nothing when ratings exist already."""
    now = now or timezone.now()
    if DossierRating.objects.exists():
        progress("Đã có đánh giá hồ sơ: bỏ qua.")
        return 0
    rng = random.Random(seed)
    returned = (
        Dossier.objects.filter(state__in=ratings.RATEABLE_STATES, returned_at__isnull=False, returned_at__lte=now)
        .select_related("received_by")
        .order_by("returned_at", "pk")
    )
    made = 0
    with transaction.atomic():
        for dossier in returned:
            closes = ratings.closes_at(dossier)
            if dossier.applicant_user_id and closes > now:
                continue
            if rng.random() >= SHARE_RATED:
                continue
            online = dossier.channel == Channel.ONLINE
            latest = min(closes, now) - dossier.returned_at
            at = dossier.returned_at + latest * rng.uniform(0.0, 0.3)
            web = online and dossier.applicant_user_id is not None
            rater = dossier.applicant_user if web else dossier.received_by
            if rater is None:
                continue
            channel = DossierRating.Channel.WEB if web else DossierRating.Channel.KIOSK
            ratings.rate(rater, dossier, _scores(rng, dossier), channel=channel, at=at)
            made += 1
        for follow_up in FollowUp.objects.filter(created_at__lte=now - RESOLVED_AFTER).select_related("rating"):
            leader = _leader_of(follow_up.agency_id)
            if leader is not None:
                note = "Đã gọi điện cho người nộp, giải thích và nhắc nhở bộ phận liên quan."
                ratings.resolve_follow_up(
                    leader, follow_up, note=note, at=follow_up.created_at + datetime.timedelta(days=2)
                )
    progress(f"Đã tạo {made} đánh giá hồ sơ mẫu.")
    return made


def seed_survey(
    progress=lambda _message: None, *, seed: int = SEED, now: datetime.datetime | None = None
) -> Survey | None:
    """A closed survey of UBND xã Hồng Vân over the last full quarter with 120 answers, made through the services
    (created and opened by the leader, answered on days of the period, closed). None when one exists already."""
    now = now or timezone.now()
    agency = Agency.objects.get(name=SURVEY_AGENCY)
    if Survey.objects.filter(agency=agency).exists():
        progress("Đã có khảo sát mẫu: bỏ qua.")
        return None
    leader = _leader_of(agency.pk)
    rng = random.Random(seed)
    today = timezone.localtime(now).date()
    quarter_start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = quarter_start - datetime.timedelta(days=1)
    start = datetime.date(end.year, end.month - 2, 1)
    with transaction.atomic():
        survey = surveys.create_survey(
            leader,
            agency,
            title=f"Khảo sát sự hài lòng quý {(start.month - 1) // 3 + 1}/{start.year}",
            period_start=start,
            period_end=end,
            introduction="Xin ông/bà dành ít phút cho biết ý kiến về việc giải quyết thủ tục hành chính tại xã.",
            at=timezone.make_aware(datetime.datetime.combine(start, datetime.time(8))) - datetime.timedelta(days=1),
        )
        survey = surveys.open_survey(leader, survey, at=survey.created_at)
        questions = list(survey.questions.all())
        days = (end - start).days
        for _ in range(SURVEY_RESPONSES):
            day = start + datetime.timedelta(days=rng.randrange(days + 1))
            mood = rng.choices((5, 4, 3, 2), weights=(30, 45, 18, 7))[0]
            answers = {
                q.pk: min(5, max(1, (mood if q.block != Block.EXPECTATION else 6 - mood) + rng.choice((-1, 0, 0, 1))))
                for q in questions
                if rng.random() > 0.05
            }
            channel = rng.choice((SurveyResponse.Channel.ONLINE, SurveyResponse.Channel.DESK))
            noon = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
            surveys.submit_response(survey, answers, channel=channel, now=noon)
        survey = surveys.close_survey(
            leader, survey, at=timezone.make_aware(datetime.datetime.combine(end, datetime.time(17)))
        )
    progress(f"Đã tạo cuộc khảo sát mẫu «{survey.title}» với {SURVEY_RESPONSES} phiếu.")
    return survey
