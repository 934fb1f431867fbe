"""The one permission module (motcua.dossiers.permissions over motcua.accounts.scope): a user's roles are read once
for the whole request, whatever the page, its guards and its buttons ask, and a new request reads them afresh."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dossier_helpers import at, processing, user
from motcua.accounts import scope
from motcua.accounts.models import Role, RoleAssignment
from motcua.dossiers import transitions
from motcua.dossiers.permissions import Standing
from motcua.orgs.models import Agency

RECEIVED = at(2026, 3, 2, 9, 0)
ROLE_TABLE = "accounts_roleassignment"


def role_reads(queries) -> int:
    return sum(ROLE_TABLE in query["sql"] for query in queries.captured_queries)


def test_the_roles_are_read_once_for_every_question_about_several_dossiers(demo):
    dossiers = [processing(RECEIVED + datetime.timedelta(days=day)) for day in range(3)]
    leader = user("lanhdao.hongvan")  # a fresh user object: what a new request holds
    with CaptureQueriesContext(connection) as queries:
        for dossier in dossiers:
            transitions.available(leader, dossier)
            assert Standing(leader, dossier).leader
        assert not scope.is_read_only(leader)
        assert not scope.is_system_admin(leader)
        assert scope.visible_agency_ids(leader)
        assert not scope.can_view_audit_log(leader)
    assert role_reads(queries) == 1


def test_a_role_given_between_requests_counts_from_the_next_request(client, demo):
    """The memo lives on the request's user object: a role given by an administrator shows on the next page."""
    specialist = user("chuyenvien.hongvan")
    client.force_login(specialist)
    intake = reverse("desk:dossier_intake")
    assert intake not in client.get(reverse("desk:home")).content.decode()
    centre = Agency.objects.get(name="Trung tâm Phục vụ hành chính công xã Hồng Vân")
    RoleAssignment.objects.create(user=specialist, role=Role.RECEIVING_OFFICER, agency=centre)
    assert intake in client.get(reverse("desk:home")).content.decode()
