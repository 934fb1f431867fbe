"""The action part of the staff dossier page (issue 14 items 9 and 11): the usual next step first and primary, the
destructive actions last, secondary and confirmed; the scrollable tables reachable by keyboard."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dossier_helpers import intake, processing, user
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier, State

DESK, SPECIALIST, LEADER = "tiepnhan.hongvan", "chuyenvien.hongvan", "lanhdao.hongvan"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def staff(username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def cards(client: Client, dossier: Dossier) -> list[tuple[str, str, str]]:
    """(action, the card's classes, the button's classes) in page order."""
    html = client.get(reverse("desk:dossier", args=[dossier.pk])).content.decode()
    found = []
    for match in re.finditer(r'<section class="([^"]*)" id="thao-tac-([\w-]+)"', html):
        section = html[match.end() : html.index("</section>", match.end())]
        button = re.search(r'<button type="submit" class="([^"]*)"', section)
        found.append((match.group(2), match.group(1), button.group(1)))
    return found


def recent() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=3)


def test_the_specialist_sees_the_usual_next_step_first_and_refusal_last(demo):
    dossier = processing(recent())
    found = cards(staff(SPECIALIST), dossier)
    names = [name for name, _card, _button in found]
    assert names[0] == "submit_for_signature"
    assert names[-1] == "refuse"
    first_card, first_button = found[0][1], found[0][2]
    assert "action-primary" in first_card and first_button == "button-primary"
    refuse = dict((n, b) for n, _c, b in found)["refuse"]
    assert "button-secondary-danger" in refuse and "button-primary" not in refuse
    # Only one primary step on the page.
    assert sum("action-primary" in card for _n, card, _b in found) == 1


def test_the_leader_sees_sign_first_and_send_back_and_refuse_after(demo):
    dossier = lifecycle.submit_for_signature(user(SPECIALIST), processing(recent()))
    names = [name for name, _card, _button in cards(staff(LEADER), dossier)]
    assert names[0] == "sign"
    assert names.index("send_back") > names.index("request_extension")
    assert set(names[-2:]) == {"send_back", "refuse"}


def test_assigning_is_the_leaders_first_step_only_while_nobody_is_assigned(demo):
    desk = user(DESK)
    waiting = lifecycle.transfer(desk, lifecycle.accept(desk, intake(), at=recent()))
    found = cards(staff(LEADER), waiting)
    assert found[0][0] == "assign" and "action-primary" in found[0][1]
    assigned = processing(recent())
    found = dict((n, c) for n, c, _b in cards(staff(LEADER), assigned))
    assert "assign" in found and "action-primary" not in found["assign"]


@pytest.mark.parametrize("action", ["refuse", "stop"])
def test_a_destructive_action_needs_its_confirmation(demo, action):
    dossier = processing(recent())
    client = staff(SPECIALIST if action == "refuse" else DESK)
    data = {f"{action}-revision": dossier.revision, f"{action}-reason": "Không đủ điều kiện"}
    url = reverse("desk:dossier_action", args=[dossier.pk, action])
    refused = client.post(url, data)
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "Hãy đánh dấu ô xác nhận" in html and "Không đủ điều kiện" in html  # what was typed is kept
    dossier.refresh_from_db()
    assert dossier.state == State.PROCESSING
    done = client.post(url, {**data, f"{action}-confirm": "on"})
    assert done.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state in (State.RESULT_ISSUED, State.STOPPED)


def test_a_plain_step_needs_no_confirmation(demo):
    desk = user(DESK)
    dossier = lifecycle.accept(desk, intake(), at=recent())
    response = staff(DESK).post(
        reverse("desk:dossier_action", args=[dossier.pk, "transfer"]), {"transfer-revision": dossier.revision}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.TRANSFERRED


def test_every_scrolling_table_of_the_page_is_reachable_by_keyboard(demo):
    dossier = processing(recent())
    html = staff(SPECIALIST).get(reverse("desk:dossier", args=[dossier.pk])).content.decode()
    wraps = re.findall(r'<div class="table-wrap"[^>]*>', html)
    assert wraps, "the page has its tables"
    for wrap in wraps:
        assert 'tabindex="0"' in wrap and 'role="region"' in wrap and 'aria-label="' in wrap, wrap


def test_the_extension_date_and_time_have_a_label(demo):
    dossier = processing(recent())
    html = staff(LEADER).get(reverse("desk:dossier", args=[dossier.pk])).content.decode()
    section = html[html.index('id="thao-tac-request_extension"') :]
    section = section[: section.index("</section>")]
    inputs = re.findall(r"<input[^>]*>", section)
    visible = [i for i in inputs if 'type="hidden"' not in i]
    assert visible
    for tag in visible:
        ident = re.search(r'id="([^"]+)"', tag).group(1)
        assert f'for="{ident}"' in section or "aria-label=" in tag, tag
