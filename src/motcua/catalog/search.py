"""Public catalog search (tra cứu thủ tục hành chính): what is in force today, found without diacritics.

The folded column `ProcedureVersion.search_text` ("1.001193 thu tuc dang ky khai sinh") is compared with the
query folded by the same `fold()`, so both databases see the same text; PostgreSQL needs no `unaccent`.
Candidates are the versions whose folded text contains every word of the query (LIKE, served on PostgreSQL by
the trigram index of migration 0002). They are ranked in Python by one rule for both databases:

0. the query is the procedure's code;  1. the query begins a code;
2. the name begins with the query's words (a leading "Thủ tục" is skipped);  3. the words appear together;
4. every word is a whole word of the name;  5. every word begins a word;  6. every word is inside a word.

Within a tier the shorter name comes first: it says less beyond what was asked. When no version contains every
word, the search turns approximate: the versions sharing the most query words, whole or less their last letter.
"""

import datetime
import heapq
import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.catalog.models import ProcedureVersion
from motcua.catalog.text import fold
from motcua.catalog.versions import in_force_filter

# A word, or a dotted code such as 1.001193 or 2.000815.
WORD = re.compile(r"\w+(?:\.\w+)*")
# Folded names are lower-case ASCII with single spaces; only punctuation stands between some words.
PUNCTUATION_TO_SPACE = str.maketrans({mark: " " for mark in "()[].,;:/\\\"'“”‘’!?-–"})
# Hộ tịch names on the national portal start with "Thủ tục …"; it says nothing about what the procedure is.
NAME_PREFIX = " thu tuc"
CODE = re.compile(r"[\d.]+")
# An approximate search is a suggestion, not a list to page through.
APPROXIMATE_LIMIT = 50
# Words shorter than this are too common to find anything on their own in the approximate search.
MIN_APPROXIMATE_WORD = 3


def in_force(on: datetime.date | None = None) -> QuerySet[ProcedureVersion]:
    """Versions that are public on the day: published and within their validity; drafts never are.

    The versioning service keeps one version per procedure in force (publishing closes the previous one, abolishing
    closes the last), so the date condition alone is exact.
    """
    return ProcedureVersion.objects.filter(in_force_filter(on or timezone.localdate()))


def query_words(query: str) -> list[str]:
    return WORD.findall(fold(query))


@dataclass(frozen=True)
class SearchResult:
    """Primary keys of the matching versions, best first; `approximate` when not every word was found."""

    ids: list[int]
    approximate: bool = False


def search(query: str, versions: QuerySet[ProcedureVersion] | None = None) -> SearchResult:
    """Rank `versions` (default: those in force today) against the query; an empty query matches nothing."""
    words = query_words(query)
    if not words:
        return SearchResult([])
    versions = in_force() if versions is None else versions
    containing_all = versions.filter(*[Q(search_text__contains=word) for word in words])
    candidates = list(containing_all.order_by().values_list("pk", "search_text"))
    if candidates:
        ranking = Ranking(words)
        candidates.sort(key=lambda row: ranking(row[1]))
        return SearchResult([pk for pk, _ in candidates])
    return SearchResult(_approximate(versions, words), approximate=True)


class Ranking:
    """The sort key of folded "code name" texts for one query: (tier, name length, code)."""

    def __init__(self, words: list[str]):
        self.words = words
        self.phrase = " ".join(words)
        self.padded_phrase = f" {self.phrase} "
        self.word_set = set(words)

    def __call__(self, search_text: str) -> tuple[int, int, str]:
        code, _, name = search_text.partition(" ")
        return (self._tier(code, name), len(name), code)

    def _tier(self, code: str, name: str) -> int:
        phrase = self.phrase
        if phrase == code:
            return 0
        if len(self.words) == 1 and code.startswith(phrase):
            return 1
        name_words = name.translate(PUNCTUATION_TO_SPACE).split()
        padded_name = f" {' '.join(name_words)} "
        key = padded_name.removeprefix(NAME_PREFIX)
        if key.startswith(self.padded_phrase):
            return 2
        if self.padded_phrase in padded_name:
            return 3
        if self.word_set.issubset(name_words):
            return 4
        if all(f" {word}" in padded_name for word in self.words):
            return 5
        return 6


def _approximate(versions: QuerySet[ProcedureVersion], words: list[str]) -> list[int]:
    """The best APPROXIMATE_LIMIT versions sharing some query words, whole or less their last letter.

    A word found whole scores 2; found without its last letter (a doubled or stray key, "sinhh") scores 1.
    pg_trgm word similarity was measured too slow for this on PostgreSQL (over 100 ms on 5,000 names: the
    common trigrams of Vietnamese syllables make every row a candidate), so both databases use this rule.
    """
    usable = [word for word in words if len(word) >= MIN_APPROXIMATE_WORD and not CODE.fullmatch(word)]
    if not usable:
        return []
    stems = {word: word[:-1] for word in usable if len(word) > MIN_APPROXIMATE_WORD}
    rows = versions.filter(_any_word([*usable, *stems.values()])).order_by().values_list("pk", "search_text")
    scored = []
    for pk, text in rows:
        score = sum(2 if word in text else int(word in stems and stems[word] in text) for word in usable)
        scored.append((-score, len(text), pk, text))
    best = heapq.nsmallest(APPROXIMATE_LIMIT, scored)
    ranking = Ranking(words)
    best.sort(key=lambda row: (row[0], *ranking(row[3])))
    return [row[2] for row in best]


def _any_word(words: list[str]) -> Q:
    condition = Q()
    for word in words:
        condition |= Q(search_text__contains=word)
    return condition
