"""Tests of secretstream file encryption."""

import hashlib
import itertools
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crypto import (
    FILE_CHUNK_BYTES,
    FILE_KEY_BYTES,
    STREAM_HEADER_BYTES,
    STREAM_OVERHEAD_BYTES,
    CryptoError,
    FormatError,
    StreamDecryptor,
    StreamEncryptor,
    StreamError,
    ciphertext_size,
    decrypt_chunks,
    encrypt_chunks,
    generate_file_key,
)

FILE_KEY = bytes(range(200, 232))
STORED_STREAM = bytes.fromhex(
    "70773a31e6b7d1906b89d7e127ddd4b503eb1ebcaf64d912a678d0e7012d245dfcd96e14fe49b7c6e184a8"
    "a07b80ae25010ad8fe0f74"
)
FULL = FILE_CHUNK_BYTES + STREAM_OVERHEAD_BYTES
CHUNK = FILE_CHUNK_BYTES
EDGE_SIZES = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK]
STREAM_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def pseudo_random(size: int, label: bytes = b"") -> bytes:
    """Return size deterministic, incompressible-looking bytes."""
    return hashlib.shake_256(b"confide-test" + label).digest(size) if size else b""


def slices(data: bytes, cuts: list[int]) -> Iterator[bytes]:
    """Yield data cut at the given (unsorted, possibly repeated) positions."""
    bounds = sorted({0, len(data), *(cut % (len(data) + 1) for cut in cuts)})
    for start, end in itertools.pairwise(bounds):
        yield data[start:end]


def encrypt(plaintext: bytes) -> bytes:
    """Encrypt plaintext in one piece with the test key."""
    return b"".join(encrypt_chunks(FILE_KEY, [plaintext]))


def decrypt(ciphertext: bytes) -> bytes:
    """Decrypt a whole stream with the test key."""
    return b"".join(decrypt_chunks(FILE_KEY, [ciphertext]))


def test_stored_stream_still_decrypts() -> None:
    """A stream encrypted by an earlier build decrypts: the format has not changed."""
    plaintext = decrypt(STORED_STREAM)

    assert plaintext == b"file contents"


def test_stream_constants() -> None:
    """Keys are 32 bytes, headers 24, chunk overhead 17, chunks 64 KiB."""
    assert (FILE_KEY_BYTES, STREAM_HEADER_BYTES, STREAM_OVERHEAD_BYTES) == (32, 24, 17)
    assert FILE_CHUNK_BYTES == 65536
    assert len(generate_file_key()) == FILE_KEY_BYTES


@pytest.mark.parametrize("size", EDGE_SIZES, ids=lambda size: f"{size}-bytes")
def test_ciphertext_size_is_exact(size: int) -> None:
    """ciphertext_size predicts the stream length, header included."""
    stream = encrypt(pseudo_random(size))

    assert len(stream) == ciphertext_size(size)


def test_ciphertext_size_refuses_negative_sizes() -> None:
    """A negative plaintext size raises FormatError."""
    with pytest.raises(FormatError):
        ciphertext_size(-1)


def test_encryptor_emits_only_whole_chunks() -> None:
    """update returns b"" until a chunk is complete; a final chunk may be empty."""
    encryptor = StreamEncryptor(FILE_KEY)

    partial = encryptor.update(bytes(FILE_CHUNK_BYTES - 1))
    whole = encryptor.update(bytes(1))
    final = encryptor.finalize()

    assert len(encryptor.header) == STREAM_HEADER_BYTES
    assert partial == b""
    assert len(whole) == FULL
    assert len(final) == STREAM_OVERHEAD_BYTES


def test_encryptor_refuses_use_after_finalize() -> None:
    """update or finalize after finalize raises CryptoError."""
    encryptor = StreamEncryptor(FILE_KEY)
    encryptor.finalize()

    with pytest.raises(CryptoError):
        encryptor.update(b"more")
    with pytest.raises(CryptoError):
        encryptor.finalize()


@STREAM_SETTINGS
@given(
    size=st.one_of(st.sampled_from(EDGE_SIZES), st.integers(0, 3 * FILE_CHUNK_BYTES)),
    plain_cuts=st.lists(st.integers(0, 4 * FILE_CHUNK_BYTES), max_size=6),
    cipher_cuts=st.lists(st.integers(0, 4 * FILE_CHUNK_BYTES), max_size=6),
)
def test_stream_round_trip(size: int, plain_cuts: list[int], cipher_cuts: list[int]) -> None:
    """Any plaintext, fed and read back in arbitrary slices, decrypts to itself."""
    plaintext = pseudo_random(size)

    stream = b"".join(encrypt_chunks(FILE_KEY, slices(plaintext, plain_cuts)))
    decrypted = b"".join(decrypt_chunks(FILE_KEY, slices(stream, cipher_cuts)))

    assert decrypted == plaintext
    assert len(stream) == ciphertext_size(size)


def test_decryptor_class_round_trip() -> None:
    """StreamDecryptor reassembles chunks fed one byte-run at a time."""
    plaintext = pseudo_random(FILE_CHUNK_BYTES + 5)
    stream = encrypt(plaintext)
    decryptor = StreamDecryptor(FILE_KEY, stream[:STREAM_HEADER_BYTES])

    pieces = [decryptor.update(piece) for piece in slices(stream[STREAM_HEADER_BYTES:], [7, FULL])]

    assert b"".join(pieces) + decryptor.finalize() == plaintext


@STREAM_SETTINGS
@given(st.data())
def test_any_flipped_bit_is_detected(data: st.DataObject) -> None:
    """Flipping any bit anywhere in a stream raises StreamError."""
    stream = encrypt(pseudo_random(FILE_CHUNK_BYTES + 100))
    bit = data.draw(st.integers(0, len(stream) * 8 - 1))
    tampered = bytearray(stream)
    tampered[bit // 8] ^= 1 << (bit % 8)

    with pytest.raises(StreamError):
        decrypt(bytes(tampered))


@STREAM_SETTINGS
@given(st.data())
def test_any_truncation_is_detected(data: st.DataObject) -> None:
    """Cutting a stream short anywhere, even inside the header, raises StreamError."""
    stream = encrypt(pseudo_random(2 * FILE_CHUNK_BYTES + 10))
    length = data.draw(st.integers(0, len(stream) - 1))

    with pytest.raises(StreamError):
        decrypt(stream[:length])


@pytest.mark.parametrize(
    "chunks",
    [pytest.param([], id="no-data"), pytest.param([b"", b""], id="empty-pieces")],
)
def test_empty_stream_is_truncated(chunks: list[bytes]) -> None:
    """A stream with no bytes at all raises StreamError."""
    with pytest.raises(StreamError):
        b"".join(decrypt_chunks(FILE_KEY, chunks))


def test_dropping_the_final_chunk_is_detected() -> None:
    """A stream that ends on a whole chunk without its final tag raises StreamError."""
    stream = encrypt(pseudo_random(FILE_CHUNK_BYTES))

    without_final = stream[: STREAM_HEADER_BYTES + FULL]

    with pytest.raises(StreamError):
        decrypt(without_final)


def test_stream_without_finalize_is_detected() -> None:
    """A stream whose writer never called finalize raises StreamError."""
    encryptor = StreamEncryptor(FILE_KEY)
    stream = encryptor.header + encryptor.update(pseudo_random(2 * FILE_CHUNK_BYTES))

    with pytest.raises(StreamError):
        decrypt(stream)


def test_reordered_chunks_are_detected() -> None:
    """Swapping two full chunks raises StreamError."""
    stream = encrypt(pseudo_random(2 * FILE_CHUNK_BYTES + 10))
    header, rest = stream[:STREAM_HEADER_BYTES], stream[STREAM_HEADER_BYTES:]
    first, second, final = rest[:FULL], rest[FULL : 2 * FULL], rest[2 * FULL :]

    with pytest.raises(StreamError):
        decrypt(header + second + first + final)


@pytest.mark.parametrize(
    "trailer",
    [
        pytest.param(b"\x00", id="one-byte"),
        pytest.param(bytes(STREAM_OVERHEAD_BYTES), id="fake-empty-chunk"),
        pytest.param(bytes(FULL + 3), id="more-than-a-chunk"),
    ],
)
def test_data_after_the_final_chunk_is_detected(trailer: bytes) -> None:
    """Any bytes after the final chunk raise StreamError."""
    stream = encrypt(b"file contents")

    with pytest.raises(StreamError):
        decrypt(stream + trailer)


def test_replayed_final_chunk_is_detected() -> None:
    """Appending a copy of the final chunk raises StreamError."""
    stream = encrypt(pseudo_random(100))

    with pytest.raises(StreamError):
        decrypt(stream + stream[STREAM_HEADER_BYTES:])


def test_wrong_key_is_detected() -> None:
    """A stream does not decrypt under another key."""
    with pytest.raises(StreamError):
        b"".join(decrypt_chunks(bytes(32), [STORED_STREAM]))


def test_decryptor_stays_failed() -> None:
    """After a failure, the decryptor refuses further input and finalize."""
    decryptor = StreamDecryptor(FILE_KEY, STORED_STREAM[:STREAM_HEADER_BYTES])
    with pytest.raises(StreamError):
        decryptor.update(bytes(FULL))

    with pytest.raises(StreamError):
        decryptor.update(b"")
    with pytest.raises(StreamError):
        decryptor.finalize()


@pytest.mark.parametrize(
    ("key", "header"),
    [
        pytest.param(FILE_KEY[:31], STORED_STREAM[:24], id="short-key"),
        pytest.param(FILE_KEY, STORED_STREAM[:23], id="short-header"),
    ],
)
def test_bad_key_or_header_is_a_format_error(key: bytes, header: bytes) -> None:
    """A key or header of the wrong length raises FormatError."""
    with pytest.raises(FormatError):
        StreamDecryptor(key, header)


def test_encrypt_chunks_refuses_a_short_key() -> None:
    """Encrypting under a key of the wrong length raises FormatError."""
    with pytest.raises(FormatError):
        list(encrypt_chunks(FILE_KEY[:16], [b"x"]))
