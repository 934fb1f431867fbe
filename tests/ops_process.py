"""Run MotCua in a separate process and ask it for some paths: the operations tests use it where the process's own
configuration is what is tested (a database it cannot reach, the log format the settings chose).

    python tests/ops_process.py PATH[,PATH…] [HEADER=VALUE …]

Prints one JSON object a line on stdout: the status, headers and body of each answer. The process's log goes to
stderr, as the settings configured it. Starting Django takes seconds here, so a test starts its processes together
(`start`) and then reads them (`answers`).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


def start(paths: list[str], env: dict[str, str], headers: dict[str, str] | None = None) -> subprocess.Popen:
    """A fresh process, with `env` added to ours, that will GET each of `paths` in turn."""
    header_args = [f"{name}={value}" for name, value in (headers or {}).items()]
    return subprocess.Popen(
        [sys.executable, __file__, ",".join(paths), *header_args],
        env={**os.environ, "PYTHONPATH": str(SRC), "DJANGO_SETTINGS_MODULE": "motcua.settings", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def answers(process: subprocess.Popen) -> tuple[list[dict], str]:
    """The answers of a process made by `start`, in order, and everything it logged."""
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")], stderr


def main() -> None:
    import django

    django.setup()
    from django.test import Client

    paths, *pairs = sys.argv[1:]
    headers = {
        f"HTTP_{name.upper().replace('-', '_')}": value for name, value in (pair.split("=", 1) for pair in pairs)
    }
    headers.setdefault("HTTP_HOST", "127.0.0.1")  # one of development's allowed hosts
    client = Client(raise_request_exception=False)
    for path in paths.split(","):
        response = client.get(path, **headers)
        print(json.dumps({"status": response.status_code, "headers": dict(response.headers), "body": response.text}))


if __name__ == "__main__":
    main()
