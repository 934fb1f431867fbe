"""The public home page and the citizen's own page open with a procedure search box (issue 14, item 11): a GET to
the public catalog, which finds procedures typed without diacritics."""

import re

from django.urls import reverse

from dossier_helpers import user


def search_form(html: str) -> str:
    match = re.search(r'<form method="get" action="([^"]+)" role="search".*?</form>', html, re.S)
    assert match, "no search form"
    assert match.group(1) == reverse("portal:catalog")
    return match.group(0)


def test_the_home_page_has_a_labelled_procedure_search_box_that_finds_without_diacritics(client, demo):
    form = search_form(client.get("/").content.decode())
    assert 'name="q"' in form and 'type="search"' in form
    assert '<label for="tim-thu-tuc">' in form and 'id="tim-thu-tuc"' in form
    results = client.get(reverse("portal:catalog"), {"q": "hoa giai vien"}).content.decode()
    assert "1.002211" in results and "hòa giải viên" in results.lower()


def test_the_citizens_own_page_has_it_too(client, demo):
    client.force_login(user("congdan"))
    search_form(client.get(reverse("portal:home")).content.decode())
