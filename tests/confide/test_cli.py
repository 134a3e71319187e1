"""The `confide` command: init, officer add, verify-logs, demo and serve."""

import os
import socket
import ssl
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pyotp
import pytest
from click.testing import CliRunner
from sqlmodel import select

from casework.people.principals import Principal
from casework.people.principals_auth import sign_in
from casework.store.db import make_engine, transaction
from confide.cli import main
from crypto import PRODUCTION_KDF
from crypto.seedwrap import recover_seed, recovery_public_key

PASSWORD = "a long director password"


@pytest.fixture
def initialised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """An office made by `confide init` in a fresh folder, and what it printed."""
    data_dir = tmp_path / "office"
    monkeypatch.delenv("CONFIDE_DATABASE_URL", raising=False)
    result = CliRunner().invoke(
        main, ["init", str(data_dir), "--director", "Director", "--password", PASSWORD]
    )
    assert result.exit_code == 0, result.output
    return data_dir, result.output


def test_init_creates_pepper_database_recovery_and_director(initialised: tuple[Path, str]) -> None:
    """Init writes a 0600 pepper outside the database, a director, a recovery code and TLS."""
    data_dir, output = initialised

    pepper = data_dir / "pepper"
    assert stat.S_IMODE(pepper.stat().st_mode) == 0o600
    assert pepper.read_text().strip() not in (data_dir / "confide.sqlite3").read_bytes().hex()
    assert (data_dir / "tls" / "cert.pem").exists()
    assert "otpauth://totp/" in output and "█" in output
    recovery_code = output.split("shown only once:")[1].split()[0]
    engine = make_engine(f"sqlite:///{data_dir / 'confide.sqlite3'}")
    with transaction(engine) as session:
        director = session.exec(select(Principal)).one()
        assert director.username == "director" and director.role == "director"
        recovery_public_key(recovery_code)
        assert len(recover_seed(director.recovery_sealed_seed, recovery_code)) == 32
        secret = output.split("Or enter the key by hand: ")[1].split()[0]
        signed = sign_in(
            engine=engine,
            username="Director",
            password=PASSWORD,
            totp_code=pyotp.TOTP(secret).now(),
            params=PRODUCTION_KDF,
            lock_threshold=5,
            lock_for=__import__("datetime").timedelta(minutes=1),
        )
    assert signed.principal.id == director.id


def test_init_refuses_an_existing_office(initialised: tuple[Path, str]) -> None:
    """Running init twice on one folder fails without touching the existing office."""
    data_dir, _ = initialised
    pepper_before = (data_dir / "pepper").read_text()

    result = CliRunner().invoke(
        main, ["init", str(data_dir), "--director", "x", "--password", PASSWORD]
    )

    assert result.exit_code != 0
    assert "already holds an office" in result.output
    assert (data_dir / "pepper").read_text() == pepper_before


def test_init_refuses_a_short_password(tmp_path: Path) -> None:
    """A weak director password is refused before anything is written."""
    result = CliRunner().invoke(
        main, ["init", str(tmp_path / "o"), "--director", "d", "--password", "short"]
    )

    assert result.exit_code != 0
    assert not (tmp_path / "o" / "pepper").exists()


def test_officer_add_and_verify_logs(initialised: tuple[Path, str]) -> None:
    """An officer can be added from the command line, and empty logs verify."""
    data_dir, _ = initialised
    env = {"CONFIDE_DATA_DIR": str(data_dir)}

    added = CliRunner().invoke(
        main, ["officer", "add", "alice", "--password", "alice's long password"], env=env
    )
    verified = CliRunner().invoke(main, ["verify-logs"], env=env)

    assert added.exit_code == 0, added.output
    assert "otpauth://" in added.output
    assert verified.exit_code == 0, verified.output
    assert "access log: 0 entries verified" in verified.output


def test_demo_prints_credentials(tmp_path: Path) -> None:
    """`confide demo --no-serve` creates an office and prints how to sign in."""
    result = CliRunner().invoke(main, ["demo", "--data-dir", str(tmp_path / "demo"), "--no-serve"])

    assert result.exit_code == 0, result.output
    assert "director" in result.output and "TOTP key" in result.output


def test_demo_refuses_a_folder_it_did_not_make(initialised: tuple[Path, str]) -> None:
    """A real office's folder is left whole: demo refuses it and says why."""
    data_dir, _ = initialised
    (data_dir / "notes.txt").write_text("keep me")
    before = sorted(p.name for p in data_dir.iterdir())

    result = CliRunner().invoke(main, ["demo", "--data-dir", str(data_dir), "--no-serve"])

    assert result.exit_code != 0
    assert "not made by `confide demo`" in result.output
    assert sorted(p.name for p in data_dir.iterdir()) == before
    assert (data_dir / "notes.txt").read_text() == "keep me"


@pytest.mark.parametrize("kind", ["stray file", "other folder"])
def test_demo_refuses_any_non_empty_folder(tmp_path: Path, kind: str) -> None:
    """Any folder with something in it and no demo marker is refused."""
    folder = tmp_path / "busy"
    folder.mkdir()
    if kind == "stray file":
        (folder / "a.txt").write_text("x")
    else:
        (folder / "blobs").mkdir()

    result = CliRunner().invoke(main, ["demo", "--data-dir", str(folder), "--no-serve"])

    assert result.exit_code != 0
    assert folder.exists() and any(folder.iterdir())


def test_demo_remakes_its_own_folder(tmp_path: Path) -> None:
    """A folder made by an earlier demo is emptied and made again."""
    folder = tmp_path / "demo"
    first = CliRunner().invoke(main, ["demo", "--data-dir", str(folder), "--no-serve"])
    pepper = (folder / "pepper").read_text()

    second = CliRunner().invoke(main, ["demo", "--data-dir", str(folder), "--no-serve"])

    assert first.exit_code == second.exit_code == 0, second.output
    assert (folder / "pepper").read_text() != pepper


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _silent_connection_answer(port: int, context: ssl.SSLContext) -> bytes:
    """What the server says to a TLS connection that never sends a request."""
    with (
        socket.create_connection(("127.0.0.1", port), timeout=15) as raw,
        context.wrap_socket(raw, server_hostname="127.0.0.1") as sock,
    ):
        data = b""
        while chunk := sock.recv(4096):
            data += chunk
        return data


@pytest.mark.slow
def test_serve_runs_gateway_and_console_over_https(initialised: tuple[Path, str]) -> None:
    """`confide serve` starts two HTTPS processes on their own ports."""
    data_dir, _ = initialised
    gateway, console = _free_port(), _free_port()
    env = dict(
        os.environ,
        CONFIDE_DATA_DIR=str(data_dir),
        CONFIDE_GATEWAY_HOST="127.0.0.1",
        CONFIDE_GATEWAY_PORT=str(gateway),
        CONFIDE_CONSOLE_PORT=str(console),
        CONFIDE_HEADER_TIMEOUT_SECONDS="1",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "confide.cli", "serve"], env=env, stdout=subprocess.DEVNULL
    )
    context = ssl.create_default_context(cafile=str(data_dir / "tls" / "cert.pem"))
    try:
        pages = {}
        for port in (gateway, console):
            deadline = time.monotonic() + 30
            while True:
                try:
                    with urllib.request.urlopen(f"https://127.0.0.1:{port}/", context=context) as r:
                        pages[port] = (r.status, r.headers["Content-Security-Policy"])
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.3)
        silent = {port: _silent_connection_answer(port, context) for port in (gateway, console)}
    finally:
        process.terminate()
        process.wait(timeout=20)

    assert pages[gateway][0] == pages[console][0] == 200
    assert silent[gateway].startswith(b"HTTP/1.1 408")
    assert silent[console].startswith(b"HTTP/1.1 408")
    assert "default-src 'none'" in pages[gateway][1]


def test_disclosure_reminders_go_once(initialised: tuple[Path, str], mailbox) -> None:
    """The daily job reminds a filer who has not filed, and a second run sends nothing."""
    from datetime import timedelta

    from sqlmodel import select

    from casework.disclosure.cycles import open_cycle
    from casework.disclosure.roster import import_roster, read_roster
    from casework.disclosure.rules import QualificationRules
    from casework.people.principals import Principal
    from casework.store.clock import today
    from confide.settings import Settings

    data_dir, _ = initialised
    env = {
        "CONFIDE_DATA_DIR": str(data_dir),
        "CONFIDE_SMTP_HOST": mailbox.host,
        "CONFIDE_SMTP_PORT": str(mailbox.port),
        "CONFIDE_SMTP_SECURITY": "none",
        "CONFIDE_SMTP_FROM": "eo@example.org",
        "CONFIDE_GATEWAY_URL": "https://gw.example.org",
    }
    settings = Settings.from_env(env)
    engine = make_engine(settings.resolved_database_url)
    with transaction(engine) as session:
        director = session.exec(select(Principal)).one()
        cycle = open_cycle(
            session=session,
            year=2026,
            deadline=today() + timedelta(days=5),
            reminder_days=(7, 1),
            rules=QualificationRules(),
            opened_by=director.id,
            today=today(),
        )
        roster = b"staff_id,email,name,grade,role\nS1,ana@example.org,Ana,P-5,x\n"
        import_roster(
            session=session, pepper=settings.pepper, cycle=cycle, rows=read_roster(roster, cycle)
        )
    engine.dispose()

    first = CliRunner().invoke(main, ["reminders"], env=env)
    second = CliRunner().invoke(main, ["reminders"], env=env)

    assert first.exit_code == 0 and "Filer reminders sent: 1;" in first.output, first.output
    assert second.exit_code == 0 and "Filer reminders sent: 0;" in second.output
    assert [m["To"] for m in mailbox.messages] == ["ana@example.org"]
