"""Tests of case records, key grants and size padding."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crypto import (
    CASE_KEY_BYTES,
    DecryptionError,
    FormatError,
    decrypt_record,
    derive_keys,
    encrypt_record,
    generate_case_key,
    open_case_key,
    open_sealed,
    padded_size,
    record_associated_data,
    seal_case_key,
    seal_to,
)

CASE_KEY = bytes(range(100, 132))
PLACE = {"table": "messages", "row_id": "42", "field": "body"}
STORED_RECORD = bytes.fromhex(
    "0134d2cfbc90b825fa202280036b6954dc99d778d426fb40410e89ee28672e8926b6dc5d57e532aa889fbb"
    "fdbfddfc450a49a6"
)
GRANTEE = derive_keys(bytes(range(32)))
STORED_GRANT = bytes.fromhex(
    "01f019d9b4792877bbc866b4e40c80f2be9eae147cee812475c8a86ef409b65801f14672425f66912ff68e"
    "6b335c8d12f1b877bed26db509b29f7f3d8ed26c4f37ab6e82e84a68dcbd97ce2cb2dcb0ea12"
)


def flip_bit(data: bytes, bit: int) -> bytes:
    """Return data with one bit inverted."""
    flipped = bytearray(data)
    flipped[bit // 8] ^= 1 << (bit % 8)
    return bytes(flipped)


def test_associated_data_known_answer() -> None:
    """The associated data is the label and each part length-prefixed, byte for byte."""
    encoded = record_associated_data(table="messages", row_id="42", field="body")

    assert encoded == b"".join(
        [
            b"confide-record-v1",
            b"\x00\x00\x00\x08messages",
            b"\x00\x00\x00\x0242",
            b"\x00\x00\x00\x04body",
        ]
    )


@given(st.tuples(st.text(), st.text(), st.text()), st.tuples(st.text(), st.text(), st.text()))
def test_associated_data_is_unambiguous(
    first: tuple[str, str, str], second: tuple[str, str, str]
) -> None:
    """Two different places never encode to the same associated data."""
    encoded_first = record_associated_data(table=first[0], row_id=first[1], field=first[2])

    encoded_second = record_associated_data(table=second[0], row_id=second[1], field=second[2])

    assert (encoded_first == encoded_second) == (first == second)


def test_stored_record_still_decrypts() -> None:
    """A record encrypted by an earlier build decrypts: the format has not changed."""
    plaintext = decrypt_record(CASE_KEY, STORED_RECORD, **PLACE)

    assert plaintext == b"the report"


def test_record_layout() -> None:
    """A record is version 0x01, a 24-byte nonce, then ciphertext and a 16-byte tag."""
    record = encrypt_record(CASE_KEY, b"x" * 10, **PLACE)

    assert record[0] == 0x01
    assert len(record) == 1 + 24 + 10 + 16


def test_nonces_are_fresh() -> None:
    """Encrypting the same plaintext twice gives different records."""
    first = encrypt_record(CASE_KEY, b"same", **PLACE)

    second = encrypt_record(CASE_KEY, b"same", **PLACE)

    assert first[1:25] != second[1:25]


@given(plaintext=st.binary(), table=st.text(), row_id=st.text(), field=st.text())
def test_record_round_trip(plaintext: bytes, table: str, row_id: str, field: str) -> None:
    """Any plaintext decrypts back from its record in its place."""
    record = encrypt_record(CASE_KEY, plaintext, table=table, row_id=row_id, field=field)

    decrypted = decrypt_record(CASE_KEY, record, table=table, row_id=row_id, field=field)

    assert decrypted == plaintext


@given(st.data())
def test_any_flipped_bit_is_detected(data: st.DataObject) -> None:
    """Flipping any bit of a record raises FormatError (version) or DecryptionError."""
    record = encrypt_record(CASE_KEY, b"the report", **PLACE)
    bit = data.draw(st.integers(0, len(record) * 8 - 1))

    tampered = flip_bit(record, bit)

    expected = FormatError if bit < 8 else DecryptionError
    with pytest.raises(expected):
        decrypt_record(CASE_KEY, tampered, **PLACE)


@pytest.mark.parametrize(
    "place",
    [
        pytest.param({**PLACE, "table": "notes"}, id="other-table"),
        pytest.param({**PLACE, "row_id": "43"}, id="other-row"),
        pytest.param({**PLACE, "field": "subject"}, id="other-field"),
        pytest.param({"table": "messages4", "row_id": "2", "field": "body"}, id="shifted-boundary"),
    ],
)
def test_swapped_record_is_refused(place: dict[str, str]) -> None:
    """A record read from another table, row or field fails authentication."""
    record = encrypt_record(CASE_KEY, b"the report", **PLACE)

    with pytest.raises(DecryptionError):
        decrypt_record(CASE_KEY, record, **place)


@given(key=st.binary(min_size=32, max_size=32))
def test_wrong_key_is_refused(key: bytes) -> None:
    """A record does not decrypt under any other key."""
    record = encrypt_record(CASE_KEY, b"the report", **PLACE)

    if key != CASE_KEY:
        with pytest.raises(DecryptionError):
            decrypt_record(key, record, **PLACE)


@pytest.mark.parametrize(
    ("key", "record"),
    [
        pytest.param(CASE_KEY, b"", id="empty"),
        pytest.param(CASE_KEY, STORED_RECORD[:40], id="shorter-than-overhead"),
        pytest.param(CASE_KEY, b"\x02" + STORED_RECORD[1:], id="unknown-version"),
        pytest.param(CASE_KEY[:31], STORED_RECORD, id="short-key"),
        pytest.param(CASE_KEY + b"\x00", STORED_RECORD, id="long-key"),
    ],
)
def test_malformed_record_input_is_a_format_error(key: bytes, record: bytes) -> None:
    """Wrong lengths and unknown versions raise FormatError, not DecryptionError."""
    with pytest.raises(FormatError):
        decrypt_record(key, record, **PLACE)


def test_unencodable_place_is_a_format_error() -> None:
    """A lone surrogate in a place name raises FormatError."""
    with pytest.raises(FormatError):
        encrypt_record(CASE_KEY, b"x", table="\ud800", row_id="1", field="f")


def test_generate_case_key() -> None:
    """Case keys are 32 random bytes, different each time."""
    keys = {generate_case_key() for _ in range(100)}

    assert len(keys) == 100
    assert {len(key) for key in keys} == {CASE_KEY_BYTES}


def test_stored_grant_still_opens() -> None:
    """A grant sealed by an earlier build opens with the grantee's keys."""
    case_key = open_case_key(STORED_GRANT, GRANTEE)

    assert case_key == CASE_KEY


def test_grant_layout_and_round_trip() -> None:
    """A grant is version 0x01 and a 48-byte-overhead sealed box, and opens for the grantee."""
    grant = seal_case_key(CASE_KEY, GRANTEE.box_public)

    opened = open_case_key(grant, GRANTEE)

    assert grant[0] == 0x01
    assert len(grant) == 1 + 48 + CASE_KEY_BYTES
    assert opened == CASE_KEY


def test_grant_does_not_open_for_someone_else() -> None:
    """A grant sealed to one principal raises DecryptionError for another."""
    other = derive_keys(bytes(32))

    with pytest.raises(DecryptionError):
        open_case_key(STORED_GRANT, other)


@given(st.integers(0, len(STORED_GRANT) * 8 - 1))
def test_any_flipped_bit_in_a_grant_is_detected(bit: int) -> None:
    """Flipping any bit of a grant raises FormatError (version) or DecryptionError."""
    tampered = flip_bit(STORED_GRANT, bit)

    expected = FormatError if bit < 8 else DecryptionError
    with pytest.raises(expected):
        open_case_key(tampered, GRANTEE)


@pytest.mark.parametrize(
    ("case_key", "public_key"),
    [
        pytest.param(CASE_KEY[:16], GRANTEE.box_public, id="short-case-key"),
        pytest.param(CASE_KEY, GRANTEE.box_public[:31], id="short-public-key"),
        pytest.param(CASE_KEY, bytes(32), id="low-order-public-key"),
    ],
)
def test_bad_grant_input_is_a_format_error(case_key: bytes, public_key: bytes) -> None:
    """Sealing a malformed case key or to a malformed public key raises FormatError."""
    with pytest.raises(FormatError):
        seal_case_key(case_key, public_key)


def test_grant_of_the_wrong_size_is_a_format_error() -> None:
    """A sealed box that holds something other than a case key is not accepted as a grant."""
    sealed = seal_to(b"not a case key", GRANTEE.box_public)

    with pytest.raises(FormatError):
        open_case_key(sealed, GRANTEE)


@given(st.binary())
def test_seal_to_round_trip(plaintext: bytes) -> None:
    """Any plaintext sealed to a key opens with its private half."""
    sealed = seal_to(plaintext, GRANTEE.box_public)

    opened = open_sealed(sealed, GRANTEE.box)

    assert opened == plaintext


@pytest.mark.parametrize(
    "sealed",
    [
        pytest.param(b"", id="empty"),
        pytest.param(STORED_GRANT[:48], id="shorter-than-overhead"),
        pytest.param(b"\x00" + STORED_GRANT[1:], id="unknown-version"),
    ],
)
def test_malformed_sealed_box_is_a_format_error(sealed: bytes) -> None:
    """Sealed boxes of the wrong length or version raise FormatError."""
    with pytest.raises(FormatError):
        open_sealed(sealed, GRANTEE.box)


@pytest.mark.parametrize(
    ("size", "padded"),
    [(0, 0), (1, 4096), (4095, 4096), (4096, 4096), (4097, 8192), (10**6, 1003520)],
    ids=str,
)
def test_padded_size(size: int, padded: int) -> None:
    """Sizes round up to the next multiple of 4 KiB, and zero stays zero."""
    assert padded_size(size) == padded


@pytest.mark.parametrize(
    ("size", "block"),
    [pytest.param(-1, 4096, id="negative-size"), pytest.param(1, 0, id="zero-block")],
)
def test_padded_size_refuses_nonsense(size: int, block: int) -> None:
    """Negative sizes and non-positive blocks raise FormatError."""
    with pytest.raises(FormatError):
        padded_size(size, block)
