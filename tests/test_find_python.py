"""scripts/find-python picks a Python >= 3.12 or stops with a clear message."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "find-python"
OLD_PYTHON = Path("/usr/bin/python3.11")


def run(tmp_path, links: dict[str, str]):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, target in links.items():
        (bin_dir / name).symlink_to(target)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path), "PYENV_ROOT": str(tmp_path / "no-pyenv")}
    # /usr/bin may hold a python3 of its own; the candidates in bin_dir come first.
    return subprocess.run(["sh", str(SCRIPT)], env=env, capture_output=True, text=True, check=False)


def test_finds_a_recent_python(tmp_path):
    result = run(tmp_path, {"python3.13": sys.executable})
    assert result.returncode == 0
    found = result.stdout.strip()
    assert os.path.samefile(found, sys.executable)


@pytest.mark.skipif(not OLD_PYTHON.exists(), reason="needs /usr/bin/python3.11 to stand for a too-old Python")
def test_refuses_an_old_python_with_a_clear_message(tmp_path):
    names = ["python3.13", "python3.12", "python3"]
    system_python3 = subprocess.run(
        ["/usr/bin/python3", "-c", "import sys; print(sys.version_info >= (3, 12))"], capture_output=True, text=True
    ).stdout.strip()
    if system_python3 == "True":
        pytest.skip("this machine's /usr/bin/python3 is itself >= 3.12, so 'none found' cannot be produced")
    result = run(tmp_path, {name: str(OLD_PYTHON) for name in names})
    assert result.returncode == 1
    assert "MotCua cần Python >= 3.12" in result.stderr
    assert result.stdout == ""
