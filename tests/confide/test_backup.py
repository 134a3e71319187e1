"""Backups that restore: into a fresh office every receipt, officer, file and log verifies."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from casework.cases.access import open_case, reporter_case_key
from casework.cases.access_log import AccessAction, record_access
from casework.cases.attachments import decrypt_stream
from casework.cases.intake import Submission, submit_case
from casework.cases.messages import Attachment
from casework.cases.uploads import attach_uploads, start_upload
from casework.people.office import set_channel_recipients
from casework.people.principals_auth import sign_in
from casework.store.blobs import BlobStore
from casework.store.db import make_engine, transaction
from confide.cli import main
from confide.settings import Settings
from crypto import TEST_KDF, derive_keys, derive_receipt, generate_receipt
from tests.conftest import OfficeFixture, Person

FILE = b"%PDF evidence that must come back whole " * 300


@dataclass
class Report:
    """A report made through intake, with what its reporter keeps."""

    receipt: str
    case_id: str


def _report(office: OfficeFixture, settings: Settings, officer: Person) -> Report:
    receipt = generate_receipt()
    secrets = derive_receipt(
        receipt, office_salt=office.office_salt, pepper=settings.pepper, params=TEST_KDF
    )
    blobs = BlobStore(settings.blob_dir)
    upload = start_upload(blobs=blobs, name="e.pdf", content_type="application/pdf", limit=10**7)
    upload.write(FILE)
    upload.finish()
    with transaction(office.engine) as session:
        set_channel_recipients(session=session, channel="report", principal_ids=[officer.id])
        case, key = submit_case(
            session=session,
            submission=Submission(
                channel="report",
                form_version=1,
                category="fraud",
                answers=b'{"what": "inflated invoices"}',
                identity=None,
            ),
            reporter=secrets,
        )
        attach_uploads(
            session=session,
            case_id=case.id,
            case_key=key,
            author="reporter",
            uploads=[upload],
            max_case_bytes=10**8,
        )  # type: ignore[arg-type]
        record_access(
            session=session, actor_id=officer.id, action=AccessAction.OPEN_CASE, case_id=case.id
        )
    return Report(receipt, case.id)


def _env(settings: Settings, data_dir: Path, database_url: str) -> dict[str, str]:
    return {
        "CONFIDE_DATA_DIR": str(data_dir),
        "CONFIDE_DATABASE_URL": database_url,
        "CONFIDE_PEPPER": settings.pepper.hex(),
        "CONFIDE_DEMO": "1",
    }


def _fresh_target(settings: Settings, tmp_path: Path) -> tuple[Path, str, object]:
    """Where to restore: a new SQLite folder, or the PostgreSQL schema moved out of the way."""
    data_dir = tmp_path / "restored"
    if settings.database_url.startswith("sqlite"):
        return data_dir, f"sqlite:///{data_dir / 'confide.sqlite3'}", None
    schema = settings.database_url.split("search_path%3D")[1]
    old = f"old_{uuid.uuid4().hex[:8]}"
    admin = make_engine(settings.database_url.split("?")[0])
    with admin.begin() as connection:
        connection.execute(text(f'ALTER SCHEMA "{schema}" RENAME TO "{old}"'))

    def cleanup() -> None:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{old}" CASCADE'))
        admin.dispose()

    return data_dir, settings.database_url, cleanup


def test_backup_restores_into_a_fresh_office(
    office: OfficeFixture, settings: Settings, tmp_path: Path
) -> None:
    """Receipts open their cases, officers sign in, files decrypt, the logs match the manifest."""
    officer = office.person("olga")
    reports = [_report(office, settings, officer) for _ in range(2)]
    office.engine.dispose()
    backup = tmp_path / "backup"
    runner = CliRunner()

    made = runner.invoke(
        main, ["backup", str(backup)], env=_env(settings, settings.data_dir, settings.database_url)
    )
    assert made.exit_code == 0, made.output
    data_dir, url, cleanup = _fresh_target(settings, tmp_path)
    try:
        restored = runner.invoke(main, ["restore", str(backup)], env=_env(settings, data_dir, url))
        verified = runner.invoke(
            main,
            ["verify-logs", "--expect-head", str(backup / "manifest.json")],
            env=_env(settings, data_dir, url),
        )
        engine = make_engine(url, pepper=settings.pepper)
        try:
            _check_everything(
                engine, office, settings, officer, reports, blob_dir=data_dir / "blobs"
            )
        finally:
            engine.dispose()
    finally:
        if cleanup is not None:
            cleanup()  # type: ignore[operator]

    assert restored.exit_code == 0, restored.output
    assert verified.exit_code == 0, verified.output
    assert "access log: matches the recorded head (2 entries)" in verified.output
    assert json.loads((backup / "manifest.json").read_text())["blobs"] == 2


def _check_everything(engine, office, settings, officer, reports, *, blob_dir) -> None:  # type: ignore[no-untyped-def]
    blobs = BlobStore(blob_dir)
    for report in reports:
        secrets = derive_receipt(
            report.receipt, office_salt=office.office_salt, pepper=settings.pepper, params=TEST_KDF
        )
        with transaction(engine) as session:
            opened = reporter_case_key(
                session=session, lookup_id=secrets.lookup_id, keys=derive_keys(secrets.seed)
            )
            assert opened is not None and opened[0] == report.case_id
            attachment = session.exec(
                Attachment.__table__.select().where(Attachment.case_id == report.case_id)  # type: ignore[attr-defined]
            ).one()
            row = session.get(Attachment, attachment.id)
            content = b"".join(decrypt_stream(blobs=blobs, case_key=opened[1], attachment=row))
            assert content == FILE
    signed = sign_in(
        engine=engine,
        username=officer.username,
        password=officer.password,
        totp_code=officer.totp(),
        params=TEST_KDF,
        lock_threshold=5,
        lock_for=timedelta(minutes=1),
    )
    with transaction(engine) as session:
        key = open_case(
            session=session, case_id=reports[0].case_id, principal_id=officer.id, keys=signed.keys
        )
    assert len(key) == 32


def test_backup_never_holds_the_pepper(
    office: OfficeFixture, settings: Settings, tmp_path: Path
) -> None:
    """No file of a backup holds the pepper, raw or in hex."""
    _report(office, settings, office.person("olga"))
    (settings.data_dir / "pepper").write_text(settings.pepper.hex())
    backup = tmp_path / "backup"

    made = CliRunner().invoke(
        main, ["backup", str(backup)], env=_env(settings, settings.data_dir, settings.database_url)
    )

    assert made.exit_code == 0, made.output
    for path in backup.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert settings.pepper not in data and settings.pepper.hex().encode() not in data
    assert not (backup / "pepper").exists()


@pytest.mark.parametrize("where", ["backup", "restore"])
def test_refuses_a_folder_that_is_not_empty(
    office: OfficeFixture, settings: Settings, tmp_path: Path, where: str
) -> None:
    """Neither command writes over anything."""
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("keep")
    env = _env(settings, settings.data_dir, settings.database_url)
    if where == "backup":
        result = CliRunner().invoke(main, ["backup", str(busy)], env=env)
    else:
        backup = tmp_path / "backup"
        assert CliRunner().invoke(main, ["backup", str(backup)], env=env).exit_code == 0
        result = CliRunner().invoke(main, ["restore", str(backup)], env=env)

    assert result.exit_code != 0
    assert (busy / "keep.txt").read_text() == "keep"
