"""Public statistics (công khai kết quả giải quyết TTHC, Decree 118/2025 Art. 32): per agency and month, the
dossiers received, the dossiers decided and the share decided on time. Counts only: no names, no codes, no
dossier, so nothing personal. The same measures as the dashboards (form II.06a's rules).

The figures are kept in the cache for CACHE_SECONDS per agency and day: the page is open to anybody, so a crowd
costs one set of aggregate queries.
"""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from motcua.catalog.models import AgencyOffering
from motcua.orgs.models import Agency
from motcua.reports import measures
from motcua.reports.areas import agency_ids_of_area

MONTHS = 12
CACHE_SECONDS = 15 * 60


def public_agencies() -> QuerySet[Agency]:
    """Agencies that receive or resolve procedures (those with an active offering), by name."""
    offering = AgencyOffering.objects.filter(active=True).values("agency")
    return Agency.objects.filter(pk__in=offering).order_by("name")


@dataclass(frozen=True)
class MonthFigures:
    month: datetime.date
    received: int
    resolved: int  # form II.06a's "đã giải quyết", withdrawn, closed and refused dossiers included (column 9)
    on_time: int  # II.06a's early and on time, withdrawn, closed and refused included
    rate: measures.Ratio  # the on-time rate, which leaves those three out (Measures.on_time)

    @property
    def on_time_percent(self) -> float | None:
        return self.rate.percent


def first_month(today: datetime.date) -> datetime.date:
    first = today.replace(day=1)
    for _month in range(MONTHS - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return first


def monthly(agency: Agency, today: datetime.date | None = None) -> list[MonthFigures]:
    """The last MONTHS months (this one included) of the agency and the agencies under it."""
    today = today or timezone.localdate()
    # v3: the rate leaves out the refusals after appraisal too (ii06a.refused_after_appraisal)
    key = f"reports:public-stats:v3:{agency.pk}:{today.isoformat()}"
    found = cache.get(key)
    if found is None:
        start = first_month(today)
        by_month = measures.measures(agency_ids_of_area(agency), start, today, measures.By.MONTH)
        found = []
        for month in measures.months(start, today):
            values = by_month.get(month, measures.Measures())
            found.append(
                MonthFigures(
                    month,
                    values.received,
                    values.resolved,
                    values.resolved_early + values.resolved_on_time,
                    values.on_time,
                )
            )
        cache.set(key, found, CACHE_SECONDS)
    return found
