"""Pieces of public pages kept in the shared cache (the default one), named by what they are made from.

Only what every visitor sees alike goes in: never a user's name, menu or data, and never text a visitor typed (a
free-text query may hold a person's name): the callers key such things by a hash and store public data only.
"""

import hashlib
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.utils.translation import get_language


def fragment_key(name: str, parts: Iterable[object]) -> str:
    """The cache key of fragment `name` made from `parts` in the active language: a hash, so nothing of the parts
    (a query, an address) is readable in the cache's keys or file names."""
    identity = "\n".join([get_language() or "", *map(str, parts)])
    return f"fragment:{name}:" + hashlib.sha256(identity.encode()).hexdigest()


def cached_fragment[T](name: str, parts: Iterable[object], timeout: int, build: Callable[[], T]) -> T:
    """What `build()` returns for these parts, from the cache when it is there (kept `timeout` seconds)."""
    key = fragment_key(name, parts)
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, timeout)
    return found
