"""Backup and restore that are tested (issue 18 item 5; docs/backup.md): scripts/backup takes a populated system's
database and media folder, scripts/restore puts them into a fresh PostgreSQL cluster and a fresh folder, and every
dossier, file (byte for byte) and history entry comes back with its hash chain intact; a base backup of that cluster
and its archived WAL bring it back to the instant before a mistake; an altered backup is refused before anything is
restored."""

import os
import shlex
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from dossier_helpers import at, intake, method, user
from motcua.core.models import AuditEntry
from motcua.dossiers import lifecycle
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
from motcua.dossiers.uploads import Upload
from postgres_cluster import Recovery, fresh_cluster, server_bin_dir

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="scripts/backup and scripts/restore use pg_dump and pg_restore"
)

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def pdf(label: str) -> bytes:
    """A small PDF (the upload check reads the content) whose bytes differ per file."""
    return f"%PDF-1.4\n% {label}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".encode()


def source_url() -> str:
    """The test database as the URL the scripts read from MOTCUA_DATABASE_URL (a socket folder as libpq's `host`)."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "postgres") + (f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    if host.startswith("/"):
        return f"postgres://{credentials}@/{db['NAME']}?host={quote(host)}&port={port}"
    return f"postgres://{credentials}@{host}:{port}/{db['NAME']}"


def run(script: str, *args, **env) -> subprocess.CompletedProcess:
    """A script as an operator runs it: its own process, configured by MOTCUA_* variables only."""
    bin_dir = server_bin_dir()
    path = f"{bin_dir}:{os.environ['PATH']}" if bin_dir else os.environ["PATH"]
    return subprocess.run(
        [SCRIPTS / script, *map(str, args)],
        env={**os.environ, "PATH": path, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def backup(tmp_path: Path, media: Path) -> Path:
    made = run("backup", tmp_path / "backups", MOTCUA_DATABASE_URL=source_url(), MOTCUA_MEDIA_ROOT=str(media))
    assert made.returncode == 0, made.stderr
    return Path(made.stdout.splitlines()[0])


def populate() -> dict[str, bytes]:
    """Three dossiers at Hồng Vân through the lifecycle, with files; one taken on to a specialist. Returns the bytes
    uploaded, by the stored file name."""
    desk, leader = user("tiepnhan.hongvan"), user("lanhdao.hongvan")
    component = method("1.002211").version.documents.order_by("order").first()
    uploaded = {}
    for day in (2, 3, 4):
        files = {f"don-{day}-{n}.pdf": pdf(f"hồ sơ {day} tệp {n}") for n in (1, 2)}
        dossier = lifecycle.accept(
            desk,
            intake(
                documents=tuple(
                    Upload(SimpleUploadedFile(name, content), requirement_id=component.pk)
                    for name, content in files.items()
                )
            ),
            at=at(2026, 3, day, 9),
        )
        for document in dossier.documents.all():
            uploaded[document.file.name] = files[document.name]
    dossier = lifecycle.transfer(desk, dossier, at=at(2026, 3, 4, 10))
    lifecycle.assign(leader, dossier, specialist=user("chuyenvien.hongvan"), at=at(2026, 3, 4, 11))
    return uploaded


def rows(cursor_or_queryset, sql: str | None = None) -> list[tuple]:
    """Sorted rows: of a values_list on the source, or of `sql` run on a cursor of a restored cluster."""
    if sql is None:
        return sorted(cursor_or_queryset)
    cursor_or_queryset.execute(sql)
    return sorted(cursor_or_queryset.fetchall())


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_cluster_with_every_dossier_file_and_history_entry(demo, settings, tmp_path):
    settings.MEDIA_ROOT = media = tmp_path / "media"
    uploaded = populate()
    assert len(uploaded) == 6
    dossiers = rows(Dossier.objects.values_list("code", "state", "due_at"))
    events = rows(DossierEvent.objects.values_list("id", "dossier_id", "kind", "prev_hash", "hash"))
    audit = rows(AuditEntry.objects.values_list("id", "action", "hash"))
    documents = rows(DossierDocument.objects.values_list("id", "dossier_id", "name", "file", "size"))
    assert len(dossiers) == 3 and len(events) == 5 and len(documents) == 6
    # The heads anchored outside the database before the backup (docs/security.md): the restore must hold them all.
    printed = StringIO()
    call_command("verify_history", "--heads", stdout=printed)
    heads = tmp_path / "heads.txt"
    heads.write_text(printed.getvalue(), encoding="utf-8")

    folder = backup(tmp_path, media)
    restored_media = tmp_path / "restored-media"
    with fresh_cluster(archive_wal=True) as cluster:
        cluster.psql("CREATE DATABASE motcua")
        restored = run(
            "restore", folder, MOTCUA_DATABASE_URL=cluster.url("motcua"), MOTCUA_MEDIA_ROOT=str(restored_media)
        )
        assert restored.returncode == 0, restored.stderr
        assert "every table's row count matches" in restored.stdout

        with psycopg.connect(cluster.url("motcua")) as db, db.cursor() as cursor:
            assert rows(cursor, "SELECT code, state, due_at FROM dossiers_dossier") == dossiers
            assert rows(cursor, "SELECT id, dossier_id, kind, prev_hash, hash FROM dossiers_dossierevent") == events
            assert rows(cursor, "SELECT id, action, hash FROM core_auditentry") == audit
            assert rows(cursor, "SELECT id, dossier_id, name, file, size FROM dossiers_dossierdocument") == documents
        assert {name: (restored_media / name).read_bytes() for name in uploaded} == uploaded

        verified = subprocess.run(
            [sys.executable, "-m", "motcua", "verify_history", "--anchored", heads],
            env={
                **os.environ,
                "MOTCUA_DATABASE_URL": cluster.url("motcua"),
                "MOTCUA_MEDIA_ROOT": str(restored_media),
                "MOTCUA_VAR_DIR": str(tmp_path / "var"),
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert verified.returncode == 0, verified.stderr
        # One chain per dossier plus the audit log's.
        assert "history intact: 4 chuỗi" in verified.stdout

        # A restore never merges into a live system.
        again = run("restore", folder, MOTCUA_DATABASE_URL=cluster.url("motcua"), MOTCUA_MEDIA_ROOT=str(tmp_path / "x"))
        assert again.returncode == 1 and "target database not empty" in again.stderr

        # Point-in-time recovery (docs/backup.md): the base backup and the archived WAL bring the system back to the
        # instant before an operator's mistake, with what was written between the base backup and that instant.
        base = cluster.base_backup()
        cluster.psql("UPDATE dossiers_dossier SET request_summary = 'sau bản sao cơ sở'", database="motcua")
        before_mistake = cluster.psql("SELECT clock_timestamp()").strip()
        cluster.psql("DELETE FROM dossiers_dossierdocument", database="motcua")
        cluster.psql("SELECT pg_switch_wal()")
        cluster.stop()
        with (
            fresh_cluster(recovery=Recovery(base, cluster.wal_archive, before_mistake)) as recovered,
            psycopg.connect(recovered.url("motcua")) as db,
            db.cursor() as cursor,
        ):
            assert rows(cursor, "SELECT id, dossier_id, name, file, size FROM dossiers_dossierdocument") == documents
            assert rows(cursor, "SELECT DISTINCT request_summary FROM dossiers_dossier") == [("sau bản sao cơ sở",)]
            assert rows(cursor, "SELECT id, dossier_id, kind, prev_hash, hash FROM dossiers_dossierevent") == events


@postgresql_only
def test_a_backup_with_one_changed_byte_is_refused_before_anything_is_restored(db, tmp_path):
    media = tmp_path / "media"
    (media / "dossiers").mkdir(parents=True)
    (media / "dossiers" / "don.pdf").write_bytes(pdf("đơn"))
    folder = backup(tmp_path, media)
    assert run("restore", "--check", folder).returncode == 0

    for name in ("media/dossiers/don.pdf", "database.dump"):
        tampered = tmp_path / f"tampered-{Path(name).name}"
        shutil.copytree(folder, tampered)
        with (tampered / name).open("r+b") as file:
            file.seek(20)
            byte = file.read(1)
            file.seek(20)
            file.write(bytes([byte[0] ^ 1]))

        assert run("restore", "--check", tampered).returncode == 1
        target = tmp_path / f"target-{Path(name).name}"
        # The target database is the source itself: had the manifest check let it through, the non-empty database
        # would be refused too, but with another message.
        refused = run("restore", tampered, MOTCUA_DATABASE_URL=source_url(), MOTCUA_MEDIA_ROOT=str(target))
        assert refused.returncode == 1
        assert f"{name}: FAILED" in refused.stderr and "backup altered or incomplete" in refused.stderr
        assert not target.exists()

    extra = tmp_path / "with-extra-file"
    shutil.copytree(folder, extra)
    (extra / "media" / "dossiers" / "them.pdf").write_bytes(pdf("thêm"))
    added = run("restore", "--check", extra)
    assert added.returncode == 1 and "media/dossiers/them.pdf" in added.stderr


def test_the_password_leaves_the_url_for_pgpassword():
    """Every local user can read a process's arguments: the scripts hand libpq the password through PGPASSWORD."""
    library = shlex.quote(str(SCRIPTS / "lib" / "backup.sh"))
    shown = subprocess.run(
        ["bash", "-c", f'source {library}; move_password_out_of_url; echo "$MOTCUA_DATABASE_URL $PGPASSWORD"'],
        env={
            **os.environ,
            "MOTCUA_DATABASE_URL": "postgres://motcua_backup:p%40ss%3Aw%25rd@db1:5432/motcua?sslmode=require",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.split() == ["postgres://motcua_backup@db1:5432/motcua?sslmode=require", "p@ss:w%rd"]
