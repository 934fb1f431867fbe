"""The specialist's and the leader's journey of issue 14 in Debian's chromium, on a 360 px phone and a 1280 px
screen: the leader finds a transferred dossier in «Chờ phân công» on the home page and assigns it; the specialist
finds it in «Việc của tôi», uploads the result and submits it for signature; the leader opens «Chờ ký», looks at
what will be signed (the preview lists the result file) and signs after confirming. Every page touched fits the
screen and axe-core finds no serious or critical violation on it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dossier_helpers import intake, user
from journeys import SCREENS, PageChecker, act, login, pdf
from motcua.demo.seed import seed
from motcua.documents import signing
from motcua.dossiers import lifecycle
from motcua.dossiers.models import State

UBND = "Ủy ban nhân dân xã Hồng Vân"


@pytest.fixture
def site(transactional_db, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SIGNING_PKCS12 = str(tmp_path / "agency.p12")
    settings.SIGNING_PASSPHRASE = ""
    settings.SIGNING_AGENCIES = {}
    seed()
    signing.create_demo_certificate(tmp_path / "agency.p12", common_name=UBND, organisation=UBND)
    return live_server.url


def transferred():
    """A paper dossier the desk took in and transferred half an hour ago: no specialist yet."""
    desk = user("tiepnhan.hongvan")
    dossier = lifecycle.accept(desk, intake(), at=timezone.now() - datetime.timedelta(minutes=40))
    return lifecycle.transfer(desk, dossier, at=timezone.now() - datetime.timedelta(minutes=30))


@pytest.mark.parametrize("screen", SCREENS)
def test_leader_assigns_from_the_waiting_queue_specialist_processes_leader_previews_and_signs(
    browser, site, tmp_path, axe_violations, screen
):
    dossier = transferred()
    result = tmp_path / "quyet-dinh.pdf"
    result.write_bytes(pdf("Quyết định công nhận hòa giải viên"))
    checked = PageChecker(axe_violations)

    # -- The leader's home says a dossier waits for assignment and leads to it.
    leader = login(browser, site, "lanhdao.hongvan", screen)
    waiting = leader.get_by_role("region", name="Chờ phân công: 1 hồ sơ")
    expect(waiting.get_by_role("link", name=dossier.code)).to_be_visible()
    checked(leader)
    waiting.get_by_role("link", name="Phân công xử lý").click()
    leader.wait_for_url("**hang-doi=unassigned**")
    checked(leader)
    leader.get_by_role("link", name=dossier.code).click()
    checked(leader)
    act(leader, "assign", "Phân công xử lý", {"Chuyên viên xử lý": "Trần Văn Minh"})
    dossier.refresh_from_db()
    assert dossier.state == State.PROCESSING and dossier.assignee.username == "chuyenvien.hongvan"
    checked(leader)

    # -- The specialist finds it among their own work, uploads the result and submits it for signature.
    specialist = login(browser, site, "chuyenvien.hongvan", screen)
    checked(specialist)
    specialist.goto(site + "/can-bo/ho-so/?hang-doi=mine")
    checked(specialist)
    specialist.get_by_role("link", name=dossier.code).click()
    checked(specialist)
    act(specialist, "add_result", "Tải lên kết quả giải quyết", files={"Tệp kết quả giải quyết": result})
    checked(specialist)
    act(specialist, "submit_for_signature", "Trình ký", {"Ghi chú (không bắt buộc)": "Đủ điều kiện công nhận"})
    dossier.refresh_from_db()
    assert dossier.state == State.AWAITING_SIGNATURE
    checked(specialist)

    # -- The leader opens the signature queue and looks at what will be signed before signing.
    leader.goto(site + "/can-bo/ho-so/?hang-doi=signature")
    checked(leader)
    leader.get_by_role("link", name=dossier.code).click()
    signing_form = leader.locator("#thao-tac-sign")
    preview = signing_form.locator(".signing-preview")
    expect(preview.get_by_role("link", name="quyet-dinh.pdf")).to_be_visible()
    assert "Đủ điều kiện công nhận" in preview.inner_text()
    checked(leader)
    # Signing is not one click: without the confirmation box nothing is signed.
    signing_form.get_by_role("button", name="Ký, ban hành kết quả", exact=True).click()
    leader.locator("#thao-tac-sign .errorlist").wait_for()
    dossier.refresh_from_db()
    assert dossier.state == State.AWAITING_SIGNATURE
    act(leader, "sign", "Ký, ban hành kết quả")
    dossier.refresh_from_db()
    assert dossier.state == State.RESULT_ISSUED and dossier.events.filter(kind="signed").exists()
    checked(leader)

    for page in (leader, specialist):
        page.context.close()
