"""Principal keys: one 32-byte seed, two key pairs.

Every principal (officer, director, external reviewer, filer, and a reporter through their
receipt) holds a single 32-byte seed. Everything else is derived from it with BLAKE2b-256
under a distinct personalisation string, so the derived keys are independent of each other
and no key is ever used for two purposes::

    X25519 box private key   = BLAKE2b-256(seed, person=b"confide-box")
    Ed25519 signing seed     = BLAKE2b-256(seed, person=b"confide-sign")
    principal record key     = BLAKE2b-256(seed, person=b"confide-rec")

Storing only the seed (wrapped under the password, see :mod:`crypto.seedwrap`) keeps the
stored secret small and lets new purposes be derived later without a migration.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import nacl.utils
from nacl.encoding import RawEncoder
from nacl.hash import blake2b
from nacl.public import PrivateKey
from nacl.signing import SigningKey

from ._errors import FormatError

__all__ = [
    "PRINCIPAL_RECORD_KEY_BYTES",
    "SEED_BYTES",
    "PrincipalKeys",
    "derive_keys",
    "generate_seed",
    "principal_record_key",
]

SEED_BYTES = 32
"""Length of a principal's seed."""

PRINCIPAL_RECORD_KEY_BYTES = 32
"""Length of the symmetric key that protects a principal's own secrets."""

_PERSON_BOX = b"confide-box"
_PERSON_SIGN = b"confide-sign"
_PERSON_RECORD = b"confide-rec"


def _derive(seed: bytes, person: bytes) -> bytes:
    if len(seed) != SEED_BYTES:
        raise FormatError(f"a seed is {SEED_BYTES} bytes")
    return blake2b(bytes(seed), digest_size=32, person=person, salt=b"", encoder=RawEncoder)


def generate_seed() -> bytes:
    """Draw a fresh principal seed from the OS CSPRNG.

    Returns:
        :data:`SEED_BYTES` random bytes.
    """
    return nacl.utils.random(SEED_BYTES)


@dataclass(frozen=True)
class PrincipalKeys:
    """A principal's private keys, derived from their seed.

    Attributes:
        box: The X25519 private key that opens case-key grants sealed to the principal.
        signing: The Ed25519 key that signs consents and declarations.
    """

    box: PrivateKey = field(repr=False)
    signing: SigningKey = field(repr=False)

    @property
    def box_public(self) -> bytes:
        """The 32-byte X25519 public key that grants are sealed to."""
        return bytes(self.box.public_key)

    @property
    def verify_key(self) -> bytes:
        """The 32-byte Ed25519 public key that checks this principal's signatures."""
        return bytes(self.signing.verify_key)


def derive_keys(seed: bytes) -> PrincipalKeys:
    """Derive a principal's box and signing keys from their seed.

    Args:
        seed: The principal's :data:`SEED_BYTES`-byte seed.

    Returns:
        The derived :class:`PrincipalKeys`.

    Raises:
        FormatError: The seed is not :data:`SEED_BYTES` bytes long.
    """
    return PrincipalKeys(
        box=PrivateKey(_derive(seed, _PERSON_BOX)),
        signing=SigningKey(_derive(seed, _PERSON_SIGN)),
    )


def principal_record_key(seed: bytes) -> bytes:
    """Derive the symmetric key that encrypts a principal's own secrets (e.g. TOTP).

    Args:
        seed: The principal's :data:`SEED_BYTES`-byte seed.

    Returns:
        A :data:`PRINCIPAL_RECORD_KEY_BYTES`-byte key for :func:`crypto.encrypt_record`.

    Raises:
        FormatError: The seed is not :data:`SEED_BYTES` bytes long.
    """
    return _derive(seed, _PERSON_RECORD)
