"""The interface is Vietnamese by default and fully translated into English (src/motcua/locale/en)."""

import ast
import gettext
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

import motcua

PACKAGE_DIR = Path(motcua.__file__).parent
LC_MESSAGES = PACKAGE_DIR / "locale" / "en" / "LC_MESSAGES"
FIELDS = ("msgctxt", "msgid", "msgid_plural", "msgstr")


@dataclass
class Entry:
    msgid: str
    msgid_plural: str
    msgctxt: str
    msgstrs: list[str]
    fuzzy: bool


def read_po(path: Path) -> list[Entry]:
    """The live entries of a .po file (obsolete `#~` entries and the header left out)."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        fuzzy, key = False, ""
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                fuzzy = fuzzy or "fuzzy" in line
            elif line.startswith('"'):
                fields[key] += ast.literal_eval(line)
            elif not line.startswith("#"):
                key, _, value = line.partition(" ")
                fields[key] = ast.literal_eval(value)
        if fields.get("msgid"):
            msgstrs = [value for name, value in sorted(fields.items()) if name.startswith("msgstr")]
            entries.append(
                Entry(fields["msgid"], fields.get("msgid_plural", ""), fields.get("msgctxt", ""), msgstrs, fuzzy)
            )
    return entries


def compiled_strings(compiled: gettext.GNUTranslations, entry: Entry) -> list[str]:
    if entry.msgid_plural and entry.msgctxt:
        return [compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n) for n in (1, 2)]
    if entry.msgid_plural:
        return [compiled.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)]
    if entry.msgctxt:
        return [compiled.pgettext(entry.msgctxt, entry.msgid)]
    return [compiled.gettext(entry.msgid)]


@pytest.fixture(scope="module")
def entries():
    return read_po(LC_MESSAGES / "django.po")


def test_the_catalogue_is_read(entries):
    # Guards the parser: the log-in link is one of the strings.
    assert any(entry.msgid == "Đăng nhập" and entry.msgstrs == ["Log in"] for entry in entries)


def test_every_string_has_an_english_translation(entries):
    missing = [entry.msgid for entry in entries if entry.fuzzy or not all(entry.msgstrs)]
    assert not missing, (
        "Translate these in src/motcua/locale/en/LC_MESSAGES/django.po (and remove any 'fuzzy' flag), "
        f"then run `motcua compilemessages`: {missing}"
    )


def test_the_compiled_catalogue_matches_the_po_file(entries):
    with (LC_MESSAGES / "django.mo").open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    stale = [entry.msgid for entry in entries if compiled_strings(compiled, entry) != entry.msgstrs]
    assert not stale, f"django.mo is out of date; run `motcua compilemessages`. Differing: {stale}"


def test_home_page_is_vietnamese_by_default(client, db):
    response = client.get("/")
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html
    assert "Log in" not in html


def test_home_page_switches_to_english(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/"
    assert '<html lang="en">' in html
    assert "Log in" in html
    assert "Đăng nhập" not in html


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext's xgettext (Debian package gettext)")
def test_catalogue_holds_every_string_of_the_code(tmp_path, monkeypatch):
    copy = tmp_path / "motcua"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "var"))
    monkeypatch.chdir(copy)
    monkeypatch.setenv("MOTCUA_VAR_DIR", str(tmp_path / "var"))
    call_command("makemessages", locale=["en"], ignore_patterns=["demo/*"], verbosity=0, no_obsolete=True)
    extracted = {(e.msgctxt, e.msgid) for e in read_po(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")}
    committed = {(e.msgctxt, e.msgid) for e in read_po(PACKAGE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po")}
    missing = sorted(msgid for _context, msgid in extracted - committed)
    assert not missing, (
        f"{len(missing)} strings are not in locale/en/LC_MESSAGES/django.po; run makemessages (README) and "
        f"translate them: {missing[:20]}"
    )
