"""Tests of split-key sessions."""

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crypto import (
    SESSION_KEY_BYTES,
    DecryptionError,
    FormatError,
    open_session,
    seal_session,
    session_lookup_id,
)

SEED = bytes(range(32))
STORED_KEY = bytes.fromhex("7e116c986e7290a881a4ef1ec85fb9c6f4581baf0f08ca0d14736e609eef64b4")
STORED_HALF = bytes.fromhex(
    "01fd95d1354863c9714df69d67575edfb505398b2947650cb0ce3dada04ef280b0795a4661aa95e1c0bec4"
    "46deb18b22d469d33063c776bea5dc6c2212a6f352cb6f3f8b319b87ca45"
)


def flip_bit(data: bytes, bit: int) -> bytes:
    """Return data with one bit inverted."""
    flipped = bytearray(data)
    flipped[bit // 8] ^= 1 << (bit % 8)
    return bytes(flipped)


def test_stored_session_still_opens() -> None:
    """A session sealed by an earlier build opens with its key."""
    secret = open_session(STORED_KEY, STORED_HALF)

    assert secret == SEED


def test_session_layout() -> None:
    """The key is 32 bytes; the server half is version 0x01, a nonce, ciphertext and tag."""
    key, half = seal_session(SEED)

    assert len(key) == SESSION_KEY_BYTES
    assert half[0] == 0x01
    assert len(half) == 1 + 24 + len(SEED) + 16


@given(st.binary())
def test_session_round_trip(secret: bytes) -> None:
    """Any secret comes back when its two halves are rejoined."""
    key, half = seal_session(secret)

    assert open_session(key, half) == secret


def test_halves_of_different_sessions_do_not_match() -> None:
    """A cookie key does not open another session's server half."""
    key, _ = seal_session(SEED)

    with pytest.raises(DecryptionError):
        open_session(key, STORED_HALF)


@given(st.integers(0, len(STORED_HALF) * 8 - 1))
def test_any_flipped_bit_in_the_server_half_is_detected(bit: int) -> None:
    """Flipping any bit of the server half raises FormatError (version) or DecryptionError."""
    tampered = flip_bit(STORED_HALF, bit)

    expected = FormatError if bit < 8 else DecryptionError
    with pytest.raises(expected):
        open_session(STORED_KEY, tampered)


@given(st.integers(0, SESSION_KEY_BYTES * 8 - 1))
def test_any_flipped_bit_in_the_key_is_detected(bit: int) -> None:
    """Flipping any bit of the cookie's key raises DecryptionError."""
    tampered = flip_bit(STORED_KEY, bit)

    with pytest.raises(DecryptionError):
        open_session(tampered, STORED_HALF)


@pytest.mark.parametrize(
    ("key", "half"),
    [
        pytest.param(STORED_KEY[:31], STORED_HALF, id="short-key"),
        pytest.param(b"", STORED_HALF, id="empty-key"),
        pytest.param(STORED_KEY, STORED_HALF[:40], id="short-half"),
        pytest.param(STORED_KEY, b"\x02" + STORED_HALF[1:], id="unknown-version"),
    ],
)
def test_malformed_session_input_is_a_format_error(key: bytes, half: bytes) -> None:
    """A key or server half of the wrong length or version raises FormatError."""
    with pytest.raises(FormatError):
        open_session(key, half)


def test_session_lookup_id_known_answer() -> None:
    """The lookup id is BLAKE2b-256 of the key under person "confide-sessid", pinned."""
    key = bytes(range(32))

    lookup = session_lookup_id(key)

    assert lookup.hex() == "40bebf8cdba6217b49684416d510c8bba60ef9666586d972ae508bc23daab056"
    assert lookup == hashlib.blake2b(key, digest_size=32, person=b"confide-sessid").digest()


def test_session_lookup_id_refuses_bad_key() -> None:
    """A key of the wrong length raises FormatError."""
    with pytest.raises(FormatError):
        session_lookup_id(bytes(16))
