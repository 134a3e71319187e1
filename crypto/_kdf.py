"""Argon2id key derivation: the one place where a password or receipt becomes a key.

Every slow derivation in Confide (unwrapping a principal's seed, turning a receipt into a
lookup id and keys) goes through :func:`derive_key`, which calls argon2-cffi's
``hash_secret_raw`` with ``Type.ID`` (Argon2 version 0x13). Keeping it in one function
makes the cost of each login auditable: tests count calls to ``crypto._kdf.derive_key`` to
prove that a login costs exactly one Argon2id run, whether it succeeds or not. Other
modules therefore call it as ``_kdf.derive_key(...)`` through this module, never through a
``from`` import that a monkeypatch would not see.

Parameters travel as a frozen :class:`KdfParams` and are stored next to every wrap so they
can be raised later. :data:`PRODUCTION_KDF` follows RFC 9106's second recommended option
(64 MiB, 3 passes, one lane). :data:`TEST_KDF` is deliberately weak and for tests only.
"""

from __future__ import annotations

from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw

from ._errors import FormatError

__all__ = [
    "KDF_MAX_MEMORY_KIB",
    "KDF_MAX_OUTPUT_BYTES",
    "KDF_MIN_MEMORY_KIB_PER_LANE",
    "KDF_MIN_OUTPUT_BYTES",
    "KDF_SALT_BYTES",
    "PRODUCTION_KDF",
    "TEST_KDF",
    "KdfParams",
    "derive_key",
]

KDF_SALT_BYTES = 16
"""Length of a fresh Argon2id salt, and the minimum accepted by :func:`derive_key`."""

KDF_MIN_MEMORY_KIB_PER_LANE = 8
"""Argon2 needs at least 8 KiB of memory per lane."""

KDF_MAX_MEMORY_KIB = 4 * 1024 * 1024
"""Upper bound on memory (4 GiB), far above any sane setting, to refuse absurd headers."""

KDF_MIN_OUTPUT_BYTES = 16
"""Shortest output :func:`derive_key` will produce."""

KDF_MAX_OUTPUT_BYTES = 1024
"""Longest output :func:`derive_key` will produce."""

_U32_MAX = 2**32 - 1
_ARGON2_VERSION = 0x13


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Argon2id cost parameters.

    Attributes:
        memory_kib: Memory cost in KiB (at least 8 per lane, at most 4 GiB).
        iterations: Number of passes over memory (at least 1).
        parallelism: Number of lanes (at least 1).
    """

    memory_kib: int
    iterations: int
    parallelism: int = 1

    def __post_init__(self) -> None:
        """Refuse parameters Argon2id cannot run or that no sane header would carry.

        Raises:
            FormatError: A value is not an int, is out of range, or memory is below
                8 KiB per lane.
        """
        for name in ("memory_kib", "iterations", "parallelism"):
            value = getattr(self, name)
            if not _is_int(value):
                raise FormatError(f"KDF {name} must be an int")
            if value < 1 or value > _U32_MAX:
                raise FormatError(f"KDF {name} is out of range")
        if self.memory_kib < KDF_MIN_MEMORY_KIB_PER_LANE * self.parallelism:
            raise FormatError("KDF memory_kib must be at least 8 KiB per lane")
        if self.memory_kib > KDF_MAX_MEMORY_KIB:
            raise FormatError("KDF memory_kib exceeds 4 GiB")


PRODUCTION_KDF = KdfParams(memory_kib=65536, iterations=3, parallelism=1)
"""Argon2id at 64 MiB and 3 passes: the production default (RFC 9106, option 2)."""

TEST_KDF = KdfParams(memory_kib=64, iterations=1, parallelism=1)
"""Cheap parameters for tests only. Never use them for real data."""


def derive_key(secret: bytes, salt: bytes, params: KdfParams, length: int) -> bytes:
    """Derive key material from a low-entropy secret with Argon2id.

    Args:
        secret: The password or receipt, already encoded to bytes.
        salt: At least :data:`KDF_SALT_BYTES` bytes of salt.
        params: The Argon2id cost parameters.
        length: Number of bytes to derive (16 to 1024).

    Returns:
        ``length`` bytes of key material.

    Raises:
        FormatError: The salt is too short or ``length`` is out of range.
    """
    if len(salt) < KDF_SALT_BYTES:
        raise FormatError(f"KDF salt must be at least {KDF_SALT_BYTES} bytes")
    if not _is_int(length) or not KDF_MIN_OUTPUT_BYTES <= length <= KDF_MAX_OUTPUT_BYTES:
        raise FormatError("KDF output length is out of range")
    return hash_secret_raw(
        secret=bytes(secret),
        salt=bytes(salt),
        time_cost=params.iterations,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=length,
        type=Type.ID,
        version=_ARGON2_VERSION,
    )
