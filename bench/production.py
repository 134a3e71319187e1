"""An office with the production Argon2id, and the environment its servers start with.

The focused console runs (:mod:`bench.inbox_only`, :mod:`bench.signin_flood`) measure pages
of signed-in officers, so they need the real key derivation (a sign-in flood is only a
flood at the real cost) and the same settings in the harness and in the server processes.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import kdf, office
from .config import FULL


def production_office(workdir: Path, database: str) -> tuple[office.Office, dict[str, str]]:
    """A fresh office under ``workdir`` and the ``CONFIDE_*`` environment for its servers."""
    the_office = office.create(
        workdir,
        database=database,
        settings_for={
            "demo": False,
            "receipt_kdf": kdf.params_of(FULL.login_kdf),
            "password_kdf": kdf.params_of(FULL.password_kdf),
            "https": False,
        },
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CONFIDE_")},
        "CONFIDE_DEMO": "0",
        "CONFIDE_RECEIPT_KDF": FULL.login_kdf,
        "CONFIDE_PASSWORD_KDF": FULL.password_kdf,
        "CONFIDE_HTTPS": "0",
        "CONFIDE_SESSION_IDLE_SECONDS": "3600",
        "CONFIDE_DATA_DIR": str(the_office.data_dir),
        "CONFIDE_DATABASE_URL": the_office.database_url,
    }
    return the_office, env
