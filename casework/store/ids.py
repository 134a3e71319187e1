"""Random identifiers: row ids reveal neither order nor volume."""

import secrets

ID_CHARS = 32
"""The length of every id :func:`new_id` makes."""


def new_id() -> str:
    """A random 128-bit identifier as 32 hexadecimal characters."""
    return secrets.token_hex(ID_CHARS // 2)


def case_reference(case_id: str) -> str:
    """The short form officers read and say aloud: ``C-1A2B-3C4D``."""
    head = case_id[:8].upper()
    return f"C-{head[:4]}-{head[4:]}"


def reference_prefix(text: str) -> str | None:
    """The id prefix a typed case reference stands for (``c-1a2b 3c4d`` too), or None.

    A full case id is accepted as well and returned whole.
    """
    cleaned = "".join(ch for ch in text.strip().lower() if ch.isalnum())
    cleaned = cleaned.removeprefix("c") if len(cleaned) == 9 else cleaned
    if len(cleaned) not in (8, 32) or any(ch not in "0123456789abcdef" for ch in cleaned):
        return None
    return cleaned
