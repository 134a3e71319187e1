"""`confide officer email` and `confide reminders`, run as an operator would, with real mail."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from casework.notifications.mail import SmtpSettings
from casework.people.office import get_office
from casework.people.principals import find_by_username
from casework.store.clock import today
from casework.store.db import make_engine, transaction
from confide.cli import main
from confide.settings import Settings
from tests.factories import receipt_secrets, submit
from tests.mailserver import Inbox

PASSWORD = "a long director password"


@pytest.fixture
def office_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An office made by `confide init`, with one case granted to its director."""
    data_dir = tmp_path / "office"
    monkeypatch.delenv("CONFIDE_DATABASE_URL", raising=False)
    made = CliRunner().invoke(
        main, ["init", str(data_dir), "--director", "dora", "--password", PASSWORD]
    )
    assert made.exit_code == 0, made.output
    settings = Settings.from_env({"CONFIDE_DATA_DIR": str(data_dir)})
    engine = make_engine(settings.resolved_database_url)
    with transaction(engine) as session:
        salt = get_office(session=session).office_salt
        director = find_by_username(session=session, username="dora")
        assert director is not None
    _receipt, secrets = receipt_secrets(salt, settings.pepper)
    submit(engine, secrets, recipients=[director.id])
    engine.dispose()
    return data_dir


def _env(data_dir: Path, smtp: SmtpSettings) -> dict[str, str]:
    return {
        "CONFIDE_DATA_DIR": str(data_dir),
        "CONFIDE_SMTP_HOST": smtp.host,
        "CONFIDE_SMTP_PORT": str(smtp.port),
        "CONFIDE_SMTP_SECURITY": "none",
        "CONFIDE_SMTP_FROM": "confide@ethics.example.org",
    }


def test_reminders_mail_the_digest_once_a_day(
    office_dir: Path, smtp_server: tuple[Inbox, SmtpSettings]
) -> None:
    """With an address set, the job mails the overdue case once, however often it runs."""
    inbox, smtp = smtp_server
    env = _env(office_dir, smtp)
    later = (today() + timedelta(days=10)).isoformat()

    email = CliRunner().invoke(
        main, ["officer", "email", "dora", "dora@ethics.example.org"], env=env
    )
    first = CliRunner().invoke(main, ["reminders", "--on", later], env=env)
    second = CliRunner().invoke(main, ["reminders", "--on", later], env=env)

    assert email.exit_code == 0, email.output
    assert first.exit_code == 0, first.output
    assert "Digests sent: 1; already sent today: 0" in first.output
    assert "Digests sent: 0; already sent today: 1" in second.output
    assert [r[0] for r in inbox.recipients] == ["dora@ethics.example.org"]


def test_reminders_without_smtp_settings_fail_clearly(office_dir: Path) -> None:
    """Without CONFIDE_SMTP_HOST the job says mail is off and exits non-zero."""
    result = CliRunner().invoke(main, ["reminders"], env={"CONFIDE_DATA_DIR": str(office_dir)})

    assert result.exit_code != 0
    assert "CONFIDE_SMTP_HOST" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["officer", "email", "dora", "dora@example.org\nBcc: x@example.org"], "one e-mail"),
        (["officer", "email", "nobody", "n@example.org"], "no staff member"),
        (["officer", "email", "dora"], "ADDRESS or --remove"),
    ],
    ids=["header-injection", "unknown-user", "neither"],
)
def test_officer_email_refuses_bad_input(office_dir: Path, args: list[str], message: str) -> None:
    """A bad address, an unknown user or a missing address is refused with a message."""
    result = CliRunner().invoke(main, args, env={"CONFIDE_DATA_DIR": str(office_dir)})

    assert result.exit_code != 0
    assert message in result.output
