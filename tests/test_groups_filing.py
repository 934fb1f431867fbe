"""Filing a Decree 63/2024/NĐ-CP group online and at the desk: one submission makes one group with one reference
and one ordinary dossier per part, each at its own competent agency with its own deadline (docs/groups.md)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dossier_helpers import PERSON, POLICE, UBND, at, intake, user
from group_helpers import centre, file_at_desk, file_online, pdf_file
from motcua.catalog.models import AgencyOffering
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier, DossierEvent, State
from motcua.groups import services
from motcua.groups.definitions import GroupKind
from motcua.groups.models import DossierGroup
from motcua.groups.status import GroupStatus, overview

SOCIAL_INSURANCE = "Bảo hiểm xã hội cơ sở Thường Tín"
FILED = at(2026, 12, 1, 8, 30)  # a Tuesday


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_online_group_makes_one_dossier_per_agency_under_one_reference(demo):
    """Decree 63/2024 Art. 1: birth registration, permanent residence and the health-insurance card of a child
    under 6 are one electronic submission; each part is resolved by its own agency (justice and civil status of
    the commune People's Committee, commune police, social insurance)."""
    group = file_online(GroupKind.BIRTH, at=FILED)

    dossiers = services.members(group)
    assert group.reference.startswith("LT261201-") and group.channel == "online"
    assert [d.version.procedure.code for d in dossiers] == ["1.001193", "1.004222", "DEMO-BHYT6"]
    assert [d.competent_agency.name for d in dossiers] == [UBND, POLICE, SOCIAL_INSURANCE]
    assert {d.state for d in dossiers} == {State.SUBMITTED}
    assert len({d.reference for d in dossiers}) == 3  # each part keeps its own reference beside the group's
    assert all(d.intake_due_at and d.applicant_user.username == "congdan" for d in dossiers)
    assert all(group.reference in d.request_summary for d in dossiers)
    # The one file went to the part whose component it is, and only there.
    assert [d.documents.count() for d in dossiers] == [1, 0, 0]
    assert overview(dossiers, FILED).status == GroupStatus.WAITING_INTAKE


def test_desk_group_accepts_every_part_with_its_own_code_and_deadline(demo):
    """Decree 63/2024: death registration, removal of permanent residence and the funeral allowance filed once at
    the desk; Decree 118 Art. 17.1.c: each part accepted gets its code from its own competent agency, a receipt
    (Mẫu 01) and a deadline from its own time limit."""
    group = file_at_desk(GroupKind.DEATH, at=FILED)

    dossiers = services.members(group)
    assert group.channel == "direct"
    assert [d.state for d in dossiers] == [State.RECEIVED] * 3
    assert [d.code.split("-")[0] for d in dossiers] == ["000.00.87.H26", "000.02.87.H26", "000.03.87.H26"]
    assert all(d.events.filter(kind=DossierEvent.Kind.ACCEPTED, form="01").exists() for d in dossiers)
    # Each part's own time limit: death registration the same day (Luật Hộ tịch Art. 34); removal of residence
    # (catalog: 5 working days) and the demo funeral-allowance part (5 working days) five working days on.
    dues = [timezone.localtime(d.due_at) for d in dossiers]
    assert dues == [at(2026, 12, 1, 17, 0), at(2026, 12, 8, 8, 30), at(2026, 12, 8, 8, 30)]
    assert overview(dossiers, FILED).due_at == max(dues)


def test_a_part_missing_a_required_component_refuses_the_whole_group(demo):
    """All or nothing: the desk cannot leave half a group (Decree 118 Art. 17.1: incomplete → supplement)."""
    planned = services.plan(GroupKind.DEATH, centre(), services.AT_DESK, FILED.date())
    required = next(doc for doc in planned[1].requirements if doc.required)
    handed_in = [doc.pk for item in planned for doc in item.requirements if doc.pk != required.pk]
    with pytest.raises(ValidationError, match="thiếu thành phần bắt buộc"):
        services.receive_at_desk(
            user("tiepnhan.hongvan"),
            GroupKind.DEATH,
            receiving_agency=centre(),
            applicant=PERSON,
            details=[],
            uploads=[],
            presented=handed_in,
            at=FILED,
        )
    assert not DossierGroup.objects.exists() and not Dossier.objects.exists()


def test_a_desk_that_does_not_take_a_part_cannot_take_the_group(demo):
    AgencyOffering.objects.filter(procedure__code="DEMO-TUTUAT", agency=centre()).update(active=False)
    with pytest.raises(ValidationError, match="Giải quyết mai táng phí, tử tuất"):
        services.plan(GroupKind.DEATH, centre(), services.AT_DESK, FILED.date())
    assert centre() not in services.receiving_agencies(GroupKind.DEATH, services.AT_DESK, FILED.date())


# -- the pages ------------------------------------------------------------------------------------------------------


def _online_post(kind_fields: dict, planned) -> dict:
    data = {
        "receiving_agency": centre().pk,
        "applicant_kind": "person",
        "applicant_name": "Nguyễn Văn An",
        "applicant_id_number": "001090012345",
        "applicant_phone": "0912345678",
        "applicant_email": "",
        "applicant_address": "Thôn Vân Tảo",
        "submitter_name": "",
        "request_summary": "",
        "return_method": "desk",
        **kind_fields,
    }
    data[f"phan1-tep_{planned[0].requirements[0].pk}"] = pdf_file()
    return data


def _birth_fields(born: datetime.date) -> dict:
    return {
        "child_name": "Nguyễn Minh Khôi",
        "child_birth_date": born.strftime("%d/%m/%Y"),
        "child_sex": "Nam",
        "birth_place": "Bệnh viện đa khoa huyện Thường Tín",
        "mother_name": "Trần Thị Hoa",
        "father_name": "Nguyễn Văn An",
        "residence": "Thôn Vân Tảo, xã Hồng Vân",
    }


def test_citizen_files_the_birth_group_online_on_one_page(login_as):
    client = login_as("congdan")
    url = reverse("portal:group-start", args=["khai-sinh"])
    assert client.get(url).status_code == 200
    planned = services.plan(GroupKind.BIRTH, centre(), services.ONLINE, timezone.localdate())
    response = client.post(url, _online_post(_birth_fields(timezone.localdate() - datetime.timedelta(days=3)), planned))

    group = DossierGroup.objects.get()
    assert response.status_code == 302 and response.url == reverse("portal:my-group", args=[group.pk])
    dossiers = services.members(group)
    assert len(dossiers) == 3 and all("Nguyễn Minh Khôi" in d.request_summary for d in dossiers)
    page = client.get(response.url)
    assert "no-store" in page["Cache-Control"]  # personal data
    text = page.content.decode()
    assert group.reference in text and "Chờ tiếp nhận" in text
    assert all(d.reference in text for d in dossiers)
    listing = client.get(reverse("portal:my-groups")).content.decode()
    assert group.reference in listing and SOCIAL_INSURANCE in listing


def test_the_birth_group_is_for_a_child_under_six(login_as):
    """Decree 63/2024 Art. 1: the group is for a child under 6; an older child's procedures are filed one by one."""
    client = login_as("congdan")
    planned = services.plan(GroupKind.BIRTH, centre(), services.ONLINE, timezone.localdate())
    today = timezone.localdate()
    six = today.replace(year=today.year - 6)
    response = client.post(reverse("portal:group-start", args=["khai-sinh"]), _online_post(_birth_fields(six), planned))

    assert response.status_code == 422
    assert "dưới 6 tuổi" in response.content.decode()
    assert not DossierGroup.objects.exists()


def test_online_group_needs_at_least_one_file(login_as):
    client = login_as("congdan")
    planned = services.plan(GroupKind.BIRTH, centre(), services.ONLINE, timezone.localdate())
    data = _online_post(_birth_fields(timezone.localdate()), planned)
    data.pop(f"phan1-tep_{planned[0].requirements[0].pk}")
    response = client.post(reverse("portal:group-start", args=["khai-sinh"]), data)
    assert response.status_code == 422 and not DossierGroup.objects.exists()


def test_desk_receives_the_death_group_on_one_page(login_as):
    client = login_as("tiepnhan.hongvan")
    url = reverse("desk:group_intake", args=["khai-tu"])
    assert client.get(url).status_code == 200
    planned = services.plan(GroupKind.DEATH, centre(), services.AT_DESK, timezone.localdate())
    data = {
        "deceased_name": "Phạm Văn Cường",
        "deceased_id_number": "001060001234",
        "death_date": timezone.localdate().strftime("%d/%m/%Y"),
        "death_place": "Thôn Đông Cứu",
        "relationship": "Con",
        "applicant_kind": "person",
        "applicant_name": "Phạm Thị Bình",
        "applicant_id_number": "001185004321",
        "applicant_phone": "0987654321",
        "applicant_email": "",
        "applicant_address": "Thôn Đông Cứu",
        "submitter_name": "",
        "return_method": "desk",
    }
    for order, item in enumerate(planned, 1):
        for doc in item.requirements:
            data[f"phan{order}-doc_{doc.pk}_present"] = "on"
    response = client.post(url, data)

    group = DossierGroup.objects.get()
    assert response.status_code == 302 and response.url == reverse("desk:group", args=[group.pk])
    assert [d.state for d in services.members(group)] == [State.RECEIVED] * 3
    page = client.get(response.url).content.decode()
    assert all(d.code in page for d in services.members(group))
    assert group.reference in client.get(reverse("desk:groups")).content.decode()


def test_desk_group_intake_is_for_receiving_officers_only(login_as):
    intake = reverse("desk:group_intake", args=["khai-tu"])
    specialist = login_as("chuyenvien.hongvan")
    assert specialist.get(intake).status_code == 403
    assert intake not in specialist.get(reverse("desk:groups")).content.decode()  # no link to a refused page
    desk = login_as("tiepnhan.hongvan")
    assert intake in desk.get(reverse("desk:groups")).content.decode()


def test_each_part_page_names_its_group(login_as):
    """A part is an ordinary dossier, and its page says it belongs to the group whose results come back together."""
    group = file_online(GroupKind.BIRTH, at=FILED)
    part = services.members(group)[1]
    citizen_page = login_as("congdan").get(reverse("portal:my-dossier", args=[part.pk])).content.decode()
    assert group.reference in citizen_page and reverse("portal:my-group", args=[group.pk]) in citizen_page
    desk_page = login_as("tiepnhan.hongvan").get(reverse("desk:dossier", args=[part.pk])).content.decode()
    assert group.reference in desk_page and reverse("desk:group", args=[group.pk]) in desk_page
    alone = lifecycle.accept(user("tiepnhan.hongvan"), intake("1.001193"), at=FILED)  # not in a group
    page = login_as("tiepnhan.hongvan").get(reverse("desk:dossier", args=[alone.pk]))
    assert page.status_code == 200 and "nhóm liên thông" not in page.content.decode()
