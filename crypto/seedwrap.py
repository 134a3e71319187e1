"""Password-wrapped seeds and office recovery: the only code that unwraps private keys.

This module is public but deliberately not re-exported by :mod:`crypto`: the gateway is
forbidden by an import-linter contract (DESIGN.md, G6) from importing it, directly or
through ``crypto/__init__.py``, so the public side cannot unwrap a principal's seed.

Wrapped seed layout (98 bytes, integers big-endian)::

    version 0x01 (1) || memory_kib u32 (4) || iterations u32 (4) || parallelism u8 (1)
      || salt (16) || nonce (24) || XChaCha20-Poly1305(seed) with tag (48)

The associated data is the whole 50-byte header before the ciphertext. The key is
Argon2id(NFKC(password) as UTF-8, salt, params, 32 bytes). As the header is authenticated,
nobody with write access to the database can lower the stored parameters (or change the
salt) without the unwrap failing. Successful authentication is the password check; there
is no separate password hash. A login for an unknown user unwraps
:func:`dummy_wrapped_seed` instead: the same Argon2id run, the same failure.

Recovery (DESIGN.md, "Recovery"): the office has an X25519 recovery key pair. Each seed is
also sealed to the public half (:func:`seal_seed_to_recovery`). The private half is shown
once as a recovery code, RFC 4648 base32 (no padding) of the 32-byte private key in groups
of four, followed by a four-character checksum group::

    XXXX-XXXX-...-XXXX (13 groups, 52 characters) - CCCC
    CCCC = first 4 base32 characters of BLAKE2b-256(private key, person=b"confide-rcvcode")

The 20-bit checksum catches typos before any decryption. Reading tolerates any case,
spaces, missing dashes, and 0/1/8 typed for O/I/B (which are not in the alphabet).
"""

from __future__ import annotations

import base64
import hmac
import secrets
import unicodedata

from nacl.encoding import RawEncoder
from nacl.hash import blake2b
from nacl.public import PrivateKey

from . import _wrap
from ._errors import DecryptionError, FormatError, WrongPasswordError
from ._kdf import KdfParams
from ._keys import SEED_BYTES, generate_seed
from ._records import open_sealed, seal_to

__all__ = [
    "RECOVERY_CHECKSUM_CHARS",
    "RECOVERY_GROUP_CHARS",
    "RECOVERY_KEY_BYTES",
    "WRAPPED_SEED_BYTES",
    "WRAP_HEADER_BYTES",
    "WRAP_VERSION",
    "dummy_wrapped_seed",
    "generate_recovery",
    "open_with_recovery",
    "recover_seed",
    "recovery_public_key",
    "seal_seed_to_recovery",
    "unwrap_seed",
    "wrap_seed",
    "wrapped_params",
]

WRAP_VERSION = 0x01
WRAP_HEADER_BYTES = _wrap.WRAP_HEADER_BYTES  # 50
WRAPPED_SEED_BYTES = _wrap.WRAPPED_SEED_BYTES  # 98

_DUMMY_PASSWORD_BYTES = 32

RECOVERY_KEY_BYTES = 32  # the X25519 private key a recovery code encodes
RECOVERY_GROUP_CHARS = 4  # characters per dash-separated group
RECOVERY_CHECKSUM_CHARS = 4  # the checksum group: 20 bits

_RECOVERY_KEY_CHARS = 52  # ceil(256 / 5) base32 characters, padding removed
_PERSON_RECOVERY_CODE = b"confide-rcvcode"
_BASE32_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
_TYPO_MAP = str.maketrans({"0": "O", "1": "I", "8": "B"})


def wrap_seed(seed: bytes, password: str, params: KdfParams) -> bytes:
    """Wrap a seed under a password, with the KDF parameters stored and authenticated.

    Args:
        seed: The :data:`~crypto.SEED_BYTES`-byte principal seed.
        password: The password; normalised with NFKC and encoded as UTF-8.
        params: Argon2id parameters (parallelism at most 255).

    Returns:
        The :data:`WRAPPED_SEED_BYTES`-byte wrapped seed.

    Raises:
        FormatError: The seed has the wrong length, the password is not valid Unicode,
            or parallelism does not fit the header.
    """
    return _wrap.wrap(seed, password, params, WRAP_VERSION)


def unwrap_seed(wrapped: bytes, password: str) -> bytes:
    """Unwrap a seed; success is the password check. Costs one Argon2id run.

    Args:
        wrapped: A seed wrapped by :func:`wrap_seed`.
        password: The password to try.

    Returns:
        The seed.

    Raises:
        FormatError: The wrapped seed is malformed or its parameters are invalid.
        WrongPasswordError: The password is wrong, or the wrap was tampered with.
    """
    return _wrap.unwrap(wrapped, password, WRAP_VERSION)


def wrapped_params(wrapped: bytes) -> KdfParams:
    """Read the KDF parameters a seed was wrapped with (to decide on a re-wrap).

    Args:
        wrapped: A seed wrapped by :func:`wrap_seed`.

    Returns:
        The stored :class:`~crypto.KdfParams` (not yet authenticated: only
        :func:`unwrap_seed` proves them).

    Raises:
        FormatError: The wrapped seed is malformed or its parameters are invalid.
    """
    return _wrap.parse_header(wrapped, WRAP_VERSION)[0]


def dummy_wrapped_seed(params: KdfParams) -> bytes:
    """Wrap a random seed under a random password, for equal-work failure paths.

    Make it once (it costs one Argon2id run) and unwrap it whenever a login names an
    unknown user, so that case costs the same as a wrong password.

    Args:
        params: The parameters real wraps use.

    Returns:
        A wrapped seed that no password opens.

    Raises:
        FormatError: ``params`` does not fit the header.
    """
    return wrap_seed(generate_seed(), secrets.token_urlsafe(_DUMMY_PASSWORD_BYTES), params)


def _checksum(private_key: bytes) -> str:
    digest = blake2b(private_key, digest_size=32, person=_PERSON_RECOVERY_CODE, encoder=RawEncoder)
    return base64.b32encode(digest).decode("ascii")[:RECOVERY_CHECKSUM_CHARS]


def _encode_recovery_code(private_key: bytes) -> str:
    body = base64.b32encode(private_key).decode("ascii").rstrip("=") + _checksum(private_key)
    return "-".join(
        body[start : start + RECOVERY_GROUP_CHARS]
        for start in range(0, len(body), RECOVERY_GROUP_CHARS)
    )


def _decode_recovery_code(recovery_code: str) -> bytes:
    compact = "".join(
        char
        for char in unicodedata.normalize("NFKC", recovery_code)
        if not (char.isspace() or unicodedata.category(char) in {"Pd", "Cf"})
    )
    compact = compact.upper().translate(_TYPO_MAP)
    if len(compact) != _RECOVERY_KEY_CHARS + RECOVERY_CHECKSUM_CHARS:
        raise FormatError("a recovery code is 56 characters")
    if not set(compact) <= _BASE32_ALPHABET:
        raise FormatError("a recovery code uses only A-Z and 2-7")
    body, checksum = compact[:_RECOVERY_KEY_CHARS], compact[_RECOVERY_KEY_CHARS:]
    private_key = base64.b32decode(body + "====")  # 52 valid characters always decode
    canonical = base64.b32encode(private_key).decode("ascii").rstrip("=")
    if canonical != body or not hmac.compare_digest(checksum, _checksum(private_key)):
        raise FormatError("the recovery code is mistyped")
    return private_key


def generate_recovery() -> tuple[str, bytes]:
    """Make the office recovery key pair (once, at ``confide init``).

    Returns:
        ``(recovery_code, recovery_box_public)``: the code to show once to the director,
        and the 32-byte X25519 public key to seal every seed to.
    """
    private = PrivateKey.generate()
    return _encode_recovery_code(bytes(private)), bytes(private.public_key)


def recovery_public_key(recovery_code: str) -> bytes:
    """Compute the recovery public key from a recovery code (to check a typed code).

    Args:
        recovery_code: The code, in any case, with or without dashes and spaces.

    Returns:
        The 32-byte X25519 recovery public key.

    Raises:
        FormatError: The code is malformed or its checksum does not match.
    """
    return bytes(PrivateKey(_decode_recovery_code(recovery_code)).public_key)


def seal_seed_to_recovery(seed: bytes, recovery_box_public: bytes) -> bytes:
    """Seal a principal's seed to the office recovery key.

    Args:
        seed: The :data:`~crypto.SEED_BYTES`-byte seed.
        recovery_box_public: The office's 32-byte recovery public key.

    Returns:
        ``0x01 || crypto_box_seal(seed)`` (81 bytes).

    Raises:
        FormatError: The seed or public key is malformed.
    """
    if len(seed) != SEED_BYTES:
        raise FormatError(f"a seed is {SEED_BYTES} bytes")
    return seal_to(seed, recovery_box_public)


def recover_seed(sealed: bytes, recovery_code: str) -> bytes:
    """Open a seed sealed to the recovery key, to reset a lost password.

    Args:
        sealed: The output of :func:`seal_seed_to_recovery`.
        recovery_code: The office recovery code.

    Returns:
        The principal's seed.

    Raises:
        FormatError: The code or sealed seed is malformed.
        WrongPasswordError: The seed is not sealed to this recovery code, or was tampered
            with.
    """
    seed = open_with_recovery(sealed, recovery_code)
    if len(seed) != SEED_BYTES:
        raise FormatError("the sealed box does not hold a seed")
    return seed


def open_with_recovery(sealed: bytes, recovery_code: str) -> bytes:
    """Open anything sealed (:func:`crypto.seal_to`) to the office recovery key.

    Used for seeds (:func:`recover_seed`) and for the key of a filer's draft, which is
    sealed to the recovery key so that a draft survives the filer's new keys.

    Args:
        sealed: ``0x01 || crypto_box_seal(plaintext)`` made for the recovery public key.
        recovery_code: The office recovery code.

    Returns:
        The plaintext.

    Raises:
        FormatError: The code or the sealed box is malformed.
        WrongPasswordError: Not sealed to this recovery code, or tampered with.
    """
    private = PrivateKey(_decode_recovery_code(recovery_code))
    try:
        return open_sealed(sealed, private)
    except DecryptionError as error:
        raise WrongPasswordError("that did not open with the recovery code") from error
