"""The office of a run and its two servers, started the way ``confide serve`` starts them.

A run provisions one office (:mod:`bench.office`) and starts the console and the gateway as
uvicorn processes (:class:`bench.servers.Server`) with the run's ``CONFIDE_*`` settings and
nothing inherited. Either server can be restarted with TLS on: it then serves HTTPS with the
self-signed certificate that ``confide serve`` (and so ``make run``) makes in the data
folder (:func:`confide.provision.ensure_tls`), with ``CONFIDE_HTTPS=1`` as a real office
runs, and the harness trusts exactly that certificate.
"""

from __future__ import annotations

import os
from pathlib import Path

from confide.provision import ensure_tls
from confide.settings import Settings

from . import kdf, office
from .config import MIB, Profile
from .servers import Server

SERVE_HOSTNAMES = ["localhost", "127.0.0.1"]
"""The names ``confide serve`` puts in its self-signed certificate."""


class Run:
    """The office, the two servers and the settings they share."""

    def __init__(self, profile: Profile, workdir: Path) -> None:
        """Provision the office in ``workdir``."""
        self.profile = profile
        self.workdir = workdir
        self.office = office.create(
            workdir,
            database=profile.database,
            settings_for={
                "demo": profile.demo,
                "receipt_kdf": kdf.params_of(profile.login_kdf),
                "password_kdf": kdf.params_of(profile.password_kdf),
                "https": False,
            },
        )
        self.settings = {
            "CONFIDE_DEMO": "1" if profile.demo else "0",
            "CONFIDE_RECEIPT_KDF": profile.login_kdf,
            "CONFIDE_PASSWORD_KDF": profile.password_kdf,
            "CONFIDE_HTTPS": "0",
            "CONFIDE_MAX_FILE_BYTES": str(profile.file_bytes + 16 * MIB),
            "CONFIDE_MAX_CASE_BYTES": str(2 * profile.file_bytes + 64 * MIB),
            "CONFIDE_SESSION_IDLE_SECONDS": "3600",
        }
        self.console: Server | None = None
        self.gateway: Server | None = None

    @property
    def log(self) -> Path:
        """Where the servers' own output goes."""
        return self.workdir / "servers.log"

    def env(self, **overrides: str) -> dict[str, str]:
        """The process environment: ours, with no stray CONFIDE_* variable inherited."""
        base = {k: v for k, v in os.environ.items() if not k.startswith("CONFIDE_")}
        return {
            **base,
            **self.settings,
            **overrides,
            "CONFIDE_DATA_DIR": str(self.office.data_dir),
            "CONFIDE_DATABASE_URL": self.office.database_url,
        }

    def tls_files(self) -> tuple[Path, Path]:
        """The certificate and key ``confide serve`` would use (made on first use)."""
        return ensure_tls(Settings(data_dir=self.office.data_dir), SERVE_HOSTNAMES)

    def _server(self, name: str, factory: str, tls: bool, **overrides: str) -> Server:
        https = {"CONFIDE_HTTPS": "1" if tls else "0"}
        return Server(
            name,
            factory,
            self.env(**overrides, **https),
            self.log,
            tls=self.tls_files() if tls else None,
        )

    def start_console(self, *, tls: bool = False) -> Server:
        """(Re)start the console, with or without TLS."""
        if self.console is not None:
            self.console.stop()
        self.console = self._server("console", "reviewer_console.app:from_environment", tls)
        self.console.start("/login")
        return self.console

    def start_gateway(self, receipt_kdf: str, *, tls: bool = False) -> Server:
        """(Re)start the gateway with a receipt KDF setting, with or without TLS."""
        if self.gateway is not None:
            self.gateway.stop()
        self.gateway = self._server(
            "gateway", "gateway.app:from_environment", tls, CONFIDE_RECEIPT_KDF=receipt_kdf
        )
        self.gateway.start("/")
        return self.gateway

    def stop(self) -> None:
        """Stop both servers."""
        for server in (self.gateway, self.console):
            if server is not None:
                server.stop()
