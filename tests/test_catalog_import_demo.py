"""The demo catalog: 240 published procedures, xã Hồng Vân's offering and internal processes within legal time."""

import datetime

import pytest

from motcua.catalog.models import AgencyOffering, InternalProcess, ProcedureVersion, TimeUnit
from motcua.demo.catalog_seed import COMMITTEE, DAY, POLICE, seed_catalog
from motcua.demo.group_seed import CODES as GROUP_CODES
from motcua.demo.group_seed import SOCIAL_INSURANCE
from motcua.demo.seed import seed

pytestmark = pytest.mark.django_db

CENTRE = "Trung tâm Phục vụ hành chính công xã Hồng Vân"


def offering(code: str, agency: str) -> AgencyOffering:
    return AgencyOffering.objects.get(procedure__code=code, agency__name=agency)


def test_demo_catalog_is_published_and_offered(demo):
    # The 240 commune procedures of the national portal, and the two social-insurance parts of the Decree 63/2024
    # groups (demo/data/group_procedures.json), received at the same centre and resolved by their own office.
    published = ProcedureVersion.objects.filter(status="published", valid_from=datetime.date(2025, 7, 1))
    assert published.exclude(procedure__code__in=GROUP_CODES).count() == 240
    assert set(published.filter(procedure__code__in=GROUP_CODES).values_list("procedure__code", flat=True)) == set(
        GROUP_CODES
    )
    assert AgencyOffering.objects.filter(agency__name=CENTRE, receives=True).count() == 242
    for code in GROUP_CODES:
        assert set(AgencyOffering.objects.filter(procedure__code=code).values_list("agency__name", flat=True)) == {
            CENTRE,
            SOCIAL_INSURANCE,
        }

    birth = offering("1.001193", CENTRE)
    assert birth.channels == ["direct", "online", "postal"]
    assert offering("2.000815", CENTRE).channels == ["direct"]
    assert offering("1.012812", CENTRE).channels == ["direct", "postal"]
    assert offering("1.001776", CENTRE).channels == ["direct"]  # no methods on the 2021 page

    assert offering("1.001193", COMMITTEE).resolves
    residence = offering("1.004222", POLICE)
    assert residence.resolves and not residence.receives
    assert not AgencyOffering.objects.filter(procedure__code="1.004222", agency__name=COMMITTEE).exists()
    police_codes = set(AgencyOffering.objects.filter(agency__name=POLICE).values_list("procedure__code", flat=True))
    noted = ProcedureVersion.objects.filter(notes__contains="Công an cấp xã").values_list("procedure__code", flat=True)
    assert police_codes == set(noted) and len(police_codes) == 24


def legal_minutes(version: ProcedureVersion) -> int:
    """The shortest legal time over the version's methods, in working minutes (calendar days counted as 5/7)."""
    limits = []
    for method in version.methods.all():
        if method.time_unit == TimeUnit.SAME_DAY:
            limits.append(2 * 60)  # from the 15:00 cut-off to the end of the working day
        elif method.time_unit == TimeUnit.WORKING_DAYS:
            limits.append(int(method.time_amount) * DAY)
        elif method.time_unit == TimeUnit.CALENDAR_DAYS:
            limits.append(int(method.time_amount) * 5 // 7 * DAY)
    return min(limits, default=2 * 60)  # no structured time (chứng thực): treated as same day


def elapsed_minutes(process: InternalProcess) -> int:
    groups: dict[object, int] = {}
    for step in process.steps.all():
        key = ("parallel", step.parallel_group) if step.parallel_group else ("step", step.order)
        groups[key] = max(groups.get(key, 0), step.allotted_minutes)
    return sum(groups.values())


def test_internal_processes_fit_the_legal_time(demo):
    processes = InternalProcess.objects.select_related("offering__agency", "offering__procedure", "version")
    by_code = {p.offering.procedure.code: p for p in processes}

    assert {"1.001193", "2.000815", "1.012812", "1.000656", "1.004837", "1.004222", "1.004194"} <= set(by_code)
    for process in by_code.values():
        assert elapsed_minutes(process) <= legal_minutes(process.version), process
        roles = [step.role for step in process.steps.all()]
        assert roles[0] == roles[-1] == "receiving_officer" and "leader" in roles
    assert by_code["1.004222"].offering.agency.name == POLICE
    assert by_code["1.001193"].offering.agency.name == COMMITTEE
    mediation = list(by_code["1.012812"].steps.filter(parallel_group=1))
    assert len(mediation) == 2 and any(step.is_consultation for step in mediation)


def test_seeding_again_changes_nothing(demo):
    before = (AgencyOffering.objects.count(), InternalProcess.objects.count(), ProcedureVersion.objects.count())
    messages = []
    seed_catalog(messages.append)
    assert (AgencyOffering.objects.count(), InternalProcess.objects.count(), ProcedureVersion.objects.count()) == before
    assert any("240 không đổi" in message for message in messages)


def test_seed_reports_progress(db):
    messages = []
    seed(progress=messages.append)
    assert any("Nạp danh mục 240 thủ tục" in m for m in messages)
    assert any("Gán thủ tục cho các cơ quan xã Hồng Vân" in m for m in messages)
