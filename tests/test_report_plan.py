"""Form II.06a of one commune reads that commune's dossiers, not the whole period's (issue 17: a commune's quarter
read the 1.2 million dossiers of the province's quarter to count 9,000, 967 ms against the target's 50).

The dossiers a participating agency took part in are fetched first as ids (ii06a.of_agencies_in_period), so the
planner combines the agencies' own report indexes instead of testing an EXISTS on every dossier of the period.
"""

import datetime

import pytest
from django.utils import timezone

from dossier_helpers import CENTRE, UBND
from motcua.dossiers.models import Dossier, Outcome, State
from motcua.orgs.models import Agency
from motcua.reports import ii06a
from motcua.reports.areas import agency_ids_of_area
from plan_helpers import dossier_index_names, explain, largest_read, skip_unless_postgresql, summary, vacuum_dossiers
from test_queue_plan import CLOSED_HISTORY, HISTORY_COPIES, multiply_history, rows, seed_commune

OWN = 30


# Committed and vacuumed, as tests/test_queue_plan.py says why.
@pytest.mark.django_db(transaction=True)
def test_a_communes_report_reads_its_own_dossiers_not_the_whole_period(demo):
    skip_unless_postgresql()
    now = timezone.now()
    # The rest of the province in the same period: decided dossiers of another agency, a hundred thousand of them.
    seed_commune(now, closed=CLOSED_HISTORY, open_late=0, open_on_time=0)
    elsewhere = Agency.objects.exclude(name__in=[UBND, CENTRE]).filter(kind=Agency.Kind.PEOPLES_COMMITTEE).first()
    Dossier.objects.update(competent_agency=elsewhere, receiving_agency=elsewhere)
    multiply_history(HISTORY_COPIES)
    late = -datetime.timedelta(days=20)
    own = rows(OWN, state=State.RETURNED, outcome=Outcome.GRANTED, now=now, due_in=late, start=CLOSED_HISTORY)
    Dossier.objects.bulk_create(own)
    vacuum_dossiers()
    commune = agency_ids_of_area(Agency.objects.get(name=UBND).unit)
    start, end = timezone.localdate(now) - datetime.timedelta(days=60), timezone.localdate(now)
    period = ii06a.Period.of(start, end)
    assert Dossier.objects.filter(received_at__gte=period.start_at).count() > 50 * OWN

    part = ii06a.period_parts(period, commune)[ii06a.OPEN_OR_DECIDED]
    plan = explain(ii06a.annotated_dossiers(commune, period, part).values("pk"))
    read = largest_read(plan, dossier_index_names())
    assert read <= 2 * OWN, (read, summary(plan))  # the commune's own rows (by its two agencies' indexes), no more
    assert ii06a.build(commune, start, end).total.received_total == OWN
