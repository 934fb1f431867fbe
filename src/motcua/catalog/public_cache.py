"""The stamp of the public catalog's state (tình trạng danh mục thủ tục công khai) that the cached parts of its
pages are keyed by.

A published version is never edited (a change is a new version, motcua.catalog.versions), so what its page shows
is fixed by its id, except what lies around it: which version is in force (a publication closes the previous one),
the agencies that offer it, the fields and the publication decisions. Any saved or deleted row of those models
gives the catalog a new stamp, at once and again when the transaction commits (a page rendered in between with
the old rows would otherwise be kept under the new stamp); the catalog import, which writes with bulk_create and
sends no signals, renews it itself. Cached parts also carry the day (what is in force changes at midnight) and a
timeout, so a change made around all of this (raw SQL) is seen within that timeout.
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

STAMP_KEY = "catalog.public.stamp"


def stamp() -> str:
    """The current stamp; a new one when the cache has none (after a restart of a memory cache, or a clear)."""
    found = cache.get(STAMP_KEY)
    if found is None:
        found = renew()
    return found


def renew() -> str:
    value = str(time.time_ns())
    cache.set(STAMP_KEY, value, None)
    return value


def catalog_changed(**_signal) -> None:
    renew()
    transaction.on_commit(renew)


def watch_catalog_models() -> None:
    """Connect the models whose rows the public catalog pages show (called from CatalogConfig.ready)."""
    from motcua.catalog import models as catalog
    from motcua.orgs.models import Agency

    # The versions' own rows are edited only as drafts, but the admin site can save any of them.
    watched = (
        catalog.ProcedureVersion,
        catalog.ProcedureMethod,
        catalog.RequiredDocument,
        catalog.FeeItem,
        catalog.LegalBasis,
        catalog.ProcedureResult,
        catalog.Procedure,
        catalog.PublicationDecision,
        catalog.AgencyOffering,
        catalog.Field,
        Agency,
    )
    for model in watched:
        post_save.connect(catalog_changed, sender=model, dispatch_uid=f"catalog_public_{model.__name__}_save")
        post_delete.connect(catalog_changed, sender=model, dispatch_uid=f"catalog_public_{model.__name__}_delete")
