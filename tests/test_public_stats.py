"""The public statistics page (/cong-dan/thong-ke/, no login): volumes and on-time rate by month, no personal data."""

import datetime

import pytest
from django.urls import reverse

from motcua.dossiers.models import Dossier
from motcua.orgs.models import Agency
from motcua.reports import ii06a, public_stats
from motcua.reports.areas import agency_ids_of_area
from test_reports_index766 import march  # noqa: F401 – the five dossiers of March 2026

UBND = "Ủy ban nhân dân xã Hồng Vân"


@pytest.fixture
def today(monkeypatch):
    """The page shows the twelve months up to "today"; pin it to 15 April 2026 so that March 2026 is in it."""
    day = datetime.date(2026, 4, 15)
    monkeypatch.setattr(public_stats.timezone, "localdate", lambda: day)
    return day


@pytest.mark.usefixtures("march")
def test_public_page_shows_the_month_figures_of_form_ii06a_without_personal_data(client, today):
    listing = client.get(reverse("portal:stats"))
    assert listing.status_code == 200
    ubnd = Agency.objects.get(name=UBND)
    assert reverse("portal:stats-agency", args=[ubnd.pk]) in listing.content.decode()

    response = client.get(reverse("portal:stats-agency", args=[ubnd.pk]))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "max-age=600" in response["Cache-Control"]
    months = response.context["months"]
    assert months[0].month == datetime.date(2025, 5, 1)
    assert len(months) == 12
    march_row = next(one for one in months if one.month == datetime.date(2026, 3, 1))
    # Hand count: five received (four at the desk, one online), four decided, three of them early or on time as form
    # II.06a counts them (the withdrawn one in column 9); the rate leaves the withdrawn one out: 2 of 3.
    assert (march_row.received, march_row.resolved, march_row.on_time) == (5, 4, 3)
    assert (march_row.rate.part, march_row.rate.whole) == (2, 3)
    cells = ii06a.build(agency_ids_of_area(ubnd), datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)).total
    assert march_row.received == cells.received_online + cells.received_direct
    assert march_row.resolved == cells.resolved_total
    assert march_row.on_time == cells.resolved_early + cells.resolved_on_time
    page = response.content.decode()
    assert "66,7%" in page
    assert page.count("<svg") == 2
    for name, code in Dossier.objects.values_list("applicant_name", "code"):
        assert name not in page
        assert not code or code not in page
    assert "/can-bo/" not in page  # no link into the staff pages


@pytest.mark.usefixtures("march")
def test_figures_are_cached_per_agency_and_day(client, today, django_assert_max_num_queries):
    ubnd = Agency.objects.get(name=UBND)
    first = public_stats.monthly(ubnd)
    Dossier.objects.filter(competent_agency=ubnd).update(channel="online")  # would change the figures
    with django_assert_max_num_queries(0):
        assert public_stats.monthly(ubnd) == first


def test_unknown_agency_is_not_found(client, demo):
    assert client.get(reverse("portal:stats-agency", args=[999_999])).status_code == 404


def test_the_agency_list_is_read_once_and_follows_the_catalog(client, demo, django_assert_max_num_queries):
    """The list of agencies is kept between visits (the slowest public page under load) and shows a change of the
    catalog's offerings at once: a new agency offering a procedure is listed on the next visit, a closed one goes."""
    from motcua.catalog.models import AgencyOffering, Procedure

    url = reverse("portal:stats")
    client.get(url)
    with django_assert_max_num_queries(0):  # an anonymous visit: no session to read, the list from the cache
        page = client.get(url).content.decode()
    ubnd = Agency.objects.get(name=UBND)
    assert reverse("portal:stats-agency", args=[ubnd.pk]) in page

    newcomer = Agency.objects.create(name="Phòng Văn hóa – Xã hội xã Hồng Vân", kind=ubnd.kind, unit=ubnd.unit)
    offering = AgencyOffering.objects.create(procedure=Procedure.objects.first(), agency=newcomer, resolves=True)
    assert reverse("portal:stats-agency", args=[newcomer.pk]) in client.get(url).content.decode()
    offering.active = False
    offering.save()
    assert reverse("portal:stats-agency", args=[newcomer.pk]) not in client.get(url).content.decode()
