"""Shared set-up for the feedback tests: dossiers taken through the lifecycle to the return of their result."""

import dataclasses
import datetime

from django.utils import timezone

from dossier_helpers import PERSON, intake, processing, user
from motcua.accounts.models import User
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier
from motcua.feedback.ratings import Scores

HAPPY = Scores(
    criteria={
        "return_time": 5,
        "publication": 5,
        "attitude": 5,
        "lawfulness": 4,
        "complaints": None,
        "online_quality": None,
    },
    overall=5,
    comment="Nhanh gọn.",
    # Art. 33 b)/c) counts the citizen typed: used only when the history does not know them (an online filing).
    agencies_count=1,
    contacts_count=1,
)


def returned(
    returned_at: datetime.datetime | None = None, applicant: User | None = None, channel: str = "direct"
) -> Dossier:
    """A dossier received by Hồng Vân's centre, resolved by its People's Committee and returned at `returned_at`
    (default: an hour ago), filed for `applicant`'s account when given, through `channel` ("online": filed on the
    portal and received by the centre, so the desk never saw the applicant at intake)."""
    returned_at = returned_at or timezone.now() - datetime.timedelta(hours=1)
    received = returned_at - datetime.timedelta(days=3)
    desk, specialist, leader = user("tiepnhan.hongvan"), user("chuyenvien.hongvan"), user("lanhdao.hongvan")
    if applicant is not None or channel != "direct":
        person = dataclasses.replace(PERSON, user=applicant) if applicant is not None else PERSON
        subject = intake(channel=channel, applicant=person)
        if channel == "online":
            subject = lifecycle.submit_online(applicant, subject, at=received - datetime.timedelta(hours=1))
        dossier = lifecycle.accept(desk, subject, at=received)
        dossier = lifecycle.transfer(desk, dossier, at=received + datetime.timedelta(hours=1))
        dossier = lifecycle.assign(leader, dossier, specialist=specialist, at=received + datetime.timedelta(hours=2))
    else:
        dossier = processing(received)
    dossier = lifecycle.submit_for_signature(specialist, dossier, at=received + datetime.timedelta(days=1))
    dossier = lifecycle.sign(leader, dossier, at=received + datetime.timedelta(days=2))
    dossier = lifecycle.mark_ready(desk, dossier, at=received + datetime.timedelta(days=2, hours=1))
    return lifecycle.return_result(desk, dossier, at=returned_at)


def citizen(username: str = "congdan") -> User:
    return User.objects.get(username=username)


def other_citizen() -> User:
    return User.objects.create_user(
        "congdan2", password="x", full_name="Trần Thị Bình", account_type=User.AccountType.CITIZEN
    )
