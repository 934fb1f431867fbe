"""`/cong-dan/thanh-toan/` (listed in the README) is the citizen's fees page: what each of their dossiers owes and
has paid, and where to pay; nobody else's dossiers, and no citizen page for staff."""

import pytest
from django.urls import reverse

from dossier_helpers import user
from motcua.payments import services as payments
from test_payments_support import TOTAL_VND, dossier_with_fees
from test_portal_my_dossiers import online, other_citizen

URL = "/cong-dan/thanh-toan/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_citizen_sees_what_each_dossier_owes_and_where_to_pay(client, demo):
    assert reverse("portal:payments") == URL
    owing = dossier_with_fees()
    theirs = online(other_citizen())
    client.force_login(user("congdan"))
    response = client.get(URL)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    html = response.content.decode()
    row = html.split(owing.code)[1].split("</tr>")[0]
    assert row.count("70.000 đồng") == 2 and "0 đồng" in row  # owed, still due; nothing paid yet
    assert reverse("portal:payment-start", args=[owing.pk]) in row
    assert reverse("portal:my-dossier", args=[theirs.pk]) not in html

    paid = payments.record_cash(user("tiepnhan.hongvan"), owing, TOTAL_VND)
    html = client.get(URL).content.decode()
    row = html.split(owing.code)[1].split("</tr>")[0]
    assert "Đã nộp đủ" in row and 'class="button"' not in row
    assert reverse("portal:payment-detail", args=[paid.reference]) in html


def test_staff_get_no_citizen_payment_page_and_visitors_log_in_first(client, demo):
    anonymous = client.get(URL)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:login"))
    client.force_login(user("tiepnhan.hongvan"))
    assert client.get(URL).status_code == 403


def test_the_citizen_pages_link_to_it(client, demo):
    client.force_login(user("congdan"))
    for page in (reverse("portal:home"), reverse("portal:my-dossiers")):
        assert f'href="{URL}"' in client.get(page).content.decode()
