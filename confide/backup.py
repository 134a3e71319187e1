"""Backups that restore: a consistent copy of the database and the blobs, never the pepper.

``confide backup DEST`` writes into an empty folder:

* ``database.sqlite3``: SQLite's online backup API (a consistent snapshot, taken while the
  apps keep serving), or ``database.pgdump``: ``pg_dump --format=custom`` for PostgreSQL
  (one consistent snapshot; only the configured schema when the URL sets a search path);
* ``blobs/``: every blob that an attachment of the snapshot names, copied after the
  snapshot (blobs are write-once, so each is whole; a blob committed after the snapshot is
  left out, as its row is);
* ``manifest.json``: the format, the kind of database, the count of blobs and the heads of
  both logs at the snapshot, so a restore can be checked against them.

The pepper is never written (nor the TLS key): keep it apart, as before. Without it a
backup is ciphertext and metadata only, and receipts cannot be tested offline (G5).
``confide restore SRC`` brings a backup back into an empty data folder (or an empty
PostgreSQL schema) and migrates it to the current revision; the pepper is then put back by
hand, and ``confide verify-logs --expect-head`` can check the logs against the manifest.
"""

import json
import os
import shutil
import sqlite3
import subprocess  # pg_dump and pg_restore, fixed arguments  # nosec B404
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

from sqlalchemy.engine import Engine, make_url
from sqlmodel import select

from casework.cases.access_log import AccessEntry
from casework.cases.messages import Attachment
from casework.referrals.consent_log import ConsentEntry
from casework.store import chained
from casework.store.blobs import BlobStore
from casework.store.db import make_engine, transaction
from casework.store.migrate import upgrade

FORMAT = "confide-backup-1"
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
BLOBS = "blobs"


class BackupError(RuntimeError):
    """A backup or restore cannot proceed (the message says why and what to do)."""


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a backup holds."""

    database: str
    blobs: int
    heads: list[str]

    def write(self, folder: Path) -> None:
        """Write ``manifest.json``."""
        data = {"format": FORMAT, "database": self.database, "blobs": self.blobs}
        (folder / MANIFEST).write_text(json.dumps({**data, "heads": self.heads}, indent=2))

    @classmethod
    def read(cls, folder: Path) -> "Manifest":
        """Read and check ``manifest.json``."""
        try:
            data = json.loads((folder / MANIFEST).read_text())
        except (OSError, ValueError) as exc:
            raise BackupError(f"{folder} holds no readable {MANIFEST}") from exc
        if data.get("format") != FORMAT:
            raise BackupError(f"{folder} is not a Confide backup ({FORMAT})")
        return cls(data["database"], int(data["blobs"]), list(data["heads"]))


def _empty_folder(folder: Path) -> None:
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty; nothing was written")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)


def _pg_command(url: str, tool: str) -> tuple[list[str], dict[str, str], str | None]:
    """The connection arguments, environment and schema of a PostgreSQL URL for a pg tool."""
    if shutil.which(tool) is None:
        raise BackupError(
            f"{tool} is not installed: install the PostgreSQL client tools "
            "(Debian: apt-get install postgresql-client) and run the command again"
        )
    parsed = make_url(url)
    args = [tool, "--no-owner", "--host", parsed.host or "localhost"]
    args += ["--port", str(parsed.port or 5432), "--username", parsed.username or "postgres"]
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    options = parse_qs(f"o={parsed.query.get('options', '')}")["o"][0]
    schema = options.split("search_path=", 1)[1].split()[0] if "search_path=" in options else None
    return args, env, schema


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 - our fixed command line  # nosec B603
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:500]}")


def _snapshot(engine: Engine, url: str, dest: Path) -> str:
    """Write the database snapshot into ``dest``; returns the kind of database."""
    if engine.dialect.name == "sqlite":
        source = sqlite3.connect(str(engine.url.database))
        target = sqlite3.connect(str(dest / SQLITE_FILE))
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return "sqlite"
    args, env, schema = _pg_command(url, "pg_dump")
    args += ["--format=custom", "--file", str(dest / PG_FILE)]
    args += ["--schema", schema] if schema else []
    _run([*args, str(make_url(url).database)], env)
    return "postgresql"


def back_up(*, database_url: str, blob_dir: Path, dest: Path) -> Manifest:
    """Write a consistent backup of the office into the empty folder ``dest``.

    Raises:
        BackupError: ``dest`` is not empty, or the database tool failed or is missing.
    """
    _empty_folder(dest)
    engine = make_engine(database_url)
    try:
        kind = _snapshot(engine, database_url, dest)
    finally:
        engine.dispose()
    snapshot = make_engine(f"sqlite:///{dest / SQLITE_FILE}") if kind == "sqlite" else None
    source = snapshot or make_engine(database_url)
    try:
        with transaction(source) as session:
            names = list(session.exec(select(Attachment.blob_name)))
            heads = [
                chained.current_head(session=session, model=AccessEntry).line("access_log"),
                chained.current_head(session=session, model=ConsentEntry).line("consent_log"),
            ]
    finally:
        source.dispose()
    copied = _copy_blobs(BlobStore(blob_dir), dest / BLOBS, names)
    manifest = Manifest(kind, copied, heads)
    manifest.write(dest)
    return manifest


def _copy_blobs(store: BlobStore, target: Path, names: list[str]) -> int:
    copied = 0
    for name in names:
        source = store.root / name[:2] / name
        if not source.is_file():
            continue  # shredded since the snapshot: its row is gone in the office too
        (target / name[:2]).mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.copyfile(source, target / name[:2] / name)
        copied += 1
    return copied


def restore(*, source: Path, database_url: str, data_dir: Path, blob_dir: Path) -> Manifest:
    """Bring the backup in ``source`` back into an empty office, then migrate it.

    Raises:
        BackupError: not a backup, the target is not empty, or the database tool failed.
    """
    manifest = Manifest.read(source)
    if blob_dir.exists() and any(blob_dir.iterdir()):
        raise BackupError(f"{blob_dir} is not empty; restore into a new office")
    if manifest.database == "sqlite":
        target = Path(str(make_url(database_url).database))
        if not database_url.startswith("sqlite") or target.exists():
            raise BackupError("restore a SQLite backup into a new data folder (no database yet)")
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.copyfile(source / SQLITE_FILE, target)
    else:
        args, env, _schema = _pg_command(database_url, "pg_restore")
        args += ["--exit-on-error", "--dbname", str(make_url(database_url).database)]
        _run([*args, str(source / PG_FILE)], env)
    if (source / BLOBS).is_dir():
        shutil.copytree(source / BLOBS, blob_dir, dirs_exist_ok=True)
    engine = make_engine(database_url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    return manifest
