"""Hash chains (chuỗi băm) of the legal history: each entry carries the hash of the entry before it in its chain.

An entry's hash is SHA-256 over the previous hash and a canonical serialisation of the entry's fields (sorted JSON,
UTC instants to the microsecond, JSON values as the database gives them back), so changing, removing or
reordering an entry breaks every hash after it. The chain's first entry follows GENESIS. Removing the newest
entries leaves a shorter valid chain: that is what anchoring the heads outside the database is for
(`verify_history --heads`, docs/security.md).
"""

import datetime
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models

GENESIS = "0" * 64
HASH_LENGTH = 64


def _canonical_value(field: models.Field, value):
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    if isinstance(field, models.JSONField):
        # What the database hands back: tuples become lists, keys become strings.
        return json.loads(json.dumps(value))
    if isinstance(field, models.GenericIPAddressField):
        return field.get_prep_value(value)
    return value if isinstance(value, (int, bool)) else str(value)


def canonical(instance: models.Model, fields: Iterable[str]) -> bytes:
    """The entry's named fields (foreign keys by their id) as one line of sorted, compact JSON."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        values[field.attname] = _canonical_value(field, getattr(instance, field.attname))
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(prev_hash: str, instance: models.Model, fields: Iterable[str]) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(instance, fields)).hexdigest()


def seal(instance: models.Model, prev_hash: str, fields: Iterable[str]) -> str:
    """Set the entry's prev_hash and hash after `prev_hash` (the chain's head, locked by the caller)."""
    instance.prev_hash = prev_hash
    instance.hash = entry_hash(prev_hash, instance, fields)
    return instance.hash


@dataclass(frozen=True)
class Break:
    """The first entry of a chain that does not hold: `what` is "prev_hash" (an entry before it was removed or
    reordered) or "hash" (the entry itself was changed)."""

    chain: str
    entry_id: int
    what: str
    expected: str
    found: str


@dataclass(frozen=True)
class ChainState:
    """What walking a chain found: its length and head up to the first break, and whether the head anchored
    earlier (if any) is still one of its intact entries — so nothing up to the anchored head was changed."""

    chain: str
    length: int
    head: str
    broken: Break | None
    anchor_found: bool


def walk(chain: str, entries: Iterable[models.Model], fields: Iterable[str], anchor: str = GENESIS) -> ChainState:
    """Check `entries` (the whole chain, oldest first) and stop at the first break."""
    fields = tuple(fields)
    previous, length, found = GENESIS, 0, anchor == GENESIS
    for entry in entries:
        if entry.prev_hash != previous:
            broken = Break(chain, entry.pk, "prev_hash", previous, entry.prev_hash)
            return ChainState(chain, length, previous, broken, found)
        expected = entry_hash(entry.prev_hash, entry, fields)
        if entry.hash != expected:
            return ChainState(chain, length, previous, Break(chain, entry.pk, "hash", expected, entry.hash), found)
        previous, length, found = entry.hash, length + 1, found or entry.hash == anchor
    return ChainState(chain, length, previous, None, found)


def heads_digest(heads: Iterable[tuple[str, int, str]]) -> str:
    """One SHA-256 over every chain's (name, length, head), sorted: the value to anchor outside the database."""
    lines = "\n".join(f"{name} {length} {head}" for name, length, head in sorted(heads))
    return hashlib.sha256(lines.encode()).hexdigest()


def read_heads(text: str) -> dict[str, tuple[int, str]]:
    """The heads printed by `verify_history --heads` ({chain: (length, head)}); ValueError when a line was changed
    (the digest no longer matches) or the digest line is missing."""
    heads, digest = {}, None
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "digest":
            digest = parts[1]
        elif len(parts) == 3:
            heads[parts[0]] = (int(parts[1]), parts[2])
    if digest is None or digest != heads_digest((name, *value) for name, value in heads.items()):
        raise ValueError("digest")
    return heads
