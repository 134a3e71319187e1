"""Ed25519 signatures by a principal's signing key.

A reporter's consent is a detached Ed25519 signature by the receipt-derived signing key
over the exact request text (DESIGN.md, "A report's life"); officers sign the same way.
Signatures are the plain 64-byte RFC 8032 form so that anyone holding the 32-byte verify
key can check them with any Ed25519 implementation.
"""

from __future__ import annotations

import nacl.exceptions
from nacl.signing import VerifyKey

from ._errors import SignatureError
from ._keys import PrincipalKeys

__all__ = ["SIGNATURE_BYTES", "VERIFY_KEY_BYTES", "sign", "verify_signature"]

SIGNATURE_BYTES = 64
"""Length of a detached Ed25519 signature."""

VERIFY_KEY_BYTES = 32
"""Length of an Ed25519 verify key."""


def sign(keys: PrincipalKeys, message: bytes) -> bytes:
    """Sign a message with a principal's Ed25519 key.

    Args:
        keys: The signer's keys.
        message: The exact bytes to sign.

    Returns:
        The :data:`SIGNATURE_BYTES`-byte detached signature.
    """
    return keys.signing.sign(bytes(message)).signature


def verify_signature(verify_key: bytes, message: bytes, signature: bytes) -> None:
    """Check a detached Ed25519 signature.

    Args:
        verify_key: The signer's 32-byte verify key.
        message: The exact bytes that were signed.
        signature: The 64-byte detached signature.

    Raises:
        SignatureError: The signature does not verify, or the key or signature is
            malformed.
    """
    if len(verify_key) != VERIFY_KEY_BYTES or len(signature) != SIGNATURE_BYTES:
        raise SignatureError("malformed verify key or signature")
    try:
        VerifyKey(bytes(verify_key)).verify(bytes(message), bytes(signature))
    except nacl.exceptions.CryptoError as error:
        raise SignatureError("the signature does not verify") from error
