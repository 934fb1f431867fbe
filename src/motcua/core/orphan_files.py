"""Orphan files (tệp mồ côi): a file on storage that no row names, or a row whose file is missing.

motcua.core.files deletes the file of a rolled-back write, but a process killed between the write and the commit, or a
commit whose answer was lost, can still leave one. This check finds both kinds, over every FileField of every
installed model, and only REPORTS them: deciding whether a file is rubbish or a row lost its evidence is a person's
job (a periodic job logs the counts daily; `motcua orphan_files` lists them).

A file younger than GRACE is not reported: its transaction may still be running. Files that belong to a row without
being named by it (the signed copy of a result) are declared by their app with `register_derived`.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.storage import Storage, default_storage
from django.db import models
from django.utils import timezone

GRACE = datetime.timedelta(hours=1)

_derived: list[Callable[[], Iterable[str]]] = []


def register_derived(names: Callable[[], Iterable[str]]) -> None:
    """Declare the names of files made from rows (called from an app's ready()): they are not orphans."""
    if names not in _derived:
        _derived.append(names)


@dataclass
class OrphanReport:
    files_without_row: list[str] = field(default_factory=list)
    # (model label, row id, file name)
    rows_without_file: list[tuple[str, int, str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.files_without_row or self.rows_without_file)


def _file_fields(storage: Storage) -> list[tuple[type[models.Model], str]]:
    return [
        (model, model_field.name)
        for model in apps.get_models()
        for model_field in model._meta.get_fields()
        if isinstance(model_field, models.FileField) and model_field.storage is storage
    ]


def _stored(storage: Storage, folder: str = ""):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local folder not made yet: nothing stored (an object store has no folders)
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from _stored(storage, f"{folder}/{sub}" if folder else sub)


def find(storage: Storage = default_storage, now: datetime.datetime | None = None) -> OrphanReport:
    now = now or timezone.now()
    report = OrphanReport()
    named: set[str] = set()
    for model, name in _file_fields(storage):
        rows = model._default_manager.exclude(**{name: ""}).values_list("pk", name).order_by("pk")
        for pk, file_name in rows.iterator():
            named.add(file_name)
            if not storage.exists(file_name):
                report.rows_without_file.append((model._meta.label, pk, file_name))
    for names in _derived:
        named.update(names())
    for file_name in sorted(_stored(storage)):
        if file_name not in named and storage.get_modified_time(file_name) <= now - GRACE:
            report.files_without_row.append(file_name)
    return report
