"""Random identifiers: row ids reveal neither order nor volume."""

import secrets


def new_id() -> str:
    """A random 128-bit identifier as 32 hexadecimal characters."""
    return secrets.token_hex(16)


def case_reference(case_id: str) -> str:
    """The short form officers read and say aloud: ``C-1A2B-3C4D``."""
    head = case_id[:8].upper()
    return f"C-{head[:4]}-{head[4:]}"
