"""Masking by need (che dữ liệu cá nhân theo nhu cầu công việc): an identity number or a phone number shown to
someone whose task does not need it keeps its first four and last two characters (0011******77), enough to tell
two applicants apart on a list or to match a paper, not enough to use. Who needs what is decided above
(motcua.accounts.personal_data); this module only masks, and remembers for how long a person asked, with a
reason in the audit log, to see one record in full ("Hiện thông tin").
"""

import time

from django.conf import settings

MASK_CHAR = "*"
KEEP_START = 4
KEEP_END = 2
# The session key under which the records shown in full, and until when, are kept.
SESSION_KEY = "personal_data_revealed"


def mask(value: str | None) -> str:
    """`value` with all but its first four and last two characters hidden; a short value is hidden whole."""
    text = (value or "").strip()
    if not text:
        return ""
    if len(text) <= KEEP_START + KEEP_END:
        return MASK_CHAR * len(text)
    return text[:KEEP_START] + MASK_CHAR * (len(text) - KEEP_START - KEEP_END) + text[-KEEP_END:]


def reveal(session, key: str, *, now: float | None = None) -> None:
    """Show the record `key` in full in this session for PERSONAL_DATA_REVEAL_MINUTES (the caller audits it)."""
    now = time.time() if now is None else now
    revealed = {k: until for k, until in session.get(SESSION_KEY, {}).items() if until > now}
    revealed[key] = now + settings.PERSONAL_DATA_REVEAL_MINUTES * 60
    session[SESSION_KEY] = revealed


def is_revealed(session, key: str, *, now: float | None = None) -> bool:
    now = time.time() if now is None else now
    return session.get(SESSION_KEY, {}).get(key, 0) > now
