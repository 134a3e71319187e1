"""Argon2id key derivation: the one place where a password or receipt becomes a key.

Every slow derivation in Confide (unwrapping a principal's seed, turning a receipt into a
lookup id and keys) goes through :func:`derive_key`. Keeping it in one function makes the
cost of each login auditable: tests count calls to ``crypto._kdf.derive_key`` to prove that
a login costs exactly one Argon2id run, whether it succeeds or not. Other modules therefore
call it as ``_kdf.derive_key(...)`` through this module, never through a ``from`` import
that a monkeypatch would not see.

One function, two implementations of the same function (Argon2id, version 0x13, no secret
key, no associated data), chosen per call:

- **libsodium** (``crypto_pwhash`` through PyNaCl) whenever it can compute the derivation:
  it runs exactly one lane and takes exactly a 16-byte salt, an output of at least 16
  bytes, at least one pass and at least 8 KiB (:func:`libsodium_refusal` names what it
  cannot do). It picks AVX2 or AVX-512 code at run time and is 1.5-2.4 times faster than
  argon2-cffi on such CPUs, for the same parameters; the benchmark (``bench/kdf.py``)
  measures both on the machine it runs on, so the choice stays a measured one.
- **argon2-cffi** (``hash_secret_raw`` with ``Type.ID``) otherwise: more than one lane, or
  a salt longer than 16 bytes.

Both give byte-identical output for the same parameters (RFC 9106 fixes the function, and
the known-answer tests in ``tests/crypto/test_crypto_kdf.py`` pin both to the same bytes for
several parameter sets), so receipts and password wraps made by either open with the other.
Both release the GIL, so the admission pool's threads run in parallel with either.

Parameters travel as a frozen :class:`KdfParams` and are stored next to every wrap so they
can be raised later. :data:`PRODUCTION_KDF` follows RFC 9106's second recommended option
(64 MiB, 3 passes, one lane). :data:`TEST_KDF` is deliberately weak and for tests only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from argon2.low_level import Type, hash_secret_raw
from nacl import bindings as _sodium

from ._errors import FormatError

__all__ = [
    "KDF_MAX_MEMORY_KIB",
    "KDF_MAX_OUTPUT_BYTES",
    "KDF_MIN_MEMORY_KIB_PER_LANE",
    "KDF_MIN_OUTPUT_BYTES",
    "KDF_SALT_BYTES",
    "PRODUCTION_KDF",
    "TEST_KDF",
    "KdfImplementation",
    "KdfParams",
    "derive_key",
    "kdf_implementation",
    "libsodium_refusal",
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


class KdfImplementation(StrEnum):
    """The two implementations of Argon2id that :func:`derive_key` can call."""

    LIBSODIUM = "libsodium"
    ARGON2_CFFI = "argon2-cffi"


def libsodium_refusal(
    params: KdfParams, *, salt_bytes: int = KDF_SALT_BYTES, length: int = 32, secret_bytes: int = 0
) -> str | None:
    """Say why libsodium's ``crypto_pwhash`` cannot compute a derivation, if it cannot.

    libsodium's Argon2id always runs one lane, takes a salt of exactly
    ``crypto_pwhash_SALTBYTES`` (16) bytes, and bounds the output length, the passes
    (``opslimit``), the memory in bytes (``memlimit``) and the secret's length. Anything
    outside those bounds is derived by argon2-cffi instead.

    Args:
        params: The Argon2id cost parameters.
        salt_bytes: Length of the salt.
        length: Number of bytes to derive.
        secret_bytes: Length of the secret.

    Returns:
        ``None`` when libsodium can derive it, otherwise the reason in a few words.
    """
    memory_bytes = params.memory_kib * 1024
    if params.parallelism != 1:
        return "libsodium runs one lane only"
    if salt_bytes != _sodium.crypto_pwhash_SALTBYTES:
        return f"libsodium takes a salt of exactly {_sodium.crypto_pwhash_SALTBYTES} bytes"
    if not _sodium.crypto_pwhash_BYTES_MIN <= length <= _sodium.crypto_pwhash_BYTES_MAX:
        return "the output length is outside libsodium's bounds"
    if not (
        _sodium.crypto_pwhash_argon2id_OPSLIMIT_MIN
        <= params.iterations
        <= _sodium.crypto_pwhash_argon2id_OPSLIMIT_MAX
    ):
        return "the number of passes is outside libsodium's bounds"
    if not (
        _sodium.crypto_pwhash_argon2id_MEMLIMIT_MIN
        <= memory_bytes
        <= _sodium.crypto_pwhash_argon2id_MEMLIMIT_MAX
    ):
        return "the memory is outside libsodium's bounds"
    if secret_bytes > _sodium.crypto_pwhash_PASSWD_MAX:
        return "the secret is longer than libsodium accepts"
    return None


def kdf_implementation(
    params: KdfParams, *, salt_bytes: int = KDF_SALT_BYTES, length: int = 32
) -> KdfImplementation:
    """The implementation :func:`derive_key` uses for these parameters.

    Args:
        params: The Argon2id cost parameters.
        salt_bytes: Length of the salt.
        length: Number of bytes to derive.

    Returns:
        :attr:`KdfImplementation.LIBSODIUM` when libsodium can derive it, otherwise
        :attr:`KdfImplementation.ARGON2_CFFI`.
    """
    refused = libsodium_refusal(params, salt_bytes=salt_bytes, length=length)
    return KdfImplementation.ARGON2_CFFI if refused else KdfImplementation.LIBSODIUM


def _libsodium(secret: bytes, salt: bytes, params: KdfParams, length: int) -> bytes:
    return _sodium.crypto_pwhash_alg(
        length,
        secret,
        salt,
        params.iterations,
        params.memory_kib * 1024,
        _sodium.crypto_pwhash_ALG_ARGON2ID13,
    )


def _argon2_cffi(secret: bytes, salt: bytes, params: KdfParams, length: int) -> bytes:
    return hash_secret_raw(
        secret=secret,
        salt=salt,
        time_cost=params.iterations,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=length,
        type=Type.ID,
        version=_ARGON2_VERSION,
    )


def derive_key(
    secret: bytes,
    salt: bytes,
    params: KdfParams,
    length: int,
    *,
    implementation: KdfImplementation | None = None,
) -> bytes:
    """Derive key material from a low-entropy secret with Argon2id.

    Args:
        secret: The password or receipt, already encoded to bytes.
        salt: At least :data:`KDF_SALT_BYTES` bytes of salt.
        params: The Argon2id cost parameters.
        length: Number of bytes to derive (16 to 1024).
        implementation: Force one implementation (the known-answer tests and the
            benchmark compare them); by default libsodium whenever it can derive this,
            argon2-cffi otherwise. The output is the same either way.

    Returns:
        ``length`` bytes of key material.

    Raises:
        FormatError: The salt is too short, ``length`` is out of range, or libsodium was
            asked for a derivation it cannot compute (the message says why).
    """
    if len(salt) < KDF_SALT_BYTES:
        raise FormatError(f"KDF salt must be at least {KDF_SALT_BYTES} bytes")
    if not _is_int(length) or not KDF_MIN_OUTPUT_BYTES <= length <= KDF_MAX_OUTPUT_BYTES:
        raise FormatError("KDF output length is out of range")
    secret, salt = bytes(secret), bytes(salt)
    refused = libsodium_refusal(
        params, salt_bytes=len(salt), length=length, secret_bytes=len(secret)
    )
    if implementation is None:
        implementation = KdfImplementation.ARGON2_CFFI if refused else KdfImplementation.LIBSODIUM
    if implementation is KdfImplementation.ARGON2_CFFI:
        return _argon2_cffi(secret, salt, params, length)
    if refused:
        raise FormatError(f"libsodium cannot derive this key: {refused}")
    return _libsodium(secret, salt, params, length)
