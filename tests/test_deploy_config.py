"""docs/configuration.md documents exactly the MOTCUA_* variables the program reads, so it cannot drift."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "configuration.md"
READERS = [ROOT / "src" / "motcua" / "settings.py", ROOT / "scripts" / "find-python"]
NAME = re.compile(r"\bMOTCUA_[A-Z0-9_]*[A-Z0-9]\b")
DOCUMENTED_ROW = re.compile(r"^\| `(MOTCUA_[A-Z0-9_]+)` \|(.+)$", re.MULTILINE)
ENV_READ = re.compile(r'\benv_(?:str|bool|int|list)\(\s*"([^"]+)"')


def names_read() -> set[str]:
    return {name for path in READERS for name in NAME.findall(path.read_text())}


def documented_rows() -> dict[str, str]:
    return dict(DOCUMENTED_ROW.findall(DOC.read_text()))


def test_settings_read_the_variables_we_expect():
    # Guards the parser itself: these are read today and must be found.
    assert {"MOTCUA_ENV", "MOTCUA_SECRET_KEY", "MOTCUA_DATABASE_URL", "MOTCUA_BEHIND_PROXY"} <= names_read()


def test_settings_read_only_motcua_variables():
    # A variable outside the MOTCUA_ prefix would escape the check below.
    read = ENV_READ.findall((ROOT / "src" / "motcua" / "settings.py").read_text())
    assert read
    assert [name for name in read if not name.startswith("MOTCUA_")] == []


def test_every_variable_read_is_documented():
    missing = sorted(names_read() - documented_rows().keys())
    assert not missing, f"Add these to docs/configuration.md: {', '.join(missing)}"


def test_every_documented_variable_is_read():
    stale = sorted(documented_rows().keys() - names_read())
    assert not stale, f"docs/configuration.md lists variables nothing reads: {', '.join(stale)}"


def test_every_documented_variable_has_a_meaning():
    empty = [name for name, rest in documented_rows().items() if not rest.rstrip(" |").split("|")[-1].strip()]
    assert not empty, f"Variables without a meaning in docs/configuration.md: {', '.join(empty)}"
