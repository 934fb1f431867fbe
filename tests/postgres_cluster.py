"""A throw-away PostgreSQL cluster for tests that need a server of their own (a restore target, a replica).

`initdb` into a temporary folder and `pg_ctl start` on a free port of 127.0.0.1, with trust authentication for
`postgres`; stopped (immediately: nothing in it is kept) when the `with` block ends, whatever happened. PostgreSQL
refuses to run as root, so as root (CI) the server runs as the `postgres` OS user through `runuser`.

It can archive its WAL and take a base backup, and a cluster can start from such a backup and replay the archive to
an instant: the point-in-time recovery of docs/backup.md, with the same settings.
"""

import contextlib
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from local_ports import free_port

# Debian keeps each major version's server programs in its own folder; the newest installed one is used.
BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda path: int(path.parent.name))


def server_bin_dir() -> Path | None:
    """The folder of initdb, pg_ctl and the client programs of the same version, or None when no server is installed."""
    return BIN_DIRS[-1] if BIN_DIRS and (BIN_DIRS[-1] / "initdb").exists() else None


def _as_server_user(command: list) -> list:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _run_as_server_user(*command) -> None:
    subprocess.run(_as_server_user(list(command)), check=True, capture_output=True)


@dataclass(frozen=True)
class Recovery:
    """Start from a base backup (pg_basebackup -Fp) and replay the archived WAL up to `target`, then promote."""

    base_backup: Path
    wal_archive: Path
    target: str  # a timestamptz as PostgreSQL prints it


@dataclass(frozen=True)
class Cluster:
    port: int
    bin_dir: Path
    folder: Path

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def wal_archive(self) -> Path:
        return self.folder / "wal-archive"

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def psql(self, *sql: str, database: str = "postgres") -> str:
        commands = [arg for statement in sql for arg in ("-c", statement)]
        return subprocess.run(
            [self.bin_dir / "psql", self.url(database), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", *commands],
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def server(self, program: str, *args) -> None:
        """One of PostgreSQL's server programs, as the server's OS user."""
        _run_as_server_user(self.bin_dir / program, *args)

    def base_backup(self) -> Path:
        """A plain-format base backup with its WAL, checked by pg_verifybackup (docs/backup.md); not synced to disk,
        like the rest of this cluster."""
        target = self.folder / "base-backup"
        self.server(
            "pg_basebackup", "-d", self.url("postgres"), "-D", target, "-Fp", "-Xstream", "-c", "fast", "--no-sync"
        )
        self.server("pg_verifybackup", target)
        return target

    def stop(self) -> None:
        """A clean stop: the archiver copies every finished WAL segment before the server exits."""
        self.server("pg_ctl", "-D", self.data, "-m", "fast", "stop")


def _settings(cluster: Cluster, archive_wal: bool, recovery: Recovery | None) -> dict[str, str]:
    settings = {"listen_addresses": "'127.0.0.1'", "port": str(cluster.port), "fsync": "off"}
    # The socket goes to the cluster's own folder, not /run/postgresql.
    settings["unix_socket_directories"] = f"'{cluster.folder}'"
    if archive_wal:
        archive = cluster.wal_archive
        settings |= {
            "archive_mode": "on",
            "archive_command": f"'test ! -f {archive}/%f && cp %p {archive}/%f'",
        }
    if recovery:
        settings |= {
            "archive_mode": "off",
            "restore_command": f"'cp {recovery.wal_archive}/%f %p'",
            "recovery_target_time": f"'{recovery.target}'",
            "recovery_target_action": "'promote'",
            # No read-only connections while replaying: the first connection sees the data as of the target.
            "hot_standby": "off",
        }
    return settings


@contextlib.contextmanager
def fresh_cluster(archive_wal: bool = False, recovery: Recovery | None = None) -> Iterator[Cluster]:
    bin_dir = server_bin_dir()
    if bin_dir is None:
        raise RuntimeError("No PostgreSQL server programs under /usr/lib/postgresql (Debian package postgresql).")
    folder = Path(tempfile.mkdtemp(prefix="motcua-cluster-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    cluster = Cluster(port=free_port(), bin_dir=bin_dir, folder=folder)
    server = None
    try:
        if recovery:
            _run_as_server_user("cp", "-a", recovery.base_backup, cluster.data)
            _run_as_server_user("touch", cluster.data / "recovery.signal")
        else:
            cluster.server(
                "initdb", "-D", cluster.data, "-U", "postgres", "--auth=trust", "--no-sync", "--locale=C.UTF-8"
            )
        if archive_wal:
            _run_as_server_user("mkdir", cluster.wal_archive)
        # Appended last, so that these win over what initdb or the backed-up cluster wrote.
        with (cluster.data / "postgresql.auto.conf").open("a") as conf:
            conf.writelines(f"{name} = {value}\n" for name, value in _settings(cluster, archive_wal, recovery).items())
        if recovery:
            server = _start_recovery(cluster)
        else:
            cluster.server("pg_ctl", "-D", cluster.data, "-l", folder / "server.log", "-w", "start")
        yield cluster
    finally:
        if (cluster.data / "postmaster.pid").exists():
            subprocess.run(
                _as_server_user([bin_dir / "pg_ctl", "-D", cluster.data, "-m", "immediate", "stop"]), check=False
            )
        if server:
            server.wait()
        shutil.rmtree(folder, ignore_errors=True)


def _start_recovery(cluster: Cluster) -> subprocess.Popen:
    """Start the server in the foreground and read its log until it is promoted: `pg_ctl -w` returns as soon as a
    server in recovery runs, before it has replayed to the target."""
    server = subprocess.Popen(
        _as_server_user([cluster.bin_dir / "postgres", "-D", cluster.data]),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    log = (cluster.folder / "server.log").open("w")
    for line in server.stderr:
        log.write(line)
        if "database system is ready to accept connections" in line:
            break
    else:
        log.close()
        raise RuntimeError("Recovery failed:\n" + (cluster.folder / "server.log").read_text())
    # The server keeps logging: drain its pipe so that it never blocks on a full one.
    threading.Thread(target=lambda: (shutil.copyfileobj(server.stderr, log), log.close()), daemon=True).start()
    return server
