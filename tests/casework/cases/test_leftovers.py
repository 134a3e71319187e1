"""Crash leftovers: partial uploads and orphan blobs are removed, with a report; live ones stay."""

from __future__ import annotations

import os
import secrets
import stat
import time
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from casework.cases.leftovers import LEFTOVER_GRACE
from casework.housekeeping import clean_blobs
from casework.people.sessions import SessionKind, store_session
from casework.store import blobs as blob_module
from casework.store.blobs import BlobStore
from casework.store.clock import utcnow
from casework.store.db import transaction
from confide.settings import Settings
from tests.factories import make_case

AN_HOUR_AGO = time.time() - 3600


def _age(path: Path) -> Path:
    os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))
    return path


def _leftover(store: BlobStore, size: int, *, partial: bool) -> Path:
    """A file as a killed process leaves it: a partial upload, or a blob no row names."""
    name = secrets.token_hex(16)
    folder = store.root / name[:2]
    folder.mkdir(exist_ok=True)
    path = folder / (f"{name}.part" if partial else name)
    path.write_bytes(b"c" * size)
    return path


def _crash_leftovers(store: BlobStore) -> dict[str, Path]:
    """What kills leave: an old partial upload, an old orphan blob, and a fresh partial one."""
    return {
        "old_part": _age(_leftover(store, 5000, partial=True)),
        "orphan": _age(_leftover(store, 3000, partial=False)),
        "fresh": _leftover(store, 100, partial=True),
    }


def test_sweep_removes_old_leftovers_and_reports(office, settings: Settings) -> None:
    """Old partials and orphans go; a recent partial and a named blob stay."""
    store = BlobStore(settings.blob_dir)
    case_id, _key = make_case(office.engine, settings, office, files=[("a.pdf", b"%PDF")])
    named = [p for p in store.root.rglob("*") if p.is_file()]
    for path in named:
        _age(path)
    files = _crash_leftovers(store)

    swept = clean_blobs(office.engine, store, now=utcnow())

    assert (swept.partial_files, swept.partial_bytes) == (1, 5000)
    assert (swept.orphan_blobs, swept.orphan_bytes) == (1, 3000)
    assert not files["old_part"].exists() and not files["orphan"].exists()
    assert files["fresh"].exists()
    assert all(path.exists() for path in named)
    assert clean_blobs(office.engine, store, now=utcnow()).describe() == (
        "removed 0 partial upload(s) (0 bytes) and 0 orphan blob(s) (0 bytes)"
    )
    assert case_id


def test_fresh_files_wait_for_the_grace_period(office, settings: Settings) -> None:
    """Past the grace period even the fresh partial upload is a leftover."""
    store = BlobStore(settings.blob_dir)
    files = _crash_leftovers(store)

    swept = clean_blobs(office.engine, store, now=utcnow() + LEFTOVER_GRACE + timedelta(1))

    assert swept.partial_files == 2
    assert not files["fresh"].exists()


def test_gateway_start_up_cleans(office, settings: Settings) -> None:
    """Starting the gateway removes what an earlier crash left."""
    from gateway.app import create_app

    files = _crash_leftovers(BlobStore(settings.blob_dir))

    with TestClient(create_app(settings)):
        pass  # entering runs the lifespan, whose start-up sweep is what is tested

    assert not files["old_part"].exists() and not files["orphan"].exists()
    assert files["fresh"].exists()


def test_maintenance_command_cleans_and_reports(
    office, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`confide maintenance` removes leftovers and expired sessions, and says how much went."""
    from confide.cli import main

    files = _crash_leftovers(BlobStore(settings.blob_dir))
    with transaction(office.engine) as session:
        store_session(
            session=session,
            lookup_id=b"x" * 32,
            kind=SessionKind.REPORTER,
            server_half=b"half",
            lifetime=timedelta(seconds=-1),
        )
    monkeypatch.setenv("CONFIDE_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("CONFIDE_PEPPER", settings.pepper.hex())

    result = CliRunner().invoke(main, ["maintenance", "--data-dir", str(settings.data_dir)])

    assert result.exit_code == 0, result.output
    assert "1 partial upload(s) (5000 bytes) and 1 orphan blob(s) (3000 bytes)" in result.output
    assert "sessions: removed 1 expired or idle" in result.output
    assert not files["old_part"].exists()


def test_commit_syncs_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After the rename the blob's folder itself is fsynced, so the rename is durable."""
    synced: list[bool] = []
    real_fsync = os.fsync

    def spy(descriptor: int) -> None:
        synced.append(stat.S_ISDIR(os.fstat(descriptor).st_mode))
        real_fsync(descriptor)

    monkeypatch.setattr(blob_module.os, "fsync", spy)
    store = BlobStore(tmp_path / "blobs")

    store.write([b"ciphertext"])

    assert synced == [False, True]
