"""The read replica (issue 18 item 1): report, dashboard, public statistics and export views read from the alias
"replica", every other page from the primary, and a browser that just wrote reads its reports from the primary
(read-your-writes). Here the replica alias is a second connection to the test database, a mirror of the primary
as settings make it with MOTCUA_DATABASE_REPLICA_URL; the streaming standby itself is the cluster test's."""

import copy
import socket

import pytest
from django.db import connections
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.accounts.models import User
from motcua.core import replica
from motcua.orgs.models import Agency

LEADER = "lanhdao.hongvan"
BOTH = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup, django_db_blocker):
    """The alias "replica" on the test database, as settings.py adds it (TEST MIRROR of default), for this module
    only: elsewhere the router finds no replica and sends everything to the primary."""
    with django_db_blocker.unblock():
        primary = connections["default"].settings_dict
    settings = copy.deepcopy(primary)
    settings["TEST"] = {**settings.get("TEST", {}), "MIRROR": "default"}
    connections.settings[replica.REPLICA] = settings
    yield
    connections[replica.REPLICA].close()
    del connections.settings[replica.REPLICA]
    if hasattr(connections._connections, replica.REPLICA):
        delattr(connections._connections, replica.REPLICA)


def queries(client: Client, url: str) -> dict[str, int]:
    """How many queries each database ran to answer GET `url` (which must answer 200)."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[replica.REPLICA]) as standby,
    ):
        response = client.get(url)
    assert response.status_code == 200, url
    return {"primary": len(primary), "replica": len(standby)}


@pytest.fixture
def leader(demo) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=LEADER))
    return client


@BOTH
def test_reports_dashboards_and_public_statistics_read_from_the_replica(leader):
    agency = Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân")
    for client, url in [
        (leader, reverse("desk:dashboard")),
        (leader, reverse("desk:report-06a") + f"?pham_vi=a{agency.pk}"),
        (leader, reverse("desk:report-list", args=["giai-quyet-tre-han"]) + "?dinh-dang=csv"),
        (Client(), reverse("portal:stats")),
    ]:
        counted = queries(client, url)
        assert counted["replica"] > 0, (url, counted)


@BOTH
def test_work_pages_read_from_the_primary(leader):
    counted = queries(leader, reverse("desk:dossiers"))
    assert counted == {"primary": counted["primary"], "replica": 0} and counted["primary"] > 0


@BOTH
def test_after_a_write_the_same_browser_reads_its_reports_from_the_primary(leader):
    before = queries(leader, reverse("desk:dashboard"))
    response = leader.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert replica.WROTE_COOKIE in response.cookies
    after = queries(leader, reverse("desk:dashboard"))
    assert before["replica"] > 0 and after["replica"] == 0 and after["primary"] >= before["replica"]
    # Another browser that wrote nothing still reads from the replica.
    other = Client()
    other.force_login(User.objects.get(username=LEADER))
    assert queries(other, reverse("desk:dashboard"))["replica"] > 0


@BOTH
def test_a_write_inside_a_report_view_turns_the_replica_off_for_the_rest_of_it(db):
    seen = []

    @replica.reads_from_replica
    def view(request):
        seen.append(User.objects.all().db)
        User.objects.create(username="moi.ghi", full_name="Vừa ghi")
        seen.append(User.objects.all().db)
        return None

    view(RequestFactory().get("/"))
    assert seen == [replica.REPLICA, "default"]
    assert User.objects.all().db == "default"  # and outside the view, the primary again


@BOTH
def test_a_report_is_read_from_the_primary_when_the_replica_does_not_answer(leader):
    standby = connections[replica.REPLICA]
    standby.close()
    saved = dict(standby.settings_dict)
    if standby.vendor == "sqlite":
        standby.settings_dict["NAME"] = "/nonexistent/folder/motcua.sqlite3"
    else:
        with socket.socket() as probe:  # a port nothing listens on
            probe.bind(("127.0.0.1", 0))
            standby.settings_dict.update(HOST="127.0.0.1", PORT=probe.getsockname()[1])
    try:
        with CaptureQueriesContext(connections["default"]) as primary:
            response = leader.get(reverse("desk:dashboard"))
        assert response.status_code == 200 and len(primary) > 0
    finally:
        standby.close()
        standby.settings_dict.update(saved)


def test_read_your_writes_window():
    factory = RequestFactory()

    def browser(cookie: str | None):
        request = factory.get("/")
        if cookie is not None:
            request.COOKIES[replica.WROTE_COOKIE] = cookie
        return request

    now = 1_800_000_000.0
    assert replica.wrote_recently(browser(str(now - 5)), now=now)
    assert not replica.wrote_recently(browser(str(now - 15)), now=now)  # the window (15 s by default) has passed
    assert not replica.wrote_recently(browser(None), now=now)
    assert not replica.wrote_recently(browser("not a time"), now=now)
    assert not replica.wrote_recently(browser(str(now + 60)), now=now)  # a time to come is no write
