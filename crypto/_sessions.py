"""Split-key sessions: the server keeps the ciphertext, the cookie keeps the key.

After a login the unwrapped secret (a principal's seed) must stay usable for the session
without ever resting in plaintext on the server. :func:`seal_session` encrypts it under a
fresh random session key::

    session_key  = 32 random bytes                      -> the cookie only
    server_half  = 0x01 || nonce (24) || XChaCha20-Poly1305(secret) || tag (16),
                   AD = 0x01 || b"confide-session-v1"  -> the database
    row id       = BLAKE2b-256(session_key, person=b"confide-sessid")

The server half is stored under :func:`session_lookup_id`, so the cookie alone names the
row, but the row alone cannot be opened, and the stored id cannot be turned back into the
key (BLAKE2b is one-way). Neither half alone opens anything: a database dump holds only
ciphertext, a stolen cookie is useless once logout or expiry has deleted the row. Because
all state is in the database and the cookie, any replica can serve any request.
"""

from __future__ import annotations

import nacl.utils
from nacl.encoding import RawEncoder
from nacl.hash import blake2b

from ._aead import aead_decrypt, aead_encrypt
from ._errors import FormatError

__all__ = [
    "SESSION_KEY_BYTES",
    "SESSION_LOOKUP_ID_BYTES",
    "open_session",
    "seal_session",
    "session_lookup_id",
]

SESSION_KEY_BYTES = 32
"""Length of the session key carried by the cookie."""

SESSION_LOOKUP_ID_BYTES = 32
"""Length of the database id of a server half."""

_SESSION_VERSION = 0x01
_SESSION_LABEL = b"confide-session-v1"
_PERSON_SESSION_ID = b"confide-sessid"


def seal_session(secret: bytes) -> tuple[bytes, bytes]:
    """Split a secret into a cookie half (the key) and a server half (the ciphertext).

    Args:
        secret: The secret to keep for the session, such as a principal's seed.

    Returns:
        ``(session_key, server_half)``.
    """
    session_key = nacl.utils.random(SESSION_KEY_BYTES)
    return session_key, aead_encrypt(session_key, secret, _SESSION_VERSION, _SESSION_LABEL)


def open_session(session_key: bytes, server_half: bytes) -> bytes:
    """Rejoin the two halves of a session.

    Args:
        session_key: The key from the cookie.
        server_half: The ciphertext from the database.

    Returns:
        The secret.

    Raises:
        FormatError: The key or the server half is malformed (wrong length or version).
        DecryptionError: The halves do not belong together, or one was tampered with.
    """
    if len(session_key) != SESSION_KEY_BYTES:
        raise FormatError(f"a session key is {SESSION_KEY_BYTES} bytes")
    return aead_decrypt(session_key, server_half, _SESSION_VERSION, _SESSION_LABEL)


def session_lookup_id(session_key: bytes) -> bytes:
    """Compute the database id of a session's server half from the cookie's key.

    Args:
        session_key: The key from the cookie.

    Returns:
        :data:`SESSION_LOOKUP_ID_BYTES` bytes; they do not reveal the key.

    Raises:
        FormatError: The key is not :data:`SESSION_KEY_BYTES` bytes long.
    """
    if len(session_key) != SESSION_KEY_BYTES:
        raise FormatError(f"a session key is {SESSION_KEY_BYTES} bytes")
    return blake2b(
        bytes(session_key),
        digest_size=SESSION_LOOKUP_ID_BYTES,
        person=_PERSON_SESSION_ID,
        encoder=RawEncoder,
    )
