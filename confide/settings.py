"""One typed, frozen settings object for every Confide process.

Settings come from ``CONFIDE_*`` environment variables and, for the data folder, from the
files that ``confide init`` writes there. :meth:`Settings.from_env` refuses unsafe values
outside demo mode: a missing pepper, a placeholder secret, cheap key-derivation parameters,
or a console listening on a public interface without being asked to. Every field is
documented in ``docs/settings.md``, and a test checks that the two agree.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from casework.notifications.mail import SmtpSecurity, SmtpSettings
from crypto import PRODUCTION_KDF, TEST_KDF, KdfParams

PEPPER_FILE = "pepper"
TLS_CERT_FILE = "tls/cert.pem"
TLS_KEY_FILE = "tls/key.pem"
BLOB_DIR = "blobs"
DATABASE_FILE = "confide.sqlite3"
PLACEHOLDERS = frozenset({"", "changeme", "change-me", "secret", "pepper", "xxx", "todo"})


class SettingsError(ValueError):
    """A setting is missing, malformed or unsafe."""


def _kdf(text: str) -> KdfParams:
    """Parse ``MEMORY_KIB:ITERATIONS[:PARALLELISM]``."""
    parts = [int(p) for p in text.split(":")]
    if len(parts) not in (2, 3):
        raise SettingsError(f"KDF parameters must be MEMORY_KIB:ITERATIONS, got {text!r}")
    return KdfParams(*parts)


def _bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise SettingsError(f"expected a yes/no value, got {text!r}")


SIMPLE_SETTINGS: dict[str, Any] = {
    "database_url": str,
    "gateway_host": str,
    "gateway_port": int,
    "console_host": str,
    "console_port": int,
    "onion_address": str,
    "max_file_bytes": int,
    "max_case_bytes": int,
    "kdf_workers": int,
    "kdf_queue": int,
    "session_idle_seconds": int,
    "session_absolute_seconds": int,
    "reporter_session_seconds": int,
    "login_lock_threshold": int,
    "login_lock_seconds": int,
    "https": _bool,
    "header_timeout_seconds": int,
    "body_timeout_seconds": int,
    "body_min_bytes_per_second": int,
    "maintenance_interval_seconds": int,
    "retention_days": int,
    "smtp_host": str,
    "smtp_port": int,
    "smtp_security": str,
    "smtp_username": str,
    "smtp_password": str,
    "smtp_from": str,
    "gateway_url": str,
}
"""The settings read straight from ``CONFIDE_<NAME>``, each with its parser."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a Confide process needs to know; see docs/settings.md."""

    data_dir: Path
    database_url: str = ""
    pepper: bytes = field(default=b"", repr=False)
    demo: bool = False
    receipt_kdf: KdfParams = PRODUCTION_KDF
    password_kdf: KdfParams = PRODUCTION_KDF
    gateway_host: str = "0.0.0.0"  # noqa: S104 - the public side is meant to be reachable  # nosec B104
    gateway_port: int = 8443
    console_host: str = "127.0.0.1"
    console_port: int = 9443
    tls_cert: Path | None = None
    tls_key: Path | None = None
    onion_address: str = ""
    max_file_bytes: int = 100 * 1024 * 1024
    max_case_bytes: int = 500 * 1024 * 1024
    kdf_workers: int = 0
    kdf_queue: int = 16
    session_idle_seconds: int = 15 * 60
    session_absolute_seconds: int = 8 * 60 * 60
    reporter_session_seconds: int = 30 * 60
    login_lock_threshold: int = 5
    login_lock_seconds: int = 15 * 60
    https: bool = True
    header_timeout_seconds: int = 10
    body_timeout_seconds: int = 20
    body_min_bytes_per_second: int = 1024
    maintenance_interval_seconds: int = 60
    retention_days: int = 0
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_security: str = SmtpSecurity.STARTTLS
    smtp_username: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_from: str = ""
    gateway_url: str = ""

    @property
    def smtp(self) -> SmtpSettings | None:
        """The SMTP server mail goes through, or None when no ``CONFIDE_SMTP_HOST`` is set."""
        if not self.smtp_host:
            return None
        return SmtpSettings(
            host=self.smtp_host,
            port=self.smtp_port,
            sender=self.smtp_from,
            security=SmtpSecurity(self.smtp_security),
            username=self.smtp_username,
            password=self.smtp_password,
        )

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to SQLite in the data folder."""
        return self.database_url or f"sqlite:///{self.data_dir / DATABASE_FILE}"

    @property
    def blob_dir(self) -> Path:
        """Where encrypted file blobs are stored."""
        return self.data_dir / BLOB_DIR

    @property
    def pepper_path(self) -> Path:
        """The default pepper file, outside the database."""
        return self.data_dir / PEPPER_FILE

    @property
    def staff_idle(self) -> timedelta:
        """The console's session idle timeout."""
        return timedelta(seconds=self.session_idle_seconds)

    @property
    def retention(self) -> timedelta | None:
        """The office-wide retention period after closing (None: keep closed cases)."""
        return timedelta(days=self.retention_days) if self.retention_days > 0 else None

    @property
    def kdf_pool_size(self) -> int:
        """How many Argon2id runs may proceed at once (default: one per core)."""
        return self.kdf_workers or (os.cpu_count() or 1)

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with some fields changed (used by tests and the demo)."""
        return replace(self, **changes)

    def check(self) -> Settings:
        """Refuse unsafe values; return self so calls can be chained.

        Raises:
            SettingsError: when a secret is missing or a placeholder, or key derivation is
                cheaper than production outside demo mode.
        """
        if len(self.pepper) != 32 or self.pepper.strip(b"\0") == b"":
            raise SettingsError(
                "the pepper is missing: run `confide init` or set CONFIDE_PEPPER_FILE"
            )
        if not self.demo:
            for name, params in (("receipt", self.receipt_kdf), ("password", self.password_kdf)):
                if params.memory_kib < PRODUCTION_KDF.memory_kib or (
                    params.iterations < PRODUCTION_KDF.iterations
                ):
                    raise SettingsError(
                        f"{name} key derivation is below the production minimum "
                        f"({PRODUCTION_KDF.memory_kib} KiB, {PRODUCTION_KDF.iterations} passes);"
                        " cheaper settings are for demo mode and tests only"
                    )
        if self.max_file_bytes <= 0 or self.max_case_bytes < self.max_file_bytes:
            raise SettingsError("file limits must be positive and the case limit >= file limit")
        if self.session_idle_seconds <= 0 or self.session_absolute_seconds <= 0:
            raise SettingsError("session limits must be positive")
        if self.maintenance_interval_seconds <= 0:
            raise SettingsError("the maintenance interval must be positive")
        self._check_smtp()
        return self

    def _check_smtp(self) -> None:
        """Mail settings that cannot work are refused at start, not at the first send."""
        if self.smtp_security not in set(SmtpSecurity):
            choices = ", ".join(SmtpSecurity)
            raise SettingsError(f"CONFIDE_SMTP_SECURITY must be one of {choices}")
        if self.smtp_host and "@" not in self.smtp_from:
            raise SettingsError("CONFIDE_SMTP_FROM must be an e-mail address when mail is on")
        if self.smtp_username and not self.smtp_password:
            raise SettingsError("CONFIDE_SMTP_PASSWORD is missing for CONFIDE_SMTP_USERNAME")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, check: bool = True) -> Settings:
        """Build settings from ``CONFIDE_*`` variables and the data folder.

        Args:
            env: the environment to read (``os.environ`` by default).
            check: whether to refuse unsafe values.

        Returns:
            The settings.

        Raises:
            SettingsError: on a malformed or unsafe value.
        """
        env = os.environ if env is None else env
        data_dir = Path(env.get("CONFIDE_DATA_DIR", "data")).resolve()
        demo = _bool(env.get("CONFIDE_DEMO", "0"))
        values: dict[str, Any] = {"data_dir": data_dir, "demo": demo}
        for name, parse in SIMPLE_SETTINGS.items():
            key = f"CONFIDE_{name.upper()}"
            if key in env:
                try:
                    values[name] = parse(env[key])
                except ValueError as exc:
                    raise SettingsError(f"{key}: {exc}") from exc
        for name in ("receipt_kdf", "password_kdf"):
            key = f"CONFIDE_{name.upper()}"
            if key in env:
                values[name] = TEST_KDF if env[key] == "test" else _kdf(env[key])
        for name, default in (("tls_cert", TLS_CERT_FILE), ("tls_key", TLS_KEY_FILE)):
            key = f"CONFIDE_{name.upper()}"
            path = Path(env[key]) if key in env else data_dir / default
            values[name] = path if path.exists() or key in env else None
        values["pepper"] = _read_pepper(env, data_dir)
        settings = cls(**values)
        return settings.check() if check else settings


def _read_pepper(env: Mapping[str, str], data_dir: Path) -> bytes:
    """The pepper comes from CONFIDE_PEPPER (hex) or a file, never from the database."""
    if "CONFIDE_PEPPER" in env:
        text = env["CONFIDE_PEPPER"].strip()
        if text.lower() in PLACEHOLDERS:
            raise SettingsError("CONFIDE_PEPPER is a placeholder")
        try:
            return bytes.fromhex(text)
        except ValueError as exc:
            raise SettingsError("CONFIDE_PEPPER must be 64 hexadecimal characters") from exc
    path = Path(env.get("CONFIDE_PEPPER_FILE", str(data_dir / PEPPER_FILE)))
    try:
        return bytes.fromhex(path.read_text().strip())
    except FileNotFoundError:
        return b""
    except ValueError as exc:
        raise SettingsError(f"{path} does not hold a hexadecimal pepper") from exc


def documented_names() -> list[str]:
    """The environment variable of every setting (the docs test compares against this)."""
    names = [f"CONFIDE_{f.name.upper()}" for f in fields(Settings)]
    return sorted({*names, "CONFIDE_PEPPER_FILE"})
