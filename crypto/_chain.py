"""Hash chains for the access log and the consent log.

Each log entry stores the hash of the entry before it and its own hash::

    hash_0 = GENESIS_HASH (32 zero bytes)
    hash_i = BLAKE2b-256(hash_{i-1} || canonical_encoding(fields_i), person=b"confide-chain")

:func:`canonical_encoding` is deterministic and unambiguous, so two different field maps
never hash alike: fields are sorted by key and each is written as::

    tag (1) || u32be(len(key)) || key (UTF-8) [|| u32be(len(value)) || value]

with tags ``s`` (UTF-8 text), ``i`` (int as ASCII decimal), ``b`` (raw bytes),
``?`` (bool, value 0x00 or 0x01, so ``True`` never equals ``1``) and ``n`` (None, no
value). Callers pass datetimes as ISO 8601 strings; any other type is refused.

:func:`verify_chain` recomputes the chain and names the first broken entry. It detects an
edited entry (its hash no longer matches), a deleted or inserted entry (the next stored
previous-hash no longer matches) and reordered entries. It does not detect truncation of
the tail: dropping the newest entries leaves a valid, shorter chain. Nor can it stop
someone with write access from recomputing every hash after an edit. Both need an external
anchor: the count and head hash recorded outside the database (e.g. printed by the check
command into the annual report, or signed), then passed back as ``start_hash`` or compared
with the returned count.
"""

from __future__ import annotations

import hmac
import struct
from collections.abc import Iterable, Mapping

from nacl.encoding import RawEncoder
from nacl.hash import blake2b

from ._errors import ChainError, FormatError

__all__ = [
    "CHAIN_HASH_BYTES",
    "GENESIS_HASH",
    "ChainValue",
    "canonical_encoding",
    "entry_hash",
    "verify_chain",
]

CHAIN_HASH_BYTES = 32
"""Length of an entry hash."""

GENESIS_HASH = bytes(CHAIN_HASH_BYTES)
"""The previous hash of the first entry: 32 zero bytes."""

ChainValue = str | int | bytes | None | bool
"""The types a chained log field may hold."""

_PERSON_CHAIN = b"confide-chain"
_TAG_STR = b"s"
_TAG_INT = b"i"
_TAG_BYTES = b"b"
_TAG_BOOL = b"?"
_TAG_NONE = b"n"


def _text(value: str) -> bytes:
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise FormatError("chain text must be valid Unicode") from error


def _prefixed(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def _encode_value(value: object) -> tuple[bytes, bytes | None]:
    if value is None:
        return _TAG_NONE, None
    if isinstance(value, bool):
        return _TAG_BOOL, b"\x01" if value else b"\x00"
    if isinstance(value, int):
        return _TAG_INT, str(int(value)).encode("ascii")
    if isinstance(value, str):
        return _TAG_STR, _text(value)
    if isinstance(value, bytes):
        return _TAG_BYTES, value
    raise FormatError(f"a chain field cannot hold a {type(value).__name__}")


def canonical_encoding(fields: Mapping[str, ChainValue]) -> bytes:
    """Encode log fields deterministically and unambiguously for hashing.

    Args:
        fields: Field names mapped to str, int, bytes, bool or None values.

    Returns:
        The canonical encoding described in the module docstring.

    Raises:
        FormatError: A key is not a str, a value has another type, or text is not valid
            Unicode.
    """
    if any(not isinstance(key, str) for key in fields):
        raise FormatError("chain field names must be str")
    parts: list[bytes] = []
    for key in sorted(fields):
        tag, value = _encode_value(fields[key])
        parts.append(tag + _prefixed(_text(key)))
        if value is not None:
            parts.append(_prefixed(value))
    return b"".join(parts)


def entry_hash(previous_hash: bytes, fields: Mapping[str, ChainValue]) -> bytes:
    """Hash one log entry onto the chain.

    Args:
        previous_hash: The hash of the entry before (or :data:`GENESIS_HASH`).
        fields: The entry's fields.

    Returns:
        The :data:`CHAIN_HASH_BYTES`-byte hash of this entry.

    Raises:
        FormatError: ``previous_hash`` has the wrong length or a field is unsupported.
    """
    if len(previous_hash) != CHAIN_HASH_BYTES:
        raise FormatError(f"a chain hash is {CHAIN_HASH_BYTES} bytes")
    return blake2b(
        bytes(previous_hash) + canonical_encoding(fields),
        digest_size=CHAIN_HASH_BYTES,
        person=_PERSON_CHAIN,
        encoder=RawEncoder,
    )


def _same_hash(stored: object, expected: bytes) -> bool:
    if not isinstance(stored, bytes | bytearray | memoryview):
        return False
    return hmac.compare_digest(bytes(stored), expected)


def verify_chain(
    entries: Iterable[tuple[object, Mapping[str, ChainValue], bytes, bytes]],
    *,
    start_hash: bytes = GENESIS_HASH,
) -> int:
    """Recompute a hash chain and stop at the first broken entry.

    Args:
        entries: ``(entry_id, fields, stored_previous_hash, stored_hash)`` in log order.
        start_hash: The hash the first entry must follow (an anchor when checking a
            suffix of the log).

    Returns:
        The number of entries verified.

    Raises:
        ChainError: An entry's stored previous hash or stored hash does not match, or
            its fields cannot be encoded; names the entry and its position.
        FormatError: ``start_hash`` has the wrong length.
    """
    if len(start_hash) != CHAIN_HASH_BYTES:
        raise FormatError(f"a chain hash is {CHAIN_HASH_BYTES} bytes")
    running = bytes(start_hash)
    count = 0
    for position, (entry_id, fields, stored_previous, stored_hash) in enumerate(entries):
        if not _same_hash(stored_previous, running):
            raise ChainError(entry_id, position)
        try:
            expected = entry_hash(running, fields)
        except FormatError as error:
            raise ChainError(entry_id, position) from error
        if not _same_hash(stored_hash, expected):
            raise ChainError(entry_id, position)
        running = expected
        count += 1
    return count
