"""`confide` commands for running an office: maintenance (and backups, in their module).

``confide maintenance`` is idempotent and safe to run while the apps serve (from cron or a
systemd timer): it deletes expired and idle session halves, removes crash leftovers from
the blob store, and says what it removed.
"""

from pathlib import Path

import click

from casework.housekeeping import clean_blobs, purge_sessions
from casework.store.blobs import BlobStore
from casework.store.clock import utcnow
from casework.store.db import make_engine

from .cli_common import DATA_DIR_OPTION, load_settings
from .cli_logs import verify_logs


@click.command()
@DATA_DIR_OPTION
def maintenance(data_dir: Path | None) -> None:
    """Delete expired sessions and crash leftovers; report what was removed."""
    settings = load_settings(data_dir, check=False)
    engine = make_engine(settings.resolved_database_url)
    try:
        now = utcnow()
        removed = purge_sessions(engine, now=now, staff_idle=settings.staff_idle)
        click.echo(f"sessions: removed {removed} expired or idle session half(s)")
        swept = clean_blobs(engine, BlobStore(settings.blob_dir), now=now)
        click.echo(f"blobs: {swept.describe()}")
    finally:
        engine.dispose()


def register(group: click.Group) -> None:
    """Add these commands to the `confide` group."""
    group.add_command(maintenance)
    group.add_command(verify_logs)
