"""Back up and restore a whole instance: the database, the uploaded files and a manifest.

A backup is a directory holding the database (`db.sqlite3`, taken with SQLite's online backup
API, or `db.dump`, `pg_dump`'s custom format), the uploaded files (`media.tar`) and
`manifest.json`: the format version, when it was taken, the database vendor, the applied
migrations, each file's SHA-256 and size, and the row count of every table. Both databases are
read while the server runs: SQLite's backup API copies a consistent snapshot page by page, and on
PostgreSQL the counts and `pg_dump` share one exported snapshot, so the manifest describes exactly
the dump beside it.

A restore trusts nothing it has not checked: the checksums first, then the vendor and the
migrations, then an empty target (unless forced), and after restoring it counts every table again
and fails loudly if a count differs from the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_TAR = "media.tar"
SQLITE_FILE = "db.sqlite3"
PG_FILE = "db.dump"
# Tables Django fills by itself after `migrate`: rows there do not make a target "non-empty".
BOOKKEEPING_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot proceed safely; the message says why."""


@dataclass(frozen=True)
class RestoreReport:
    tables: int
    rows: int
    files: int


def _silent(message: str) -> None:
    """Report nothing (the default progress callback)."""


def table_names() -> list[str]:
    """Every table the installed models own (auto-created many-to-many tables included)."""
    names = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    existing = set(connection.introspection.table_names())
    return sorted((names | {"django_migrations"}) & existing)


def count_rows(cursor: Any, tables: list[str]) -> dict[str, int]:
    """Count the rows of each table through `cursor` (which fixes the snapshot being counted)."""
    quote = connection.ops.quote_name
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = int(cursor.fetchone()[0])
    return counts


def applied_migrations() -> list[str]:
    return sorted(
        f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
    )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def postgres_binary(name: str) -> str:
    """Find `pg_dump`/`pg_restore` of the server's major version: a client older than the
    server refuses to dump, so prefer `/usr/lib/postgresql/<major>/bin` over whatever is on PATH.
    `MASAR_PG_BIN_DIR` overrides the search."""
    override = os.environ.get("MASAR_PG_BIN_DIR")
    if override:
        return str(Path(override) / name)
    major = connection.pg_version // 10000  # type: ignore[attr-defined]
    candidate = Path(f"/usr/lib/postgresql/{major}/bin/{name}")
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} not found; set MASAR_PG_BIN_DIR to PostgreSQL {major}'s bin")
    return found


def _postgres_args() -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for the PostgreSQL client tools (the password goes
    through the environment, never the command line)."""
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def _backup_sqlite(target: Path, progress: Progress) -> dict[str, int]:
    connection.ensure_connection()
    source = connection.connection
    destination = sqlite3.connect(target / SQLITE_FILE)
    try:

        def report(status: int, remaining: int, total: int) -> None:
            progress(f"database: {total - remaining}/{total} pages")

        # A few hundred pages a step lets writers in between steps on a busy server.
        source.backup(destination, pages=256, progress=report)
        return count_rows(destination.cursor(), table_names())
    finally:
        destination.close()


def _backup_postgres(target: Path, progress: Progress) -> dict[str, int]:
    args, env = _postgres_args()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = count_rows(cursor, table_names())
        progress("database: pg_dump running")
        dump = [postgres_binary("pg_dump"), "--format=custom", f"--snapshot={snapshot}"]
        _run([*dump, "--file", str(target / PG_FILE), *args], env)
    return counts


def _tar_media(target: Path, progress: Progress) -> int:
    media = Path(settings.MEDIA_ROOT)
    files = sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
    with tarfile.open(target / MEDIA_TAR, "w") as archive:
        for number, path in enumerate(files, 1):
            archive.add(path, arcname=str(path.relative_to(media)))
            if number % 100 == 0:
                progress(f"uploaded files: {number}/{len(files)}")
    return len(files)


def create_backup(target: Path, progress: Progress = _silent) -> dict[str, Any]:
    """Write a backup of the running instance into the directory `target` (new or empty)."""
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise BackupError(f"{target} is not empty")
    created_at = timezone.now()
    migrations = applied_migrations()
    if connection.vendor == "sqlite":
        counts = _backup_sqlite(target, progress)
    elif connection.vendor == "postgresql":
        counts = _backup_postgres(target, progress)
    else:
        raise BackupError(f"cannot back up a {connection.vendor} database")
    media_files = _tar_media(target, progress)
    progress("checksums")
    files = {
        path.name: {"sha256": sha256_of(path), "size": path.stat().st_size}
        for path in sorted(target.iterdir())
    }
    manifest = {
        "version": FORMAT_VERSION,
        "created_at": created_at.isoformat(),
        "vendor": connection.vendor,
        "migrations": migrations,
        "files": files,
        "media_files": media_files,
        "counts": counts,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def read_manifest(source: Path) -> dict[str, Any]:
    """Read the manifest and check every file against its checksum and size."""
    try:
        manifest: dict[str, Any] = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"no readable manifest in {source}: {error}") from error
    if manifest.get("version") != FORMAT_VERSION:
        raise BackupError(f"unknown backup format {manifest.get('version')!r}")
    for name, expected in manifest["files"].items():
        path = source / name
        if not path.is_file() or path.stat().st_size != expected["size"]:
            raise BackupError(f"{name} is missing or has the wrong size")
        if sha256_of(path) != expected["sha256"]:
            raise BackupError(f"{name} does not match its checksum")
    return manifest


def _check_compatible(manifest: dict[str, Any]) -> None:
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"the backup is of a {manifest['vendor']} database, this instance uses "
            f"{connection.vendor}"
        )
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    unknown = sorted(set(manifest["migrations"]) - known)
    if unknown:
        raise BackupError(f"the backup holds migrations this code lacks: {', '.join(unknown)}")


def is_empty() -> bool:
    """Whether the instance holds no data beyond what `migrate` creates by itself."""
    tables = [t for t in table_names() if t not in BOOKKEEPING_TABLES]
    with connection.cursor() as cursor:
        return not any(count_rows(cursor, tables).values())


def _restore_sqlite(source: Path) -> None:
    connection.ensure_connection()
    backup = sqlite3.connect(source / SQLITE_FILE)
    try:
        backup.backup(connection.connection)
    finally:
        backup.close()


def _restore_postgres(source: Path) -> None:
    args, env = _postgres_args()
    restore = [postgres_binary("pg_restore"), "--clean", "--if-exists", "--no-owner"]
    _run([*restore, "--single-transaction", *args, str(source / PG_FILE)], env)


def _restore_media(source: Path) -> int:
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA_TAR) as archive:
        members = archive.getmembers()
        # The "data" filter refuses absolute paths, links out of MEDIA_ROOT and device files.
        archive.extractall(media, filter="data")
    return len(members)


def restore_backup(
    source: Path, *, force: bool = False, progress: Progress = _silent
) -> RestoreReport:
    """Restore the backup in `source` into this instance, then prove the counts match."""
    progress("checking checksums")
    manifest = read_manifest(source)
    _check_compatible(manifest)
    if not force and not is_empty():
        raise BackupError("this instance already holds data; restore with --force to replace it")
    progress("restoring the database")
    if connection.vendor == "sqlite":
        _restore_sqlite(source)
    else:
        _restore_postgres(source)
    progress("restoring uploaded files")
    files = _restore_media(source)
    progress("counting rows")
    with connection.cursor() as cursor:
        counts = count_rows(cursor, sorted(manifest["counts"]))
    differing = sorted(t for t, n in manifest["counts"].items() if counts[t] != n)
    if differing:
        raise BackupError(f"row counts differ from the manifest in: {', '.join(differing)}")
    return RestoreReport(tables=len(counts), rows=sum(counts.values()), files=files)
