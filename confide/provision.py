"""Setting up an office: data folder, pepper, database, recovery key, first principals.

Used by `confide init` (interactive, production key derivation) and `confide demo`
(a throwaway office with printed credentials).
"""

import os
from dataclasses import dataclass
from pathlib import Path

import pyotp
import qrcode
from sqlalchemy.engine import Engine

from casework.people.office import create_office, get_office
from casework.people.principals import Principal, Role
from casework.people.principals_auth import enrol
from casework.people.second_factor import new_totp_secret
from casework.store.db import make_engine, transaction
from casework.store.migrate import upgrade
from crypto import generate_office_salt, generate_pepper
from crypto.seedwrap import generate_recovery

from .settings import PEPPER_FILE, TLS_CERT_FILE, TLS_KEY_FILE, Settings
from .tls import write_self_signed

ISSUER = "Confide"


class AlreadyInitialisedError(RuntimeError):
    """The data folder already holds an office."""


def write_pepper(data_dir: Path) -> bytes:
    """Create the pepper file (mode 0600); refuse to overwrite one."""
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = data_dir / PEPPER_FILE
    pepper = generate_pepper()
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise AlreadyInitialisedError(
            f"{path} exists: this folder already holds an office"
        ) from exc
    with os.fdopen(descriptor, "w") as handle:
        handle.write(pepper.hex() + "\n")
    return pepper


def ensure_tls(settings: Settings, hostnames: list[str]) -> tuple[Path, Path]:
    """The configured certificate, or a self-signed one made in the data folder."""
    if settings.tls_cert is not None and settings.tls_key is not None:
        return settings.tls_cert, settings.tls_key
    cert, key = settings.data_dir / TLS_CERT_FILE, settings.data_dir / TLS_KEY_FILE
    if not cert.exists():
        write_self_signed(cert, key, hostnames)
    return cert, key


@dataclass(frozen=True)
class NewOffice:
    """What `confide init` shows once."""

    recovery_code: str
    engine: Engine


def create_office_database(settings: Settings, name: str) -> NewOffice:
    """Migrate the database and create the office row with a fresh recovery key pair."""
    engine = make_engine(settings.resolved_database_url, pepper=settings.pepper)
    upgrade(engine)
    recovery_code, recovery_public = generate_recovery()
    with transaction(engine) as session:
        create_office(
            session=session,
            name=name,
            office_salt=generate_office_salt(),
            recovery_public=recovery_public,
        )
    return NewOffice(recovery_code=recovery_code, engine=engine)


@dataclass(frozen=True)
class Enrolment:
    """A new account and its TOTP secret (shown once)."""

    principal_id: str
    username: str
    totp_secret: str | None

    def totp_uri(self) -> str | None:
        """The otpauth:// URI an authenticator app scans."""
        if self.totp_secret is None:
            return None
        return pyotp.TOTP(self.totp_secret).provisioning_uri(name=self.username, issuer_name=ISSUER)


def add_principal(
    engine: Engine,
    settings: Settings,
    *,
    username: str,
    role: Role,
    password: str,
    with_totp: bool = True,
) -> Enrolment:
    """Enrol a principal with the office's recovery key and the configured KDF."""
    totp_secret = new_totp_secret() if with_totp else None
    with transaction(engine) as session:
        office = get_office(session=session)
        principal: Principal = enrol(
            session=session,
            username=username,
            role=role,
            password=password,
            params=settings.password_kdf,
            recovery_public=office.recovery_public,
            totp_secret=totp_secret,
        )
        return Enrolment(principal.id, principal.username, totp_secret)


def terminal_qr(text: str) -> str:
    """A QR code drawn with text characters, for enrolling an authenticator from a terminal."""
    code = qrcode.QRCode(border=1)
    code.add_data(text)
    code.make(fit=True)
    rows = code.get_matrix()
    lines = []
    for top, bottom in zip(rows[::2], [*rows[1::2], [False] * len(rows[0])], strict=False):
        line = ""
        for upper, lower in zip(top, bottom, strict=True):
            line += {(True, True): "█", (True, False): "▀", (False, True): "▄"}.get(
                (upper, lower), " "
            )
        lines.append(line)
    return "\n".join(lines)
