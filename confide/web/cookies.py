"""Session cookie values: a 32-byte key as unpadded URL-safe base64, and back.

Both apps keep the client half of a split session key in an HttpOnly cookie (DESIGN.md,
"Sessions"). Decoding is strict: anything that is not exactly a key of the expected length
is no session (None), never an exception, so a forged or truncated cookie costs nothing.
"""

import base64
import binascii

KEY_BYTES = 32


def encode_key(key: bytes) -> str:
    """The cookie value for ``key``."""
    return base64.urlsafe_b64encode(key).decode().rstrip("=")


def decode_key(value: str | None, length: int = KEY_BYTES) -> bytes | None:
    """The key in a cookie value, or None when the value is not one."""
    if not value or len(value) > 2 * length:
        return None
    try:
        key = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return None
    return key if len(key) == length and encode_key(key) == value else None
