"""Inter-agency parts through the staff pages (Decree 118/2025 Art. 20.2): the lead gives the parts from the dossier
page; the participating agency finds its part in «Phần việc liên thông được giao», sees the part and the files sent
with it (not the dossier), receives it and returns its own result file; the lead sees and opens that result."""

import datetime
import re

import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dossier_helpers import POLICE, VN, processing, user
from motcua.dossiers import lifecycle
from motcua.dossiers.interagency import PartRequest
from motcua.dossiers.models import DossierDocument, InteragencyPart
from motcua.dossiers.uploads import Upload
from motcua.orgs.models import Agency

PDF = weasyprint.HTML(string="<p>Biên bản xác minh nơi cư trú</p>").write_pdf()
LEAD, PARTNER = "chuyenvien.hongvan", "chuyenvien.congan.hongvan"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dossier(demo):
    """At the lead's specialist since a moment ago, with two files: one will go with the part, one will not."""
    dossier = processing(datetime.datetime.now(VN) - datetime.timedelta(minutes=90))
    for name in ("to-khai.pdf", "giay-to-rieng.pdf"):
        lifecycle.add_documents(user("tiepnhan.hongvan"), dossier, documents=[Upload(SimpleUploadedFile(name, PDF))])
    return dossier


def post(client, url, action, revision, **fields):
    data = {f"{action}-revision": str(revision), **{f"{action}-{k}": v for k, v in fields.items()}}
    return client.post(url, data)


def forms_on(page: str) -> set[str]:
    return set(re.findall(r'id="thao-tac-([a-z_]+)"', page))


def test_a_part_goes_out_from_the_dossier_page_and_its_result_comes_back(client, dossier):
    police = Agency.objects.get(name=POLICE)
    sent_file = dossier.documents.get(name="to-khai.pdf")
    private_file = dossier.documents.get(name="giay-to-rieng.pdf")
    client.force_login(user(LEAD))
    page = client.get(reverse("desk:dossier", args=[dossier.pk])).text
    assert "send_parts" in forms_on(page) and "submit_for_signature" in forms_on(page)
    dossier.refresh_from_db()
    response = post(
        client,
        reverse("desk:dossier_action", args=[dossier.pk, "send_parts"]),
        "send_parts",
        dossier.revision,
        agency_1=str(police.pk),
        task_1="Xác nhận nơi cư trú của người nộp",
        amount_1="2",
        unit="days",
        parallel="1",
        documents=[str(sent_file.pk)],
    )
    assert response.status_code == 302, response.content[:500]
    part = InteragencyPart.objects.get()
    assert (part.agency, part.allotted_minutes, list(part.documents.all())) == (police, 2 * 480, [sent_file])
    page = client.get(reverse("desk:dossier", args=[dossier.pk])).text
    assert part.code in page and "submit_for_signature" not in forms_on(page)  # Art. 20.2: the parts come first

    # The police specialist: the part in its queue and on its page; the dossier page stays closed.
    client.force_login(user(PARTNER))
    assert part.code in client.get(reverse("desk:parts")).text
    assert client.get(reverse("desk:dossier", args=[dossier.pk])).status_code == 404
    response = client.get(reverse("desk:part", args=[part.pk]))
    page = response.text
    assert response.status_code == 200 and response["Cache-Control"] == "no-store, private"
    assert "Xác nhận nơi cư trú" in page and dossier.applicant_id_number not in page
    assert dossier.applicant_phone not in page
    assert forms_on(page) == {"receive_part", "complete_part", "refuse_part"}
    assert client.get(reverse("desk:part_document", args=[part.pk, sent_file.pk])).status_code == 200
    assert client.get(reverse("desk:part_document", args=[part.pk, private_file.pk])).status_code == 404

    part_url = reverse("desk:part_action", args=[part.pk, "receive_part"])
    assert post(client, part_url, "receive_part", dossier.revision - 1).status_code == 409  # a stale page
    dossier.refresh_from_db()
    assert post(client, part_url, "receive_part", dossier.revision).status_code == 302
    page = client.get(reverse("desk:part", args=[part.pk])).text
    assert forms_on(page) == {"complete_part", "refuse_part"}

    # Refusing needs the confirmation box; returning the result needs the file.
    dossier.refresh_from_db()
    refuse_url = reverse("desk:part_action", args=[part.pk, "refuse_part"])
    assert post(client, refuse_url, "refuse_part", dossier.revision, reason="Không xác minh được").status_code == 422
    complete_url = reverse("desk:part_action", args=[part.pk, "complete_part"])
    assert post(client, complete_url, "complete_part", dossier.revision, note="x").status_code == 422
    response = client.post(
        complete_url,
        {
            "complete_part-revision": str(dossier.revision),
            "complete_part-note": "Đúng nơi cư trú",
            "complete_part-file": SimpleUploadedFile("xac-minh.pdf", PDF),
        },
    )
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.status == InteragencyPart.Status.DONE and part.result_name == "xac-minh.pdf"

    # The lead sees the result on its dossier page, opens it, and may now submit the combined result.
    client.force_login(user(LEAD))
    page = client.get(reverse("desk:dossier", args=[dossier.pk])).text
    assert "xac-minh.pdf" in page and "submit_for_signature" in forms_on(page)
    response = client.get(reverse("desk:part_result", args=[part.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert not dossier.documents.filter(stage=DossierDocument.Stage.RESULT).exists()  # not the dossier's result


def test_staff_of_another_agency_see_nothing_of_the_part(client, dossier):
    police = Agency.objects.get(name=POLICE)
    lifecycle.send_parts(user(LEAD), dossier, parts=[PartRequest(police, "Xác minh", 480)])
    part = InteragencyPart.objects.get()
    client.force_login(user("chuyenvien.hongvan"))  # the lead may look, not act
    page = client.get(reverse("desk:part", args=[part.pk])).text
    assert forms_on(page) == set()
    dossier.refresh_from_db()
    url = reverse("desk:part_action", args=[part.pk, "receive_part"])
    assert post(client, url, "receive_part", dossier.revision).status_code == 403
    part.refresh_from_db()
    assert part.status == InteragencyPart.Status.SENT
    client.force_login(user("congdan"))
    assert client.get(reverse("desk:part", args=[part.pk])).status_code in (302, 403, 404)
    client.force_login(user("tiepnhan.hongvan"))  # the desk: not the police's staff, but sees the lead dossier
    assert client.get(reverse("desk:part", args=[part.pk])).status_code == 200
    assert part.code not in client.get(reverse("desk:parts")).text


def test_a_refusal_through_the_part_page_is_shown_to_the_lead(client, dossier):
    """The refused path: the participating agency refuses with a reason; the lead is told on its dossier page."""
    police = Agency.objects.get(name=POLICE)
    lifecycle.send_parts(user(LEAD), dossier, parts=[PartRequest(police, "Xác minh", 480)])
    part = InteragencyPart.objects.get()
    client.force_login(user(PARTNER))
    dossier.refresh_from_db()
    url = reverse("desk:part_action", args=[part.pk, "refuse_part"])
    response = post(client, url, "refuse_part", dossier.revision, reason="Không thuộc thẩm quyền", confirm="on")
    assert response.status_code == 302
    client.force_login(user(LEAD))
    page = client.get(reverse("desk:dossier", args=[dossier.pk])).text
    banner = re.search(r"class=\"message message-warning part-refused\".*?</p>", page, re.S)
    assert banner and part.code in banner.group(0) and "Không thuộc thẩm quyền" in banner.group(0)
    assert "submit_for_signature" in forms_on(page) and "send_parts" in forms_on(page)


def test_an_overdue_part_is_marked_in_the_queue_and_for_the_lead(client, demo):
    """The late path: a part still open after its own deadline shows «Quá hạn» to its agency and to the lead."""
    police = Agency.objects.get(name=POLICE)
    dossier = processing(datetime.datetime.now(VN) - datetime.timedelta(days=20))
    sent = datetime.datetime.now(VN) - datetime.timedelta(days=10)
    lifecycle.send_parts(user(LEAD), dossier, parts=[PartRequest(police, "Xác minh", 480)], at=sent)
    part = InteragencyPart.objects.get()
    assert part.overdue and not part.late
    client.force_login(user(PARTNER))
    row = re.search(rf"{part.code}.*?</tr>", client.get(reverse("desk:parts")).text, re.S).group(0)
    assert "Quá hạn" in row
    client.force_login(user(LEAD))
    page = client.get(reverse("desk:dossier", args=[dossier.pk])).text
    row = re.search(rf"{part.code}.*?</tr>", page, re.S).group(0)
    assert "Quá hạn" in row
    lifecycle.complete_part(user(PARTNER), part, document=Upload(SimpleUploadedFile("kq.pdf", PDF)))
    part.refresh_from_db()
    assert part.late and not part.overdue  # answered late: on its record for good
