"""Periodic jobs (việc định kỳ): each app declares its own in its AppConfig.ready() with `register`, and
`motcua run_periodic` (cron on every node, every 15 minutes) enqueues each one once per period across the cluster.

"Once" is decided by the database, not by the node: the first node to insert the claim row of a job's period
enqueues it, every other node's insert hits the unique constraint and skips. So a province can run the same cron
line on all its app servers (any of which may be down) without doing the work twice.
"""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

# Claims older than this are deleted by run_periodic: they only need to outlive the period they guard.
CLAIM_RETENTION = datetime.timedelta(days=7)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: object  # a django.tasks Task: .enqueue() and .call()
    minutes: int = 15
    summary: str = ""


_jobs: dict[str, PeriodicJob] = {}


def register(name: str, task, *, minutes: int = 15, summary: str = "") -> None:
    """Declare a periodic job (called from an app's ready(); registering the same name again replaces it)."""
    _jobs[name] = PeriodicJob(name, task, minutes, summary)


def jobs() -> list[PeriodicJob]:
    return list(_jobs.values())


def period_start(job: PeriodicJob, now: datetime.datetime) -> datetime.datetime:
    """The start of the job's period containing `now`, aligned on the epoch so every node computes the same one."""
    seconds = job.minutes * 60
    return datetime.datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=datetime.UTC)


def claim(job: PeriodicJob, now: datetime.datetime | None = None) -> bool:
    """True for the one caller, across all nodes, that gets to run `job` in the current period."""
    from motcua.core.models import PeriodicClaim

    now = now or timezone.now()
    try:
        with transaction.atomic():
            PeriodicClaim.objects.create(job=job.name, period_start=period_start(job, now))
    except IntegrityError:
        return False
    return True


def forget_old_claims(now: datetime.datetime | None = None) -> int:
    from motcua.core.models import PeriodicClaim

    deleted, _ = PeriodicClaim.objects.filter(period_start__lt=(now or timezone.now()) - CLAIM_RETENTION).delete()
    return deleted


def moment(at: str | None) -> datetime.datetime:
    """A periodic task's `at` argument (ISO 8601, for replays and tests; naive means Vietnam's time), or now."""
    if not at:
        return timezone.now()
    value = datetime.datetime.fromisoformat(at)
    return timezone.make_aware(value) if timezone.is_naive(value) else value
