"""Retention and the periodic purge (issue 16 item 10; Law 91/2025/QH15: personal data are deleted once the
retention period has ended): each kind of record with personal data has its period as a setting, the daily job
deletes what has expired, and the statistics — form II.06a, the 766 index, the stored month facts — give the same
figures before and after, since dossiers and their history are never purged by it (docs/security.md, "Retention").
"""

import datetime

import pytest
from django.utils import timezone

from motcua.accounts.models import User, VerificationCode
from motcua.catalog.models import ProcedureMethod
from motcua.core import periodic, retention
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.notify.models import Notification, Topic
from motcua.orgs.models import AdministrativeUnit
from motcua.portal.models import Draft
from motcua.reports import facts, ii06a, index766
from motcua.reports.areas import agency_ids_of_area
from motcua.reports.models import MonthFacts

DAY = datetime.timedelta(days=1)


def test_every_kind_of_record_has_a_period_setting_and_the_purge_runs_daily(settings):
    names = {rule.name: rule.setting for rule in retention.rules()}
    assert names == {
        "notify.outbox": "RETENTION_OUTBOX_DAYS",
        "accounts.verification_codes": "RETENTION_VERIFICATION_CODE_DAYS",
        "portal.drafts": "RETENTION_DRAFT_DAYS",
    }
    assert all(getattr(settings, setting) >= 1 for setting in names.values())
    [job] = [job for job in periodic.jobs() if job.name == "purge_expired_records"]
    assert job.minutes == 24 * 60


def _notice(status: str, created_at: datetime.datetime) -> Notification:
    return Notification.objects.create(
        recipient_kind=Notification.RecipientKind.APPLICANT,
        topic=Topic.choices[0][0],
        channel=Notification.Channel.choices[0][0],
        address="0912345678",
        subject="Hồ sơ của Nguyễn Văn An",
        body="Kính gửi ông Nguyễn Văn An",
        status=status,
        created_at=created_at,
    )


def _code(expires_at: datetime.datetime) -> VerificationCode:
    return VerificationCode.objects.create(
        purpose=VerificationCode.Purpose.SIGNUP,
        channel=VerificationCode.Channel.SMS,
        address="0912345678",
        payload={"full_name": "Nguyễn Văn An"},
        code_hash="x" * 64,
        expires_at=expires_at,
        last_sent_at=expires_at,
    )


def _draft(owner: User, updated_at: datetime.datetime) -> Draft:
    method = ProcedureMethod.objects.filter(channel="online").first() or ProcedureMethod.objects.first()
    draft = Draft.objects.create(owner=owner, method=method, applicant_name="Nguyễn Văn An")
    Draft.objects.filter(pk=draft.pk).update(updated_at=updated_at)  # auto_now: set the age behind its back
    return draft


def test_only_what_has_expired_is_deleted(demo, settings):
    now = timezone.now()
    citizen = User.objects.get(username="congdan")
    outbox_days, code_days, draft_days = (
        settings.RETENTION_OUTBOX_DAYS,
        settings.RETENTION_VERIFICATION_CODE_DAYS,
        settings.RETENTION_DRAFT_DAYS,
    )
    old_sent = _notice(Notification.Status.SENT, now - (outbox_days + 1) * DAY)
    old_failed = _notice(Notification.Status.FAILED, now - (outbox_days + 1) * DAY)
    old_pending = _notice(Notification.Status.PENDING, now - (outbox_days + 1) * DAY)  # still to be sent: kept
    recent = _notice(Notification.Status.SENT, now - (outbox_days - 1) * DAY)
    old_code, recent_code = _code(now - (code_days + 1) * DAY), _code(now - (code_days - 1) * DAY)
    old_draft, recent_draft = _draft(citizen, now - (draft_days + 1) * DAY), _draft(citizen, now - DAY)

    deleted = retention.purge_expired(now)

    assert deleted == {"notify.outbox": 2, "accounts.verification_codes": 1, "portal.drafts": 1}
    assert set(Notification.objects.filter(pk__in=[old_sent.pk, old_failed.pk, old_pending.pk, recent.pk])) == {
        old_pending,
        recent,
    }
    assert list(VerificationCode.objects.filter(pk__in=[old_code.pk, recent_code.pk])) == [recent_code]
    assert list(Draft.objects.filter(pk__in=[old_draft.pk, recent_draft.pk])) == [recent_draft]


@pytest.mark.django_db
def test_the_statistics_are_the_same_after_the_purge(demo_dossiers):
    hanoi = AdministrativeUnit.objects.get(scheme="2025", level=1, code="01")
    ids = agency_ids_of_area(hanoi)
    today = timezone.localdate()
    start = (today - datetime.timedelta(days=140)).replace(day=1)
    for month in facts.storable_months(start, today):
        facts.compute(month)

    def figures():
        return (
            ii06a.build(ids, start, today).total.as_dict(),
            index766.index(ids, start, today).total,
            sorted(MonthFacts.objects.values_list(*[f.attname for f in MonthFacts._meta.concrete_fields])),
            Dossier.objects.count(),
            DossierEvent.objects.count(),
        )

    before = figures()
    assert before[0]["received_total"] > 0 and before[2]  # the demo's months are counted and stored
    # Notices about the dossiers themselves: there is something to purge next to what the statistics count.
    for dossier in Dossier.objects.order_by("pk")[:3]:
        Notification.objects.filter(pk=_notice(Notification.Status.SENT, timezone.now()).pk).update(dossier=dossier)
    outbox = Notification.objects.exclude(status=Notification.Status.PENDING).count()

    # Years later every notice, code and draft has expired.
    deleted = retention.purge_expired(timezone.now() + 5 * 365 * DAY)

    assert deleted["notify.outbox"] == outbox
    assert figures() == before
