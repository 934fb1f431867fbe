"""Secrets blanked out of log lines (che thông tin bí mật trong nhật ký), the second line of defence.

The first line is that no code writes a secret to a log: the SMS log gateway masks the one-time codes it is told
about, the outbox keeps code messages masked, keys and passwords are never logged. This filter, on every handler
of settings.LOGGING, catches what slips through: a six-digit code next to the word for a code (mã, code, OTP),
an API key (its public prefix is kept so the key can still be told apart), a Bearer token, a password-reset token
(in the link's path, as an access log would show it), and the value after password=, passphrase=, secret= or
token=. See docs/security.md, "Secrets".

Personal data get the same second line (docs/security.md, "Personal data"): the query string of a request line
(staff search the dossier lists by an applicant's name or ID number with `?applicant=`/`?q=`: the searches stay
GET, so a filtered list can be bookmarked and shared among colleagues, but the query never reaches a log), and the
row PostgreSQL quotes in the DETAIL of a failed insert (`Key (applicant_id_number)=(…)`, `Failing row contains
(…)`), of which only the constraint's name, in the message itself, is kept.
"""

import logging
import re

MASK = "••••••"

_PATTERNS = [
    # "mã xác minh 123456", "Mã xác minh của ông/bà (…) là: 123456", "OTP code: 123456": the words may be a few
    # dozen characters before the digits, but never across another number or a line.
    (re.compile(r"(?i)(\b(?:mã|code|otp)\b[^0-9\n]{0,60}?)\b\d{6}\b"), rf"\g<1>{MASK}"),
    (re.compile(r"\b(mc_[0-9a-f]{10}_)[A-Za-z0-9_\-]+"), rf"\g<1>{MASK}"),
    (re.compile(r"(?i)\b(bearer\s+)\S+"), rf"\g<1>{MASK}"),
    # Django's password-reset token: a base-36 timestamp, a dash, 32 hex digits.
    (re.compile(r"\b[0-9a-z]{1,13}-[0-9a-f]{32}\b"), MASK),
    # A request line's query string ("GET /can-bo/ho-so/?applicant=Nguyễn HTTP/1.1"): the path is kept.
    (re.compile(r"(\b(?:GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) /[^?\s\"]*)\?[^\s\"]*"), rf"\g<1>?{MASK}"),
    # PostgreSQL's DETAIL of a constraint violation quotes the row's values (names, ID numbers).
    (re.compile(r"(?m)^(DETAIL:\s*).*$"), rf"\g<1>{MASK}"),
    # key=value, key: value, "key": "value"; a quoted value is blanked out whole.
    (
        re.compile(r"""(?i)((?:password|passphrase|secret|token)["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s"'&,;]+)"""),
        rf"\g<1>{MASK}",
    ),
]


def redact(text: str) -> str:
    """`text` with every code-like secret replaced by the mask."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecrets(logging.Filter):
    """A handler filter: formats the record's message (and traceback) once, redacted, and lets it through."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
