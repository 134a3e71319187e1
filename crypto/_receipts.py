"""Receipts: how an anonymous reporter comes back to their case.

A receipt is 20 decimal digits drawn uniformly from the OS CSPRNG and shown as five groups
of four (``1234 5678 9012 3456 7890``): 10^20 ~ 2^66.4 possibilities, so 66 bits. It is the
reporter's only credential, so nothing about the case is stored that a receipt could be
checked against cheaply.

Derivation (:func:`derive_receipt`), one Argon2id run per login::

    out        = Argon2id(receipt ASCII digits, office_salt, params, 64 bytes)
    lookup_id  = BLAKE2b-256(out[:32], key=pepper, person=b"confide-lookup")
    seed       = BLAKE2b-256(out[32:], person=b"confide-rcpt")

The lookup id is the indexed database key of the case, so a login is one Argon2id run and
one indexed lookup whatever the number of cases. The seed is hashed once more (rather than
used directly) so that it is domain-separated from every other use of Argon2id output; it
becomes the reporter's principal seed (box and signing keys, :func:`crypto.derive_keys`),
which opens the case-key grant and signs consents.

Why this resists guessing (DESIGN.md, G5):

- Online, every guess costs the server one Argon2id run, and admission control bounds the
  rate; a wrong receipt costs exactly as much as a right one.
- With the database alone, lookup ids are useless: they are keyed with the pepper, which
  lives outside the database and its backups.
- With the database and the pepper, the salt is office-wide, so one Argon2id evaluation
  tests a guess against all N stored lookup ids at once. Opening some case takes on
  average 2^66 / N / 2 evaluations: for N = 10^6 ~ 2^20 cases that is 2^66 / 2^20 = 2^46
  to cover the space once and about 2^45 expected, each at 64 MiB and 3 passes.
  A per-case salt would make it 2^65 per case but would cost N Argon2id runs per login.
"""

from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass, field

import nacl.utils
from nacl.encoding import RawEncoder
from nacl.hash import blake2b

from . import _kdf
from ._errors import FormatError, ReceiptFormatError
from ._kdf import KdfParams
from ._keys import PrincipalKeys, derive_keys

__all__ = [
    "LOOKUP_ID_BYTES",
    "OFFICE_SALT_BYTES",
    "PEPPER_BYTES",
    "RECEIPT_DIGITS",
    "RECEIPT_GROUP",
    "RECEIPT_MAX_INPUT_CHARS",
    "ReceiptSecrets",
    "derive_receipt",
    "format_receipt",
    "generate_office_salt",
    "generate_pepper",
    "generate_receipt",
    "normalise_receipt",
]

RECEIPT_DIGITS = 20
"""Number of decimal digits in a receipt (about 66 bits)."""

RECEIPT_GROUP = 4
"""Digits per displayed group."""

RECEIPT_MAX_INPUT_CHARS = 200
"""Longer typed input is refused before any per-character work."""

OFFICE_SALT_BYTES = 16
"""Length of the office-wide Argon2id salt for receipts."""

PEPPER_BYTES = 32
"""Length of the server-side pepper kept outside the database."""

LOOKUP_ID_BYTES = 32
"""Length of a case's lookup id."""

_KDF_OUTPUT_BYTES = 64
_HALF_BYTES = 32
_PERSON_LOOKUP = b"confide-lookup"
_PERSON_RECEIPT_SEED = b"confide-rcpt"
_DASHES = frozenset("\u2212\u2043\ufe63")  # minus sign, hyphen bullet, small hyphen-minus
_DOTS = frozenset(".\u00b7\u2024\u2027\u3002\ufe52\uff0e\uff61")


def generate_receipt() -> str:
    """Draw a fresh receipt, uniform over all 10^20 values, from the OS CSPRNG.

    Returns:
        :data:`RECEIPT_DIGITS` ASCII digits, without separators.
    """
    return f"{secrets.randbelow(10**RECEIPT_DIGITS):0{RECEIPT_DIGITS}d}"


def _is_separator(char: str) -> bool:
    category = unicodedata.category(char)
    return (
        char.isspace()
        or category in {"Zs", "Zl", "Zp", "Pd", "Cf"}
        or char in _DASHES
        or char in _DOTS
    )


def normalise_receipt(text: str) -> str:
    """Turn a receipt as typed or pasted into its 20 ASCII digits.

    Spaces of every kind, tabs, newlines, invisible format characters (such as
    direction marks copied with Arabic-Indic digits), dashes, minus signs and dots are
    dropped. Decimal digits of any script (full-width, Arabic-Indic, Persian, Devanagari,
    ...) are mapped to ASCII with :func:`unicodedata.decimal`.

    Args:
        text: The receipt as the reporter typed it.

    Returns:
        Exactly :data:`RECEIPT_DIGITS` ASCII digits.

    Raises:
        ReceiptFormatError: Anything other than 20 digits remains. The message does not
            echo the input.
    """
    if len(text) > RECEIPT_MAX_INPUT_CHARS:
        raise ReceiptFormatError("a receipt is 20 digits")
    digits: list[str] = []
    for char in text:
        if _is_separator(char):
            continue
        value = unicodedata.decimal(char, None)
        if value is None:
            raise ReceiptFormatError("a receipt contains only digits")
        digits.append(str(value))
    if len(digits) != RECEIPT_DIGITS:
        raise ReceiptFormatError("a receipt is 20 digits")
    return "".join(digits)


def format_receipt(receipt: str) -> str:
    """Format a receipt for display as five groups of four digits.

    Args:
        receipt: The receipt, normalised or as typed.

    Returns:
        The receipt as ``"1234 5678 9012 3456 7890"``.

    Raises:
        ReceiptFormatError: The input is not a 20-digit receipt.
    """
    digits = normalise_receipt(receipt)
    return " ".join(
        digits[start : start + RECEIPT_GROUP] for start in range(0, RECEIPT_DIGITS, RECEIPT_GROUP)
    )


def generate_office_salt() -> bytes:
    """Draw the office-wide receipt salt (made once, at ``confide init``).

    Returns:
        :data:`OFFICE_SALT_BYTES` random bytes.
    """
    return nacl.utils.random(OFFICE_SALT_BYTES)


def generate_pepper() -> bytes:
    """Draw the server-side pepper (kept outside the database and its backups).

    Returns:
        :data:`PEPPER_BYTES` random bytes.
    """
    return nacl.utils.random(PEPPER_BYTES)


@dataclass(frozen=True)
class ReceiptSecrets:
    """What a receipt turns into.

    Attributes:
        lookup_id: The case's :data:`LOOKUP_ID_BYTES`-byte database key.
        seed: The reporter's 32-byte principal seed.
    """

    lookup_id: bytes
    seed: bytes = field(repr=False)

    @property
    def keys(self) -> PrincipalKeys:
        """The reporter's box and signing keys, derived from :attr:`seed`."""
        return derive_keys(self.seed)


def derive_receipt(
    receipt: str, *, office_salt: bytes, pepper: bytes, params: KdfParams
) -> ReceiptSecrets:
    """Turn a receipt into its lookup id and seed with one Argon2id run.

    Args:
        receipt: The receipt, normalised or as typed.
        office_salt: The :data:`OFFICE_SALT_BYTES`-byte office-wide salt.
        pepper: The :data:`PEPPER_BYTES`-byte server-side pepper.
        params: Argon2id parameters (``PRODUCTION_KDF`` in production).

    Returns:
        The :class:`ReceiptSecrets` of this receipt.

    Raises:
        ReceiptFormatError: The receipt is not 20 digits.
        FormatError: The salt or pepper has the wrong length.
    """
    digits = normalise_receipt(receipt)
    if len(office_salt) != OFFICE_SALT_BYTES:
        raise FormatError(f"the office salt is {OFFICE_SALT_BYTES} bytes")
    if len(pepper) != PEPPER_BYTES:
        raise FormatError(f"the pepper is {PEPPER_BYTES} bytes")
    out = _kdf.derive_key(digits.encode("ascii"), office_salt, params, _KDF_OUTPUT_BYTES)
    lookup_id = blake2b(
        out[:_HALF_BYTES],
        digest_size=LOOKUP_ID_BYTES,
        key=bytes(pepper),
        person=_PERSON_LOOKUP,
        encoder=RawEncoder,
    )
    seed = blake2b(
        out[_HALF_BYTES:], digest_size=32, person=_PERSON_RECEIPT_SEED, encoder=RawEncoder
    )
    return ReceiptSecrets(lookup_id=lookup_id, seed=seed)
