"""Files that follow their transaction (issue 16 item 9): after a database restart an uploaded file was left on disk
without its row. A file written while a transaction is open is deleted when that transaction, or the savepoint it
was written in, rolls back (motcua.core.files); a committed file stays, even when a later commit callback fails; and
a periodic check reports, never deletes, the orphans left by anything else (motcua.core.orphan_files)."""

import datetime
import io
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from motcua.accounts import tokens
from motcua.accounts.models import User
from motcua.core import orphan_files, periodic
from motcua.core.files import TransactionalFileSystemStorage
from motcua.documents import signing
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.orgs.models import Agency

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def desk_client() -> Client:
    _, key = tokens.create(User.objects.get(username="tiepnhan.hongvan"), "kiểm thử")
    return Client(headers={"Authorization": f"Bearer {key}"}, raise_request_exception=False)


def intake(client: Client) -> str:
    body = {
        "procedure": "1.002211",
        "channel": "direct",
        "receiving_agency_id": Agency.objects.get(name="Trung tâm Phục vụ hành chính công xã Hồng Vân").pk,
        "competent_agency_id": Agency.objects.get(name="Ủy ban nhân dân xã Hồng Vân").pk,
        "applicant": {"kind": "person", "name": "Nguyễn Văn An", "id_number": "001090012345", "phone": "0912345678"},
        "request_summary": "Cấp bản sao trích lục hộ tịch",
        "decision": "accept",
    }
    response = client.post("/api/v1/dossiers", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    return response.json()["code"]


def store(dossier: Dossier, name: str = "don.pdf") -> DossierDocument:
    """A file and its row, written as the lifecycle writes them: the file first, then the row."""
    document = DossierDocument(
        dossier=dossier, name=name, content_type="application/pdf", size=len(PDF), uploaded_at=timezone.now()
    )
    document.file.save(name, ContentFile(PDF), save=False)
    document.save()
    return document


@pytest.fixture
def dossier(demo) -> Dossier:
    return Dossier.objects.get(code=intake(desk_client()))


def test_the_site_stores_files_through_the_transactional_storage():
    # The field holds the lazy default storage; isinstance() looks through it (and sets it up after a settings change).
    assert isinstance(DossierDocument._meta.get_field("file").storage, TransactionalFileSystemStorage)


def test_a_file_written_in_a_savepoint_that_rolls_back_is_deleted(dossier, media):
    with pytest.raises(RuntimeError), transaction.atomic():
        store(dossier)
        assert len(stored_files(media)) == 1  # written under its final name
        raise RuntimeError("the request failed after the upload")
    assert stored_files(media) == []
    # Written and kept in the enclosing transaction, the file stays.
    store(dossier)
    assert len(stored_files(media)) == 1


@pytest.mark.django_db(transaction=True)
def test_an_upload_whose_rows_cannot_be_inserted_leaves_no_file(demo, media, monkeypatch):
    """The database fails after the file is written (as it did on the restart): the API answers 500, and neither
    the row nor the file stays; a retry stores exactly one."""
    client = desk_client()
    code = intake(client)

    def upload():
        file = io.BytesIO(PDF)
        file.name = "don.pdf"
        return client.post(f"/api/v1/dossiers/{code}/documents", {"files": [file]})

    def database_gone(*args, **kwargs):
        raise IntegrityError("server closed the connection unexpectedly")

    with monkeypatch.context() as patch:
        patch.setattr(DossierDocument.objects, "bulk_create", database_gone)
        failed = upload()
        assert failed.status_code == 500, failed.content
    assert stored_files(media) == []
    assert not DossierDocument.objects.exists()
    assert upload().status_code == 201
    assert len(stored_files(media)) == 1
    assert DossierDocument.objects.get().file.name == stored_files(media)[0]


@pytest.mark.django_db(transaction=True)
def test_a_committed_file_stays_even_when_a_later_commit_callback_fails(media):
    """Django drops the remaining commit callbacks when one raises: the file was committed and must not go."""

    def fails():
        raise RuntimeError("a notification could not be queued")

    with pytest.raises(RuntimeError), transaction.atomic():
        transaction.on_commit(fails)
        name = default_storage.save("kept.pdf", ContentFile(PDF))
    assert stored_files(media) == [name]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_or_committed_the_file_stays(media):
    outside = default_storage.save("outside.pdf", ContentFile(PDF))
    with transaction.atomic():
        inside = default_storage.save("inside.pdf", ContentFile(PDF))
    with pytest.raises(RuntimeError), transaction.atomic():
        default_storage.save("rolled-back.pdf", ContentFile(PDF))
        raise RuntimeError
    assert stored_files(media) == sorted([outside, inside])


def make_old(root, name: str) -> None:
    past = time.time() - (orphan_files.GRACE + datetime.timedelta(minutes=1)).total_seconds()
    os.utime(root / name, (past, past))


def test_the_orphan_check_finds_a_planted_file_and_a_lost_one_and_deletes_nothing(dossier, media, capsys):
    kept, lost = store(dossier, "a.pdf"), store(dossier, "b.pdf")
    (media / "dossiers" / "999999").mkdir(parents=True)
    (media / "dossiers" / "999999" / "planted.pdf").write_bytes(PDF)
    (media / "fresh.pdf").write_bytes(PDF)  # younger than the grace period: its transaction may still run
    for name in stored_files(media):
        if name != "fresh.pdf":
            make_old(media, name)
    (media / lost.file.name).unlink()
    report = orphan_files.find()
    assert report.files_without_row == ["dossiers/999999/planted.pdf"]
    assert report.rows_without_file == [("dossiers.DossierDocument", lost.pk, lost.file.name)]
    assert kept.file.name not in report.files_without_row

    call_command("orphan_files")
    out = capsys.readouterr().out
    assert "file without row\tdossiers/999999/planted.pdf" in out
    assert f"row without file\tdossiers.DossierDocument\t{lost.pk}\t{lost.file.name}" in out
    # The periodic job reports the counts and deletes nothing.
    job = {job.name: job for job in periodic.jobs()}["report_orphan_files"]
    assert job.task.call() == {"files_without_row": 1, "rows_without_file": 1}
    assert (media / "dossiers" / "999999" / "planted.pdf").exists()
    assert DossierDocument.objects.filter(pk=lost.pk).exists()


def test_nothing_to_report_on_an_empty_storage(db, media):
    assert not orphan_files.find()


def test_the_signed_copy_of_a_result_is_no_orphan(dossier, media):
    """The signed copy lives beside the result PDF under a name no row holds; the documents app declares it."""
    result = store(dossier, "ket-qua.pdf")
    DossierDocument.objects.filter(pk=result.pk).update(stage=DossierDocument.Stage.RESULT)
    result.refresh_from_db()
    copy = default_storage.save(signing._signed_name(result), ContentFile(PDF))
    stray = default_storage.save(f"dossiers/{dossier.pk}/signed/0-khac.pdf", ContentFile(PDF))
    for name in stored_files(media):
        make_old(media, name)
    assert copy not in orphan_files.find().files_without_row
    assert orphan_files.find().files_without_row == [stray]
