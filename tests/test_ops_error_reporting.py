"""Error reports to Sentry (motcua.core.error_reporting), sent by a real process to a local HTTP peer that speaks
the receiving end of Sentry's envelope protocol: the report arrives, tagged with the request id, and carries no
personal data (no query string, cookie, authorization header, request body or local variable)."""

import gzip
import http.server
import json
import threading
import zlib

import pytest

from local_ports import free_port
from motcua.core import error_reporting
from ops_process import answers, start

pytest.importorskip("sentry_sdk", reason="sentry-sdk is not installed (pip install 'motcua[sentry]')")


class _Peer(http.server.BaseHTTPRequestHandler):
    envelopes: list[bytes]

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        self.envelopes.append(body)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_peer():
    envelopes: list[bytes] = []
    handler = type("Peer", (_Peer,), {"envelopes": envelopes})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], envelopes
    finally:
        server.shutdown()
        server.server_close()


def events(envelopes: list[bytes]) -> list[dict]:
    """The "event" items of the envelopes: lines of JSON, an item's header followed by its payload."""
    found = []
    for envelope in envelopes:
        lines = envelope.split(b"\n")[1:]
        for header, payload in zip(lines[::2], lines[1::2], strict=False):
            if header and json.loads(header).get("type") == "event":
                found.append(json.loads(payload))
    return found


def closed_port() -> int:
    return free_port()


def test_a_server_error_is_reported_without_personal_data(sentry_peer, tmp_path):
    port, envelopes = sentry_peer
    env = {
        "MOTCUA_ENV": "development",
        "MOTCUA_VAR_DIR": str(tmp_path),
        "MOTCUA_SENTRY_DSN": f"http://publickey@127.0.0.1:{port}/1",
        # Every page that reads the database fails: a real 500.
        "MOTCUA_DATABASE_URL": f"postgres://motcua@127.0.0.1:{closed_port()}/motcua",
    }
    headers = {
        "X-Request-ID": "req-sentry-0001",
        "Cookie": "sessionid=abcdefghijklmnopqrstuvwxyz012345",
        "Authorization": "Bearer mc_0123456789_secretpart",
    }
    [answer], _log = answers(start(["/can-bo/ho-so/?applicant=Nguyen+Van+An&q=001090012345"], env, headers))
    assert answer["status"] == 500

    # The exception as Django raised it, and again with Django's "Internal Server Error" line (sentry-sdk reports
    # ERROR lines with their exception too).
    reported = events(envelopes)
    assert reported and {event["exception"]["values"][-1]["type"] for event in reported} == {"OperationalError"}
    for event in reported:
        frames = [frame for value in event["exception"]["values"] for frame in value["stacktrace"]["frames"]]
        assert frames and all("vars" not in frame for frame in frames)
        assert event["tags"]["request_id"] == "req-sentry-0001" and event["transaction"] == "/can-bo/ho-so/"
        assert "?" not in event.get("request", {}).get("url", "")
        assert "user" not in event
        sent = json.dumps(event)
        for personal in ("Nguyen", "001090012345", "applicant=", "abcdefghijklmnop", "secretpart", "sessionid"):
            assert personal not in sent, personal


def test_scrub_removes_what_sentry_would_still_send():
    event = {
        "message": "mã xác minh 123456",
        "request": {
            "url": "https://motcua.example/cong-dan/tra-cuu/?ma=TN260302-ABCDEF",
            "query_string": "ma=TN260302-ABCDEF",
            "data": {"applicant_name": "Nguyễn Văn An"},
            "cookies": {"sessionid": "x"},
            "headers": {"Accept-Language": "vi", "Authorization": "Bearer x", "X-Forwarded-For": "203.0.113.9"},
        },
        "user": {"ip_address": "203.0.113.9"},
        "extra": {"sys.argv": ["motcua", "import_catalog", "/srv/ho-so/nguyen-van-an.xlsx"]},
        "breadcrumbs": {"values": [{"message": "GET /can-bo/ho-so/?q=001090012345 HTTP/1.1", "data": {"q": "x"}}]},
    }
    scrubbed = error_reporting.scrub(event)
    assert scrubbed["message"] == "mã xác minh ••••••"
    assert scrubbed["request"] == {
        "url": "https://motcua.example/cong-dan/tra-cuu/",
        "headers": {"Accept-Language": "vi"},
    }
    assert "user" not in scrubbed and scrubbed["extra"] == {}
    assert scrubbed["breadcrumbs"]["values"] == [{"message": "GET /can-bo/ho-so/?•••••• HTTP/1.1"}]
