"""`confide` commands for running an office: maintenance (and backups, in their module).

``confide maintenance`` is idempotent and safe to run while the apps serve (from cron or a
systemd timer, daily at least): it deletes expired and idle session halves, removes crash
leftovers from the blob store, crypto-shreds closed cases past their retention period
(:mod:`casework.retention`), and says what it removed.
"""

from pathlib import Path

import click

from casework.housekeeping import clean_blobs, purge_sessions
from casework.retention import apply_retention
from casework.store.blobs import BlobStore
from casework.store.clock import utcnow
from casework.store.db import make_engine

from .cli_common import DATA_DIR_OPTION, load_settings
from .cli_logs import verify_logs


@click.command()
@DATA_DIR_OPTION
def maintenance(data_dir: Path | None) -> None:
    """Delete expired sessions and crash leftovers, apply retention; report what went."""
    settings = load_settings(data_dir, check=False)
    if not settings.pepper:
        raise click.ClickException(
            "maintenance writes the access log and needs the pepper: set CONFIDE_PEPPER_FILE"
        )
    engine = make_engine(settings.resolved_database_url, pepper=settings.pepper)
    try:
        now = utcnow()
        removed = purge_sessions(engine, now=now, staff_idle=settings.staff_idle)
        click.echo(f"sessions: removed {removed} expired or idle session half(s)")
        swept = clean_blobs(engine, BlobStore(settings.blob_dir), now=now)
        click.echo(f"blobs: {swept.describe()}")
        run = apply_retention(
            engine,
            BlobStore(settings.blob_dir),
            today=now.date(),
            office_default=settings.retention,
        )
        click.echo(f"retention: {run.describe()}")
    finally:
        engine.dispose()


@click.command()
@click.argument("dest", type=click.Path(path_type=Path, file_okay=False))
@DATA_DIR_OPTION
def backup(dest: Path, data_dir: Path | None) -> None:
    """Write a consistent backup (database and blobs, never the pepper) into DEST."""
    from .backup import BackupError, back_up

    settings = load_settings(data_dir, check=False)
    try:
        manifest = back_up(
            database_url=settings.resolved_database_url, blob_dir=settings.blob_dir, dest=dest
        )
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backup written to {dest}: {manifest.database} database, {manifest.blobs} blobs.")
    click.echo("The pepper is not in it: keep the pepper file apart, as before.")
    for line in manifest.heads:
        click.echo(line)


@click.command()
@click.argument("source", type=click.Path(path_type=Path, file_okay=False, exists=True))
@DATA_DIR_OPTION
def restore(source: Path, data_dir: Path | None) -> None:
    """Restore the backup in SOURCE into an empty office (data folder or PostgreSQL schema)."""
    from .backup import MANIFEST, BackupError
    from .backup import restore as restore_backup

    settings = load_settings(data_dir, check=False)
    try:
        manifest = restore_backup(
            source=source,
            database_url=settings.resolved_database_url,
            data_dir=settings.data_dir,
            blob_dir=settings.blob_dir,
        )
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Restored {manifest.blobs} blobs and the database into {settings.data_dir}.")
    click.echo(
        f"Put the pepper back (CONFIDE_PEPPER_FILE or {settings.pepper_path}), then check the "
        f"logs: confide verify-logs --expect-head {source / MANIFEST}"
    )


def register(group: click.Group) -> None:
    """Add these commands to the `confide` group."""
    group.add_command(maintenance)
    group.add_command(backup)
    group.add_command(restore)
    group.add_command(verify_logs)
