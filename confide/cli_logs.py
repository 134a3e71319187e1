"""`confide verify-logs`: check both hash-chained logs, print their heads, compare with a record.

Each log is checked on its own: whatever one log holds (an edited row, a value that is not
even a date), the other is still checked, and the answer is a line per log, never a
traceback. A log that verifies prints its head, the line to write down or publish::

    head access_log 1042 6f3c...e1
    head consent_log 3 a9d0...7b

``--expect-head FILE`` reads such lines, recorded earlier (or a backup's ``manifest.json``),
and checks that each log still holds at least that many entries and that the entry at the
recorded count still has the recorded hash: dropping the newest entries (TRUNCATED) or
rewriting earlier ones and re-hashing everything (REWRITTEN) is then found, which no check
inside the database can do.
"""

import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import click
from sqlmodel import Session

from casework.store import chained
from casework.store.db import log_key, make_engine, transaction

from .cli_common import DATA_DIR_OPTION, load_settings


def _logs(pepper: bytes) -> list[tuple[str, str, Callable[..., chained.LogHead], Any]]:
    """Each log's name, table, check and model; the access log's seals checked with the pepper."""
    from casework.cases.access_log import AccessEntry, verify_access_log
    from casework.referrals.consent_log import ConsentEntry, verify_consent_log

    key = log_key(pepper) if pepper else None
    return [
        ("access log", "access_log", partial(verify_access_log, key=key), AccessEntry),
        ("consent log", "consent_log", verify_consent_log, ConsentEntry),
    ]


def read_heads(path: Path) -> dict[str, tuple[int, bytes]]:
    """The ``head LOG COUNT HASH`` lines of a file recorded earlier.

    Raises:
        click.ClickException: the file cannot be read or holds no head line.
    """
    heads: dict[str, tuple[int, bytes]] = {}
    try:
        lines = path.read_text().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"cannot read {path}: {exc}") from exc
    for line in lines:
        parts = line.strip().strip('",').split()  # also the quoted lines of a manifest.json
        if len(parts) == 4 and parts[0] == chained.HEAD_PREFIX and parts[2].isdigit():
            try:
                heads[parts[1]] = (int(parts[2]), bytes.fromhex(parts[3]))
            except ValueError:
                continue
    if not heads:
        raise click.ClickException(f"{path} holds no `head LOG COUNT HASH` line")
    return heads


def _check_one(session: Session, name: str, table: str, check: Any, model: Any) -> list[str]:
    """Problems with one log (empty when it verifies); echoes its result and head."""
    from casework.referrals.consent_log import LogSignatureError
    from crypto import ChainError

    try:
        head = check(session=session)
    except ChainError as exc:
        return [f"{name}: BROKEN at entry {exc.entry_id} (position {exc.position})"]
    except LogSignatureError as exc:
        return [f"{name}: BAD SIGNATURE at entry {exc.entry_id}: {exc.what}"]
    except chained.SealError as exc:
        return [f"{name}: BAD SEAL at entry {exc.entry_id}: {exc.what}"]
    except Exception as exc:  # noqa: BLE001 - any other failure is a broken log, not a crash
        session.rollback()
        return [f"{name}: BROKEN: the log could not be read ({type(exc).__name__})"]
    click.echo(f"{name}: {head.count} entries verified")
    click.echo(head.line(table))
    return []


def _compare(session: Session, name: str, model: Any, expected: tuple[int, bytes]) -> list[str]:
    count, recorded = expected
    head = chained.current_head(session=session, model=model)
    if head.count < count:
        return [f"{name}: TRUNCATED: {head.count} entries, the recorded head had {count}"]
    stored = chained.hash_at(session=session, model=model, entry_id=count) if count else None
    if count and stored != recorded:
        return [f"{name}: REWRITTEN: entry {count} no longer has the recorded head hash"]
    click.echo(f"{name}: matches the recorded head ({count} entries)")
    return []


@click.command("verify-logs")
@DATA_DIR_OPTION
@click.option(
    "--expect-head",
    "expect_head",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="A file with `head LOG COUNT HASH` lines printed earlier; each log must still match.",
)
def verify_logs(data_dir: Path | None, expect_head: Path | None) -> None:
    """Verify both logs (chains and consent signatures); print their heads."""
    expected = read_heads(expect_head) if expect_head is not None else {}
    settings = load_settings(data_dir, check=False)
    engine = make_engine(settings.resolved_database_url)
    problems: list[str] = []
    try:
        if not settings.pepper:
            click.echo("access log: seals NOT checked: no pepper (set CONFIDE_PEPPER_FILE)")
        for name, table, check, model in _logs(settings.pepper):
            with transaction(engine) as session:
                found = _check_one(session, name, table, check, model)
                if not found and table in expected:
                    found = _compare(session, name, model, expected[table])
            problems += found
    finally:
        engine.dispose()
    for problem in problems:
        click.echo(problem)
    if problems:
        sys.exit(1)
