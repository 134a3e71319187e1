"""Tests of the hash chain behind the access and consent logs."""

import datetime
import hashlib
from collections.abc import Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crypto import (
    CHAIN_HASH_BYTES,
    GENESIS_HASH,
    ChainError,
    ChainValue,
    FormatError,
    canonical_encoding,
    entry_hash,
    verify_chain,
)

Entry = tuple[object, Mapping[str, ChainValue], bytes, bytes]

chain_values = st.one_of(st.text(), st.integers(), st.binary(), st.none(), st.booleans())
chain_fields = st.dictionaries(st.text(max_size=8), chain_values, max_size=5)


def build_chain(
    fields_list: list[Mapping[str, ChainValue]], start: bytes = GENESIS_HASH
) -> list[Entry]:
    """Build a valid chain of entries with ids 0, 1, 2, ..."""
    entries: list[Entry] = []
    previous = start
    for entry_id, fields in enumerate(fields_list):
        current = entry_hash(previous, fields)
        entries.append((entry_id, fields, previous, current))
        previous = current
    return entries


def log_fields(count: int) -> list[Mapping[str, ChainValue]]:
    """Return distinct access-log-like field maps."""
    return [
        {"event": "open", "case": index, "at": f"2024-01-{index + 1:02d}"} for index in range(count)
    ]


def test_canonical_encoding_known_answer() -> None:
    """Fields are sorted and each is tag, length-prefixed key and length-prefixed value."""
    fields: dict[str, ChainValue] = {
        "b": b"\x00\xff", "a": "é", "n": None, "i": -12, "t": True, "f": False,
    }  # fmt: skip

    encoded = canonical_encoding(fields)

    assert encoded == (
        b"s\x00\x00\x00\x01a\x00\x00\x00\x02\xc3\xa9"
        b"b\x00\x00\x00\x01b\x00\x00\x00\x02\x00\xff"
        b"?\x00\x00\x00\x01f\x00\x00\x00\x01\x00"
        b"i\x00\x00\x00\x01i\x00\x00\x00\x03-12"
        b"n\x00\x00\x00\x01n"
        b"?\x00\x00\x00\x01t\x00\x00\x00\x01\x01"
    )


def test_entry_hash_known_answer() -> None:
    """The entry hash is personalised BLAKE2b-256 of previous hash and encoding, pinned."""
    fields: dict[str, ChainValue] = {"event": "open", "case": 7}

    digest = entry_hash(GENESIS_HASH, fields)

    assert digest.hex() == "2528961ccae8fe6c1e4861eca93cf17fd9d56f9bad31748fd92a327e7c75bed3"
    expected = hashlib.blake2b(
        GENESIS_HASH + canonical_encoding(fields), digest_size=32, person=b"confide-chain"
    )
    assert digest == expected.digest()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(True, 1, id="true-vs-1"),
        pytest.param(False, 0, id="false-vs-0"),
        pytest.param("1", 1, id="str-vs-int"),
        pytest.param(b"1", "1", id="bytes-vs-str"),
        pytest.param(None, "", id="none-vs-empty-str"),
        pytest.param(None, b"", id="none-vs-empty-bytes"),
        pytest.param(None, False, id="none-vs-false"),
    ],
)
def test_types_are_distinguished(first: ChainValue, second: ChainValue) -> None:
    """Values of different types never encode alike, even when they look alike."""
    assert canonical_encoding({"x": first}) != canonical_encoding({"x": second})


@given(chain_fields, chain_fields)
def test_encoding_is_unambiguous(
    first: dict[str, ChainValue], second: dict[str, ChainValue]
) -> None:
    """Two field maps encode alike exactly when they are equal (bools apart from ints)."""
    first_typed = {key: (type(value), value) for key, value in first.items()}
    second_typed = {key: (type(value), value) for key, value in second.items()}

    same = canonical_encoding(first) == canonical_encoding(second)

    assert same == (first_typed == second_typed)


def test_encoding_ignores_insertion_order() -> None:
    """The encoding depends on the fields, not on the order they were given in."""
    assert canonical_encoding({"a": 1, "b": 2}) == canonical_encoding({"b": 2, "a": 1})


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"x": 1.5}, id="float"),
        pytest.param({"x": datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)}, id="datetime"),
        pytest.param({"x": [1]}, id="list"),
        pytest.param({"x": bytearray(b"1")}, id="bytearray"),
        pytest.param({1: "x"}, id="int-key"),
        pytest.param({"x": "\ud800"}, id="lone-surrogate"),
    ],
)
def test_unsupported_values_are_a_format_error(fields: dict[object, object]) -> None:
    """Other types, non-str keys and unencodable text raise FormatError."""
    with pytest.raises(FormatError):
        canonical_encoding(fields)  # type: ignore[arg-type]


def test_entry_hash_refuses_a_bad_previous_hash() -> None:
    """A previous hash that is not 32 bytes raises FormatError."""
    with pytest.raises(FormatError):
        entry_hash(bytes(31), {})


def test_valid_chain_verifies() -> None:
    """A valid chain verifies and the count of entries is returned."""
    entries = build_chain(log_fields(5))

    assert verify_chain(entries) == 5
    assert verify_chain([]) == 0
    assert len(entries[-1][3]) == CHAIN_HASH_BYTES


def test_suffix_verifies_from_an_anchor() -> None:
    """The tail of a chain verifies from the hash of the entry before it."""
    entries = build_chain(log_fields(6))

    count = verify_chain(entries[3:], start_hash=entries[2][3])

    assert count == 3
    with pytest.raises(ChainError):
        verify_chain(entries[3:])


@given(size=st.integers(1, 8), data=st.data())
def test_edited_entry_is_named(size: int, data: st.DataObject) -> None:
    """Changing an entry's fields breaks the chain at that entry."""
    entries = build_chain(log_fields(size))
    index = data.draw(st.integers(0, size - 1))
    entry_id, fields, previous, current = entries[index]
    entries[index] = (entry_id, {**fields, "event": "export"}, previous, current)

    with pytest.raises(ChainError) as caught:
        verify_chain(entries)

    assert (caught.value.entry_id, caught.value.position) == (index, index)


@given(size=st.integers(2, 8), data=st.data())
def test_deleted_entry_is_named_by_its_successor(size: int, data: st.DataObject) -> None:
    """Deleting an entry breaks the chain at the entry that followed it."""
    entries = build_chain(log_fields(size))
    index = data.draw(st.integers(0, size - 2))

    del entries[index]

    with pytest.raises(ChainError) as caught:
        verify_chain(entries)
    assert (caught.value.entry_id, caught.value.position) == (index + 1, index)


@given(size=st.integers(2, 8), data=st.data())
def test_reordered_entries_are_named(size: int, data: st.DataObject) -> None:
    """Swapping two entries breaks the chain at the first swapped position."""
    entries = build_chain(log_fields(size))
    first = data.draw(st.integers(0, size - 2))
    second = data.draw(st.integers(first + 1, size - 1))

    entries[first], entries[second] = entries[second], entries[first]

    with pytest.raises(ChainError) as caught:
        verify_chain(entries)
    assert (caught.value.entry_id, caught.value.position) == (second, first)


@given(size=st.integers(1, 8), data=st.data())
def test_inserted_entry_is_named(size: int, data: st.DataObject) -> None:
    """Inserting a forged entry with made-up hashes breaks the chain at the forgery."""
    entries = build_chain(log_fields(size))
    index = data.draw(st.integers(0, size))
    previous = entries[index - 1][3] if index else GENESIS_HASH

    entries.insert(index, ("forged", {"event": "open"}, previous, bytes(32)))

    with pytest.raises(ChainError) as caught:
        verify_chain(entries)
    assert (caught.value.entry_id, caught.value.position) == ("forged", index)


def test_well_forged_insertion_is_named_by_the_next_entry() -> None:
    """An inserted entry with correct hashes is caught at the untouched entry after it."""
    entries = build_chain(log_fields(4))
    forged_fields: dict[str, ChainValue] = {"event": "open"}
    forged_hash = entry_hash(entries[1][3], forged_fields)

    entries.insert(2, ("forged", forged_fields, entries[1][3], forged_hash))

    with pytest.raises(ChainError) as caught:
        verify_chain(entries)
    assert (caught.value.entry_id, caught.value.position) == (2, 3)


@pytest.mark.parametrize(
    ("previous", "current"),
    [
        pytest.param(None, None, id="null-hashes"),
        pytest.param(b"", b"", id="empty-hashes"),
        pytest.param(GENESIS_HASH, bytes(32), id="zero-hash"),
    ],
)
def test_broken_stored_hashes_are_named(previous: object, current: object) -> None:
    """Missing or wrong stored hashes raise ChainError, not TypeError."""
    entries: list[object] = [("only", {"event": "open"}, previous, current)]

    with pytest.raises(ChainError) as caught:
        verify_chain(entries)  # type: ignore[arg-type]

    assert caught.value.entry_id == "only"


def test_unencodable_entry_is_named() -> None:
    """An entry whose fields cannot be encoded is reported as a broken entry."""
    entries: list[object] = [("bad", {"x": 1.5}, GENESIS_HASH, bytes(32))]

    with pytest.raises(ChainError) as caught:
        verify_chain(entries)  # type: ignore[arg-type]

    assert caught.value.entry_id == "bad"


def test_tail_truncation_is_not_detected_without_an_anchor() -> None:
    """Dropping the newest entries leaves a valid shorter chain: only the count reveals it."""
    entries = build_chain(log_fields(5))

    count = verify_chain(entries[:3])

    assert count == 3
