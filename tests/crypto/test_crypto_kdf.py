"""Tests of Argon2id key derivation and its parameters."""

import pytest

from crypto import KDF_SALT_BYTES, PRODUCTION_KDF, TEST_KDF, FormatError, KdfParams, derive_key

SALT = bytes(range(16))


def test_derive_key_known_answer() -> None:
    """Argon2id of a fixed secret and salt under TEST_KDF gives a pinned key."""
    key = derive_key(b"correct horse", SALT, TEST_KDF, 32)

    assert key.hex() == "25ce5233cc1e4d37e9bca31bfef41710e40446cd1cb575932791c5fd3780bd3c"


def test_production_parameters() -> None:
    """Production uses 64 MiB, 3 passes and one lane, as DESIGN.md states."""
    assert (PRODUCTION_KDF.memory_kib, PRODUCTION_KDF.iterations) == (65536, 3)
    assert PRODUCTION_KDF.parallelism == 1


def test_derive_key_depends_on_salt_and_length() -> None:
    """A different salt gives a different key, and the length is as asked."""
    first = derive_key(b"secret", SALT, TEST_KDF, 32)

    other_salt = derive_key(b"secret", bytes(16), TEST_KDF, 32)
    longer = derive_key(b"secret", SALT, TEST_KDF, 64)

    assert first != other_salt
    assert len(longer) == 64


@pytest.mark.parametrize(
    ("memory_kib", "iterations", "parallelism"),
    [
        pytest.param(7, 1, 1, id="memory-below-8-kib"),
        pytest.param(15, 1, 2, id="memory-below-8-kib-per-lane"),
        pytest.param(64, 0, 1, id="zero-iterations"),
        pytest.param(64, 1, 0, id="zero-lanes"),
        pytest.param(-64, 1, 1, id="negative-memory"),
        pytest.param(2**32, 1, 1, id="memory-over-u32"),
        pytest.param(4 * 1024 * 1024 + 1, 1, 1, id="memory-over-4-gib"),
        pytest.param(64, 2**32, 1, id="iterations-over-u32"),
        pytest.param(64, True, 1, id="bool-iterations"),
        pytest.param(64.0, 1, 1, id="float-memory"),
    ],
)
def test_kdf_params_refuse_bad_values(memory_kib: int, iterations: int, parallelism: int) -> None:
    """KdfParams refuses values Argon2id cannot run or no sane header carries."""
    with pytest.raises(FormatError):
        KdfParams(memory_kib=memory_kib, iterations=iterations, parallelism=parallelism)


def test_kdf_params_are_frozen() -> None:
    """KdfParams cannot be changed after creation."""
    params = KdfParams(memory_kib=64, iterations=1)

    with pytest.raises(AttributeError):
        params.iterations = 2  # type: ignore[misc]


@pytest.mark.parametrize(
    ("salt", "length"),
    [
        pytest.param(bytes(KDF_SALT_BYTES - 1), 32, id="short-salt"),
        pytest.param(b"", 32, id="empty-salt"),
        pytest.param(SALT, 8, id="output-too-short"),
        pytest.param(SALT, 4096, id="output-too-long"),
    ],
)
def test_derive_key_refuses_bad_input(salt: bytes, length: int) -> None:
    """derive_key refuses short salts and silly output lengths with FormatError."""
    with pytest.raises(FormatError):
        derive_key(b"secret", salt, TEST_KDF, length)
