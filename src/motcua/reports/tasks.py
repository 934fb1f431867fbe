"""Background work of the reports (django.tasks), enqueued every 15 minutes by `motcua run_periodic`."""

import datetime

from django.tasks import task
from django.utils import timezone

from motcua.reports import facts

# The months kept computed ahead of any reader: the public statistics' year and the dashboards' usual periods.
RECENT_MONTHS = 13


def recent_months(today: datetime.date | None = None) -> list[datetime.date]:
    """The first days of the last RECENT_MONTHS months that may be stored, oldest first."""
    first = (today or timezone.localdate()).replace(day=1)
    for _ in range(RECENT_MONTHS):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return facts.months_to_store(first)


@task
def store_recent_months() -> int:
    """Compute the recent complete months that are missing or marked stale, so that the first dashboard after a month
    ends (or after a late payment) does not wait for them; the number computed. Older months are computed when read."""
    return sum(facts.compute(first) for first in recent_months())
