"""A local SMTP peer that records which notices it received: the cluster test (scripts/cluster-test) counts, for each
outbox row, the messages that really left a worker, by the `X-MotCua-Notification` header every notice e-mail carries
(motcua.notify.channels.EmailChannel).

Python 3.13 has no SMTP server in its standard library (smtpd is gone); this one speaks just what smtplib sends
without TLS or authentication (EHLO, MAIL, RCPT, DATA, QUIT) and accepts every message."""

import collections
import contextlib
import email
import socketserver
import threading
from collections.abc import Iterator

HEADER = "X-MotCua-Notification"


class Mailbox:
    """The notice ids of the messages received, one entry per message (a notice sent twice appears twice)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._ids: list[int] = []

    def add(self, notification_id: int) -> None:
        with self._lock:
            self._ids.append(notification_id)

    def counts(self) -> collections.Counter:
        with self._lock:
            return collections.Counter(self._ids)


class _Session(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        # A worker killed in the middle of a message resets its connection: that message was not sent.
        with contextlib.suppress(ConnectionError):
            self._converse()

    def _converse(self) -> None:
        self.reply("220 motcua-cluster-test")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                self._receive()
                self.reply("250 accepted")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:  # EHLO (no extensions: smtplib then sends plainly), MAIL, RCPT, RSET, NOOP
                self.reply("250 ok")

    def _receive(self) -> None:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)  # undo dot-stuffing
        notice = email.message_from_bytes(b"".join(lines)).get(HEADER)
        if notice:
            self.server.mailbox.add(int(notice))


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextlib.contextmanager
def running() -> Iterator[tuple[int, Mailbox]]:
    """Listen on a free loopback port; yield the port and the mailbox; stop."""
    server = _Server(("127.0.0.1", 0), _Session)
    server.mailbox = Mailbox()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], server.mailbox
    finally:
        server.shutdown()
        server.server_close()
