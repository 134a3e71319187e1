"""Settings refuse unsafe values, and every setting is documented."""

import re
from pathlib import Path

import pytest

from confide.settings import Settings, SettingsError, documented_names
from crypto import PRODUCTION_KDF, TEST_KDF

DOCS = Path(__file__).parents[2] / "docs" / "settings.md"
PEPPER_HEX = "ab" * 32


def test_every_setting_is_documented() -> None:
    """docs/settings.md names exactly the variables the settings read."""
    documented = set(re.findall(r"`(CONFIDE_[A-Z_]+)`", DOCS.read_text()))

    assert documented == set(documented_names())


def test_defaults_are_production_strength(tmp_path: Path) -> None:
    """Without overrides, receipts and passwords use the production Argon2id cost."""
    settings = Settings.from_env({"CONFIDE_DATA_DIR": str(tmp_path), "CONFIDE_PEPPER": PEPPER_HEX})

    assert settings.receipt_kdf == PRODUCTION_KDF
    assert settings.password_kdf == PRODUCTION_KDF
    assert settings.console_host == "127.0.0.1"
    assert settings.resolved_database_url.startswith("sqlite:///")


@pytest.mark.parametrize(
    "env",
    [
        pytest.param({}, id="no-pepper"),
        pytest.param({"CONFIDE_PEPPER": "changeme"}, id="placeholder-pepper"),
        pytest.param({"CONFIDE_PEPPER": "00" * 32}, id="zero-pepper"),
        pytest.param({"CONFIDE_PEPPER": "abcd"}, id="short-pepper"),
        pytest.param({"CONFIDE_PEPPER": "zz" * 32}, id="not-hex"),
        pytest.param(
            {"CONFIDE_PEPPER": PEPPER_HEX, "CONFIDE_RECEIPT_KDF": "test"}, id="cheap-receipts"
        ),
        pytest.param(
            {"CONFIDE_PEPPER": PEPPER_HEX, "CONFIDE_PASSWORD_KDF": "1024:1"}, id="cheap-passwords"
        ),
        pytest.param({"CONFIDE_PEPPER": PEPPER_HEX, "CONFIDE_GATEWAY_PORT": "http"}, id="bad-port"),
        pytest.param(
            {"CONFIDE_PEPPER": PEPPER_HEX, "CONFIDE_MAX_FILE_BYTES": "0"}, id="no-file-size"
        ),
        pytest.param({"CONFIDE_PEPPER": PEPPER_HEX, "CONFIDE_DEMO": "maybe"}, id="bad-flag"),
    ],
)
def test_unsafe_values_are_refused(tmp_path: Path, env: dict[str, str]) -> None:
    """A missing or placeholder secret, or cheap key derivation in production, is refused."""
    env = {"CONFIDE_DATA_DIR": str(tmp_path), **env}

    with pytest.raises(SettingsError):
        Settings.from_env(env)


def test_demo_mode_allows_cheap_kdf(tmp_path: Path) -> None:
    """Demo mode (and tests) may use the cheap KDF."""
    env = {
        "CONFIDE_DATA_DIR": str(tmp_path),
        "CONFIDE_PEPPER": PEPPER_HEX,
        "CONFIDE_DEMO": "1",
        "CONFIDE_RECEIPT_KDF": "test",
    }

    assert Settings.from_env(env).receipt_kdf == TEST_KDF


def test_pepper_file_is_read_and_never_in_repr(tmp_path: Path) -> None:
    """The pepper comes from its file and never appears in the settings' repr."""
    (tmp_path / "pepper").write_text(PEPPER_HEX + "\n")

    settings = Settings.from_env({"CONFIDE_DATA_DIR": str(tmp_path)})

    assert settings.pepper == bytes.fromhex(PEPPER_HEX)
    assert PEPPER_HEX not in repr(settings)


def test_settings_are_frozen(tmp_path: Path) -> None:
    """Settings cannot be changed after they are built."""
    settings = Settings.from_env({"CONFIDE_DATA_DIR": str(tmp_path), "CONFIDE_PEPPER": PEPPER_HEX})

    with pytest.raises(AttributeError):
        settings.demo = True  # type: ignore[misc]


def test_smtp_settings_from_environment(tmp_path: Path) -> None:
    """CONFIDE_SMTP_* variables become the SMTP settings mail is sent with."""
    env = {
        "CONFIDE_DATA_DIR": str(tmp_path),
        "CONFIDE_PEPPER": PEPPER_HEX,
        "CONFIDE_DEMO": "1",
        "CONFIDE_SMTP_HOST": "mail.example.org",
        "CONFIDE_SMTP_PORT": "465",
        "CONFIDE_SMTP_SECURITY": "tls",
        "CONFIDE_SMTP_USERNAME": "confide",
        "CONFIDE_SMTP_PASSWORD": "s3cret-mail",
        "CONFIDE_SMTP_FROM": "confide@example.org",
    }

    smtp = Settings.from_env(env).smtp

    assert smtp is not None
    assert (smtp.host, smtp.port, smtp.security, smtp.sender) == (
        "mail.example.org",
        465,
        "tls",
        "confide@example.org",
    )
    assert "s3cret-mail" not in repr(Settings.from_env(env))


def test_no_smtp_host_means_no_mail(tmp_path: Path) -> None:
    """Without CONFIDE_SMTP_HOST there are no SMTP settings (mail is off)."""
    env = {"CONFIDE_DATA_DIR": str(tmp_path), "CONFIDE_PEPPER": PEPPER_HEX, "CONFIDE_DEMO": "1"}

    assert Settings.from_env(env).smtp is None


@pytest.mark.parametrize(
    "extra",
    [
        {"CONFIDE_SMTP_SECURITY": "ssl-please"},
        {"CONFIDE_SMTP_FROM": ""},
        {"CONFIDE_SMTP_FROM": "not-an-address"},
        {"CONFIDE_SMTP_USERNAME": "confide"},
    ],
    ids=["unknown-security", "no-sender", "sender-not-an-address", "username-without-password"],
)
def test_unworkable_smtp_settings_are_refused(tmp_path: Path, extra: dict[str, str]) -> None:
    """Mail settings that could never work are refused when the process starts."""
    env = {
        "CONFIDE_DATA_DIR": str(tmp_path),
        "CONFIDE_PEPPER": PEPPER_HEX,
        "CONFIDE_DEMO": "1",
        "CONFIDE_SMTP_HOST": "mail.example.org",
        "CONFIDE_SMTP_FROM": "confide@example.org",
        **extra,
    }

    with pytest.raises(SettingsError, match="SMTP"):
        Settings.from_env(env)
