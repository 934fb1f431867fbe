"""Vietnamese by default, whatever the browser asks for; English only when the user picks it."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_browser_language_does_not_override_vietnamese(client):
    response = client.get(reverse("home"), headers={"accept-language": "en-US,en;q=0.9"})
    assert response.headers["Content-Language"] == "vi"
    assert 'lang="vi"' in response.text


@pytest.mark.django_db
def test_explicit_choice_switches_to_english_and_unknown_cookie_falls_back(client, settings):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert client.get(reverse("home")).headers["Content-Language"] == "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert client.get(reverse("home")).headers["Content-Language"] == "vi"


def test_django_strings_missing_from_its_vietnamese_catalogue_are_ours():
    from django.utils import translation

    with translation.override("vi"):
        assert translation.gettext("- Select an option -") == "— Chọn —"
