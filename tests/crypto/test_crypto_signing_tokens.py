"""Tests of signatures, tokens, keyed hashes and constant-time comparison."""

import hashlib
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crypto import (
    FormatError,
    SignatureError,
    constant_time_equal,
    derive_keys,
    keyed_hash,
    random_token,
    sign,
    token_urlsafe,
    verify_signature,
)

SIGNER = derive_keys(bytes(range(32)))
MESSAGE = b"I consent"
STORED_SIGNATURE = bytes.fromhex(
    "5a1b2cf609ca23e37236d025e1788af100a90eccb773c51c60a324e61ce21cb0780f7fd18f4bb508110389"
    "d699904b72628956d9e770e08b6da25c2eb81a9704"
)


def test_signature_known_answer() -> None:
    """Ed25519 is deterministic: a fixed key and message give a pinned signature."""
    signature = sign(SIGNER, MESSAGE)

    assert signature == STORED_SIGNATURE


@given(st.binary())
def test_sign_and_verify_round_trip(message: bytes) -> None:
    """A signature over any message verifies with the signer's verify key."""
    signature = sign(SIGNER, message)

    verify_signature(SIGNER.verify_key, message, signature)


@pytest.mark.parametrize(
    ("verify_key", "message", "signature"),
    [
        pytest.param(SIGNER.verify_key, b"I do not consent", STORED_SIGNATURE, id="other-message"),
        pytest.param(derive_keys(bytes(32)).verify_key, MESSAGE, STORED_SIGNATURE, id="other-key"),
        pytest.param(SIGNER.verify_key, MESSAGE, bytes(64), id="zero-signature"),
        pytest.param(SIGNER.verify_key, MESSAGE, STORED_SIGNATURE[:63], id="short-signature"),
        pytest.param(SIGNER.verify_key[:31], MESSAGE, STORED_SIGNATURE, id="short-key"),
        pytest.param(b"", MESSAGE, b"", id="empty"),
    ],
)
def test_bad_signatures_are_refused(verify_key: bytes, message: bytes, signature: bytes) -> None:
    """Invalid or malformed signatures and keys raise SignatureError."""
    with pytest.raises(SignatureError):
        verify_signature(verify_key, message, signature)


@given(st.integers(0, 64 * 8 - 1))
def test_any_flipped_bit_in_a_signature_is_refused(bit: int) -> None:
    """Flipping any bit of a signature makes it fail to verify."""
    tampered = bytearray(STORED_SIGNATURE)
    tampered[bit // 8] ^= 1 << (bit % 8)

    with pytest.raises(SignatureError):
        verify_signature(SIGNER.verify_key, MESSAGE, bytes(tampered))


def test_random_tokens() -> None:
    """Tokens have the asked length and differ."""
    tokens = {random_token() for _ in range(100)}

    assert {len(token) for token in tokens} == {32}
    assert len(random_token(16)) == 16
    assert len(tokens) == 100


def test_token_urlsafe_is_unpadded_base64url() -> None:
    """URL-safe tokens use only the base64url alphabet, without padding."""
    token = token_urlsafe()

    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)


@pytest.mark.parametrize("n_bytes", [0, -1], ids=["zero", "negative"])
def test_token_lengths_must_be_positive(n_bytes: int) -> None:
    """Zero or negative token lengths raise FormatError."""
    with pytest.raises(FormatError):
        random_token(n_bytes)
    with pytest.raises(FormatError):
        token_urlsafe(n_bytes)


def test_keyed_hash_known_answer() -> None:
    """keyed_hash is keyed, personalised BLAKE2b-256, pinned."""
    digest = keyed_hash(bytes(16), b"data", person=b"confide-test")

    assert digest.hex() == "aaf7a910a2d71dccdff49a69c5a6d325107fcb262c8a08cc35dc9cbf5ae3123d"
    expected = hashlib.blake2b(b"data", digest_size=32, key=bytes(16), person=b"confide-test")
    assert digest == expected.digest()


@pytest.mark.parametrize(
    ("key", "person"),
    [
        pytest.param(b"", b"confide-test", id="no-key"),
        pytest.param(bytes(15), b"confide-test", id="short-key"),
        pytest.param(bytes(65), b"confide-test", id="long-key"),
        pytest.param(bytes(32), b"x" * 17, id="long-person"),
    ],
)
def test_keyed_hash_refuses_bad_key_or_person(key: bytes, person: bytes) -> None:
    """Keys outside 16..64 bytes and personalisations over 16 bytes raise FormatError."""
    with pytest.raises(FormatError):
        keyed_hash(key, b"data", person=person)


def test_constant_time_equal() -> None:
    """constant_time_equal tells equal from different values, including lengths."""
    assert constant_time_equal(b"abc", b"abc")
    assert not constant_time_equal(b"abc", b"abd")
    assert not constant_time_equal(b"abc", b"abcd")
