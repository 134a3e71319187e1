"""The `confide` command: init, officer add/email, migrate, serve, demo, verify-logs, reminders."""

import os
import shutil
import signal
import subprocess  # our own uvicorn processes, fixed arguments  # nosec B404
import sys
import tempfile
from datetime import datetime
from pathlib import Path

import click

from casework.people.principals import Role
from casework.store.db import make_engine, transaction
from casework.store.migrate import upgrade

from .cli_common import load_settings
from .cli_operations import register as register_operations
from .cli_report import register as register_report
from .settings import Settings, SettingsError
from .web.timeouts import PROTOCOL as TIMED_PROTOCOL

_settings = load_settings


def _show_enrolment(enrolment: "object") -> None:
    from .provision import Enrolment, terminal_qr

    assert isinstance(enrolment, Enrolment)
    uri = enrolment.totp_uri()
    if uri is None:
        return
    click.echo("\nScan this code with an authenticator app (shown once):\n")
    click.echo(terminal_qr(uri))
    click.echo(f"\nOr enter the key by hand: {enrolment.totp_secret}\nURI: {uri}\n")


@click.group()
def main() -> None:
    """Confide: the confidential front door of an ethics office."""


@main.command()
@click.argument("data_dir", type=click.Path(path_type=Path))
@click.option("--office-name", default="Ethics Office", show_default=True)
@click.option("--director", "director_name", prompt="Director's username")
@click.password_option("--password", prompt="Director's password (12 characters or more)")
@click.option("--hostname", "hostnames", multiple=True, default=["localhost", "127.0.0.1"])
def init(
    data_dir: Path, office_name: str, director_name: str, password: str, hostnames: tuple[str, ...]
) -> None:
    """Create an office in DATA_DIR: pepper, database, recovery key, first director, TLS."""
    from casework.people.principals_auth import PasswordPolicyError, check_password_policy

    from .provision import (
        AlreadyInitialisedError,
        add_principal,
        create_office_database,
        ensure_tls,
        write_pepper,
    )

    try:
        check_password_policy(password, director_name)
        write_pepper(data_dir)
    except (PasswordPolicyError, AlreadyInitialisedError) as exc:
        raise click.ClickException(str(exc)) from exc
    settings = _settings(data_dir)
    office = create_office_database(settings, office_name)
    enrolment = add_principal(
        office.engine, settings, username=director_name, role=Role.DIRECTOR, password=password
    )
    cert, _key = ensure_tls(settings, list(hostnames))
    click.echo(f"Office created in {settings.data_dir}")
    click.echo(f"TLS certificate: {cert}")
    click.echo("\nRECOVERY CODE - write it down and keep it offline; it is shown only once:\n")
    click.echo(f"    {office.recovery_code}\n")
    click.echo("It lets the director reset a lost password. Nobody can show it to you again.")
    _show_enrolment(enrolment)


@main.group()
def officer() -> None:
    """Manage officers from the command line."""


@officer.command("add")
@click.argument("username")
@click.option(
    "--role", type=click.Choice([r.value for r in Role if r is not Role.FILER]), default="officer"
)
@click.password_option("--password", prompt="Password (12 characters or more)")
@click.option("--data-dir", type=click.Path(path_type=Path), default=None)
def officer_add(username: str, role: str, password: str, data_dir: Path | None) -> None:
    """Add an officer, director or external reviewer with password and TOTP."""
    from casework.people.principals_auth import PasswordPolicyError

    from .provision import add_principal

    settings = _settings(data_dir)
    engine = make_engine(settings.resolved_database_url, pepper=settings.pepper)
    try:
        enrolment = add_principal(
            engine, settings, username=username, role=Role(role), password=password
        )
    except PasswordPolicyError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Added {role} {enrolment.username}.")
    _show_enrolment(enrolment)


@officer.command("email")
@click.argument("username")
@click.argument("address", required=False)
@click.option("--remove", is_flag=True, help="Remove the address: no more reminders.")
@click.option("--data-dir", type=click.Path(path_type=Path), default=None)
def officer_email(username: str, address: str | None, remove: bool, data_dir: Path | None) -> None:
    """Set where a staff member's reminders digest goes (ids and dates only)."""
    from casework.notifications.addresses import AddressError, set_address
    from casework.people.principals import find_by_username, normalise_username

    if remove == (address is not None):
        raise click.UsageError("give an ADDRESS or --remove")
    settings = _settings(data_dir, check=False)
    with transaction(make_engine(settings.resolved_database_url)) as session:
        principal = find_by_username(session=session, username=normalise_username(username))
        if principal is None or principal.role == Role.FILER:
            raise click.ClickException(f"no staff member is called {username!r}")
        try:
            set_address(session=session, principal_id=principal.id, address=address)
        except AddressError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"Reminders for {principal.username}: {address or 'off'}.")


@main.command()
@click.option("--data-dir", type=click.Path(path_type=Path), default=None)
@click.option("--on", "day", type=click.DateTime(["%Y-%m-%d"]), default=None, hidden=True)
def reminders(data_dir: Path | None, day: datetime | None) -> None:
    """Mail today's reminders, each once (cron-safe): officers' digests of due and overdue
    cases, and filers' financial disclosure reminders on their cycle's reminder days."""
    from casework.notifications.reminders import send_filer_reminders, send_reminders
    from casework.store.clock import today

    settings = _settings(data_dir)
    if settings.smtp is None:
        raise click.ClickException("mail is off: set CONFIDE_SMTP_HOST (docs/settings.md)")
    on = day.date() if day is not None else today()
    engine = make_engine(settings.resolved_database_url)
    try:
        run = send_reminders(engine=engine, smtp=settings.smtp, on=on)
        filers = send_filer_reminders(
            engine=engine,
            smtp=settings.smtp,
            pepper=settings.pepper,
            gateway_url=settings.gateway_url,
            on=on,
        )
    finally:
        engine.dispose()
    click.echo(
        f"Digests sent: {run.sent}; already sent today: {run.already_sent};"
        f" officers without an address: {run.no_address}; failed: {len(run.failed)}."
    )
    click.echo(f"Filer reminders sent: {filers.sent}; failed: {len(filers.failed)}.")
    if run.failed or filers.failed:
        raise click.ClickException("the SMTP server did not take every reminder; run again later")


@main.command()
@click.option("--data-dir", type=click.Path(path_type=Path), default=None)
def migrate(data_dir: Path | None) -> None:
    """Bring the database schema up to date."""
    settings = _settings(data_dir, check=False)
    upgrade(make_engine(settings.resolved_database_url))
    click.echo("Database is up to date.")


ALL_INTERFACES = frozenset({"0.0.0.0", "::"})  # noqa: S104 - for the printed URL  # nosec


def uvicorn_command(app: str, host: str, port: int, tls: tuple[Path, Path] | None) -> list[str]:
    """How `confide serve` runs one app: its own uvicorn process, built by the app factory.

    No access log and no proxy headers (DESIGN.md, G2: nothing that identifies a reporter
    is read or logged), no server header; TLS when a certificate and key are given. The
    benchmark starts its servers with this same command (``bench/servers.py``).
    """
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        app,
        "--host",
        host,
        "--port",
        str(port),
        "--no-access-log",
        "--no-proxy-headers",
        "--no-server-header",
        "--http",
        TIMED_PROTOCOL,
        "--timeout-keep-alive",
        "5",
        "--log-level",
        "warning",
    ]
    if tls is not None:
        command += ["--ssl-certfile", str(tls[0]), "--ssl-keyfile", str(tls[1])]
    return command


def _uvicorn(
    app: str, host: str, port: int, tls: tuple[Path, Path] | None, env: dict[str, str]
) -> "subprocess.Popen[bytes]":
    command = uvicorn_command(app, host, port, tls)
    return subprocess.Popen(command, env=env)  # noqa: S603 - fixed command, our own interpreter  # nosec B603


def _serve(settings: Settings, env: dict[str, str]) -> None:
    from .provision import ensure_tls

    tls = ensure_tls(settings, ["localhost", "127.0.0.1"]) if settings.https else None
    scheme = "https" if settings.https else "http"
    processes = [
        _uvicorn(
            "gateway.app:from_environment",
            settings.gateway_host,
            settings.gateway_port,
            tls,
            env,
        ),
        _uvicorn(
            "reviewer_console.app:from_environment",
            settings.console_host,
            settings.console_port,
            tls,
            env,
        ),
    ]
    shown_host = "127.0.0.1" if settings.gateway_host in ALL_INTERFACES else settings.gateway_host
    click.echo(f"Gateway: {scheme}://{shown_host}:{settings.gateway_port}/")
    click.echo(f"Console: {scheme}://{settings.console_host}:{settings.console_port}/")

    def stop(_signum: int, _frame: object) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    try:
        while all(p.poll() is None for p in processes):
            try:
                processes[0].wait(timeout=1)
            except subprocess.TimeoutExpired:
                continue
    except KeyboardInterrupt:
        click.echo("Stopping the gateway and the console.")
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=10)


@main.command()
@click.option("--data-dir", type=click.Path(path_type=Path), default=None)
def serve(data_dir: Path | None) -> None:
    """Start the gateway and the console as two processes on their own ports."""
    settings = _settings(data_dir)
    upgrade(make_engine(settings.resolved_database_url))
    env = dict(os.environ, CONFIDE_DATA_DIR=str(settings.data_dir))
    _serve(settings, env)


DEMO_PASSWORD = "demo-password-1"  # noqa: S105 - printed demo credential, demo mode only  # nosec B105
DEMO_MARKER = ".confide-demo"
"""The file `confide demo` leaves in its folder: only such a folder may be emptied by it."""


def _clear_demo_folder(folder: Path) -> None:
    """Empty ``folder`` for a new demo, or refuse when it may hold anything else.

    A real office (its database, blobs and pepper) must never be deleted by a demo: a
    folder that is not empty is emptied only when `confide demo` made it (its marker file).
    """
    if not folder.exists() or not any(folder.iterdir()):
        return
    if not (folder / DEMO_MARKER).is_file():
        raise click.ClickException(
            f"{folder} is not empty and was not made by `confide demo`; nothing was changed. "
            "Choose an empty or new folder for a demo."
        )
    shutil.rmtree(folder)


@main.command()
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Default: a new temporary folder.",
)
@click.option("--no-serve", is_flag=True, help="Only create the office and print the credentials.")
def demo(data_dir: Path | None, no_serve: bool) -> None:
    """A throwaway office with demo principals; prints URLs and credentials."""
    from .provision import add_principal, create_office_database, write_pepper

    temporary = data_dir is None
    folder = Path(tempfile.mkdtemp(prefix="confide-demo-")) if data_dir is None else data_dir
    _clear_demo_folder(folder)
    write_pepper(folder)
    (folder / DEMO_MARKER).write_text("made by confide demo; may be deleted by it\n")
    env = dict(os.environ, CONFIDE_DATA_DIR=str(folder), CONFIDE_DEMO="1")
    try:
        settings = Settings.from_env(env)
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc
    office = create_office_database(settings, "Demo Ethics Office")
    click.echo(f"Demo office in {folder} (thrown away on exit: {temporary})")
    click.echo(f"Recovery code: {office.recovery_code}")
    people = [
        ("director", Role.DIRECTOR),
        ("officer", Role.OFFICER),
        ("officer2", Role.OFFICER),
        ("reviewer", Role.REVIEWER),
    ]
    from casework.people.office import set_channel_recipients

    enrolled = {}
    for username, role in people:
        enrolment = add_principal(
            office.engine, settings, username=username, role=role, password=DEMO_PASSWORD
        )
        enrolled[username] = enrolment
        click.echo(
            f"  {role.value:9} {username:9} password {DEMO_PASSWORD}"
            f"  TOTP key {enrolment.totp_secret}"
        )
    with transaction(office.engine) as session:
        from intake_forms import registry

        for form in registry.all_forms():
            set_channel_recipients(
                session=session, channel=form.id, principal_ids=[enrolled["officer"].principal_id]
            )
    click.echo("Current TOTP codes: `confide totp KEY` prints the code for a key.")
    if no_serve:
        return
    try:
        _serve(settings, env)
    finally:
        if temporary:
            shutil.rmtree(folder, ignore_errors=True)


@main.command(hidden=False)
@click.argument("key")
def totp(key: str) -> None:
    """Print the current TOTP code for KEY (demo convenience)."""
    import pyotp

    click.echo(pyotp.TOTP(key).now())


register_operations(main)
register_report(main)

if __name__ == "__main__":
    main()
