"""What a run does: the full profile of ``make bench`` and the tiny smoke profile of the tests.

The full profile measures submissions at the production receipt KDF (64 MiB, 3 passes) and
at GlobaLeaks' cost (``HEAVY_KDF_TEXT``: 128 MiB, 16 passes), receipt logins at both, and
the submissions, logins and file transfers of the production KDF once more over TLS.

Every phase is bounded, by time or by a fixed number of requests, so that the full run fits
in about twenty minutes on two cores. The smoke profile keeps the same code paths with the
test KDF, SQLite, a handful of cases and a small file, so that ``make test`` proves the
harness still works without measuring anything meaningful.
"""

from __future__ import annotations

from dataclasses import dataclass

PRODUCTION_KDF_TEXT = "65536:3"
HEAVY_KDF_TEXT = "131072:16"
MIB = 1024 * 1024


@dataclass(frozen=True)
class Profile:
    """The knobs of one run."""

    name: str
    database: str  # "postgres" or "sqlite"
    receipt_kdfs: tuple[str, ...]  # CONFIDE_RECEIPT_KDF values for the submission phases
    login_kdf: str  # the receipt KDF of every later phase
    password_kdf: str
    demo: bool  # needed for the test KDF only
    concurrency: tuple[int, ...] = (1, 8, 64)
    submit_seconds: float = 20.0
    submit_max_requests: int = 10_000
    kdf_samples: int = 5
    measured_cases: int = 10
    login_samples: int = 30
    scale_cases: int = 100_000
    file_bytes: int = 1024 * MIB
    inbox_samples: int = 40
    overload_clients: int = 200
    overload_seconds: float = 20.0
    sample_interval: float = 0.05
    heavy_kdf: str = HEAVY_KDF_TEXT  # the receipt KDF of the heavy-cost login phase
    heavy_login_samples: int = 10
    tls: bool = True  # repeat submissions, logins and files over HTTPS


FULL = Profile(
    name="full",
    database="postgres",
    receipt_kdfs=(PRODUCTION_KDF_TEXT, HEAVY_KDF_TEXT),
    login_kdf=PRODUCTION_KDF_TEXT,
    password_kdf=PRODUCTION_KDF_TEXT,
    demo=False,
)

SMOKE = Profile(
    name="smoke",
    database="sqlite",
    receipt_kdfs=("test",),
    login_kdf="test",
    password_kdf="test",
    demo=True,
    concurrency=(1, 4),
    submit_seconds=1.0,
    submit_max_requests=4,
    kdf_samples=2,
    measured_cases=2,
    login_samples=3,
    scale_cases=50,
    file_bytes=3 * MIB,
    inbox_samples=3,
    overload_clients=8,
    overload_seconds=1.0,
    sample_interval=0.02,
    heavy_kdf="test",
    heavy_login_samples=2,
)

PROFILES = {p.name: p for p in (FULL, SMOKE)}
