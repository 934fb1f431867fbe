"""A local S3 protocol peer for the object-storage tests: moto's server (PyPI `moto[server]`), started as a real
process on a free loopback port and spoken to over HTTP by boto3, exactly as MotCua speaks to MinIO or Ceph RGW.

No S3-compatible server is packaged for Debian 13 in a form that starts without a cluster (Ceph's radosgw needs
monitors and OSDs); moto's server answers the S3 protocol, signs and checks presigned URLs and refuses anonymous
reads of private objects, which is what these tests need."""

import contextlib
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

from local_ports import free_port

ACCESS_KEY = "motcua-test-key"
SECRET_KEY = "motcua-test-secret"  # a throwaway credential of the local peer
REGION = "us-east-1"


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/moto-api/", timeout=1):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def running() -> Iterator[str]:
    """Start the peer, wait until it answers (at most 30 s), yield its endpoint URL, stop it."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not _answers(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the S3 peer did not start on port {port}")
            time.sleep(0.1)  # polling for readiness, not timing anything
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
