"""Retention (thời hạn lưu giữ dữ liệu): how long each kind of record that carries personal data is kept, and the
periodic purge of what has expired (Law 91/2025/QH15: personal data are deleted once the purpose of processing is
fulfilled or the retention period has ended). docs/security.md, "Retention", lists every kind of record.

Each app declares the purge of its own records with `register` in its AppConfig.ready(): a name, the setting that
holds the period in days, and a function deleting the records older than a cutoff. One periodic job
(`purge_expired_records`, daily, motcua.core.periodic) runs them all. What the statistics count — the dossiers,
their events and the stored month facts (II.06a, the 766 index, MonthFacts) — is never registered here: a dossier
with its history is removed only by the owner's purge (motcua.dossiers.history_chain.purge_dossiers), under the
archive rules.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from motcua.core import periodic

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rule:
    name: str
    setting: str  # the settings name holding the period in days
    purge: Callable[[datetime.datetime], int]  # deletes what is older than the cutoff; returns how many
    summary: str = ""

    def period(self) -> datetime.timedelta:
        return datetime.timedelta(days=getattr(settings, self.setting))


_rules: dict[str, Rule] = {}


def register(name: str, setting: str, purge: Callable[[datetime.datetime], int], *, summary: str = "") -> None:
    """Declare the purge of one kind of record (registering a name again replaces it)."""
    _rules[name] = Rule(name, setting, purge, summary)


def rules() -> list[Rule]:
    return list(_rules.values())


def purge_expired(now: datetime.datetime | None = None) -> dict[str, int]:
    """Run every rule with its cutoff (now minus its period); how many records each deleted. Logged by counts."""
    now = now or timezone.now()
    deleted = {rule.name: rule.purge(now - rule.period()) for rule in rules()}
    if any(deleted.values()):
        logger.info("Retention purge: %s", ", ".join(f"{name} {count}" for name, count in deleted.items()))
    return deleted


@task
def purge_expired_records(at: str | None = None) -> dict[str, int]:
    """The periodic job: every registered purge, once a day."""
    return purge_expired(periodic.moment(at))
