"""Tests of Argon2id key derivation and its parameters."""

import pytest

from crypto import (
    KDF_SALT_BYTES,
    PRODUCTION_KDF,
    TEST_KDF,
    FormatError,
    KdfImplementation,
    KdfParams,
    derive_key,
    kdf_implementation,
    libsodium_refusal,
)

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


ONE_LANE_ANSWERS = [
    pytest.param(
        b"", bytes(16), KdfParams(8, 1), 16, "b006c1ede0239691562b55a5d1f152b9", id="8KiB-1pass"
    ),
    pytest.param(
        b"correct horse",
        SALT,
        TEST_KDF,
        32,
        "25ce5233cc1e4d37e9bca31bfef41710e40446cd1cb575932791c5fd3780bd3c",
        id="test-kdf",
    ),
    pytest.param(
        b"01234567890123456789",
        bytes(range(16, 32)),
        KdfParams(1024, 2),
        64,
        "db1ac1e242143da72a51565f3f38d2a2e02f0508562460f21b3c45c35e68891c"
        "d239aa7bbfd510aad64fc97be4f8741bb07315f179c5b120bdedfc494d18f169",
        id="1MiB-2pass-64B",
    ),
    pytest.param(
        "pässwörd ünïcode".encode(),
        b"\xff" * 16,
        KdfParams(4096, 3),
        32,
        "a76bd5451765dd4efd82b9d8424c960d47baa8df0992dff07364cf74adca2b5e",
        id="4MiB-3pass-utf8",
    ),
    pytest.param(
        b"01234567890123456789",
        SALT,
        PRODUCTION_KDF,
        64,
        "c5e64c76e0d29b3b13770a2658be0156bf94397b637eff0b7d28ad42659df898"
        "7557cf6f42527f9e30c4c0d779e3ab7230c2c89043c441d3503a4a36a142ccd6",
        id="production-receipt",
    ),
]


@pytest.mark.parametrize(("secret", "salt", "params", "length", "expected"), ONE_LANE_ANSWERS)
def test_both_implementations_give_the_pinned_bytes(
    secret: bytes, salt: bytes, params: KdfParams, length: int, expected: str
) -> None:
    """libsodium and argon2-cffi derive the same pinned bytes for one lane, so receipts and
    wraps made by either open with the other."""
    keys = {
        implementation: derive_key(secret, salt, params, length, implementation=implementation)
        for implementation in KdfImplementation
    }

    assert {name: key.hex() for name, key in keys.items()} == dict.fromkeys(
        KdfImplementation, expected
    )


@pytest.mark.parametrize(("secret", "salt", "params", "length", "expected"), ONE_LANE_ANSWERS)
def test_one_lane_is_derived_by_libsodium(
    secret: bytes, salt: bytes, params: KdfParams, length: int, expected: str
) -> None:
    """With one lane and a 16-byte salt the default is libsodium, and it gives the same bytes."""
    implementation = kdf_implementation(params, salt_bytes=len(salt), length=length)

    key = derive_key(secret, salt, params, length)

    assert implementation is KdfImplementation.LIBSODIUM
    assert key.hex() == expected


@pytest.mark.parametrize(
    ("salt", "params", "expected", "reason"),
    [
        pytest.param(
            SALT,
            KdfParams(256, 2, 4),
            "0af2982c0ba9f19011e0d4190ec9c30195f56a695286e9ff793ad0f93adb8d57",
            "one lane",
            id="four-lanes",
        ),
        pytest.param(
            bytes(range(32)),
            TEST_KDF,
            "bf54e69676981c4bdf2df51a5884154a81a1a514a2175078e5e58c84686c1d27",
            "16 bytes",
            id="32-byte-salt",
        ),
    ],
)
def test_what_libsodium_cannot_derive_falls_back_to_argon2_cffi(
    salt: bytes, params: KdfParams, expected: str, reason: str
) -> None:
    """More lanes or a longer salt are derived by argon2-cffi; forcing libsodium is refused."""
    implementation = kdf_implementation(params, salt_bytes=len(salt))

    key = derive_key(b"lanes" if params.parallelism > 1 else b"long salt", salt, params, 32)

    assert implementation is KdfImplementation.ARGON2_CFFI
    assert key.hex() == expected
    with pytest.raises(FormatError, match=reason):
        derive_key(b"x", salt, params, 32, implementation=KdfImplementation.LIBSODIUM)


@pytest.mark.parametrize(
    ("params", "salt_bytes", "length", "secret_bytes", "reason"),
    [
        pytest.param(KdfParams(64, 1, 2), 16, 32, 0, "one lane", id="two-lanes"),
        pytest.param(TEST_KDF, 17, 32, 0, "16 bytes", id="salt-17"),
        pytest.param(TEST_KDF, 16, 15, 0, "output length", id="output-15"),
        pytest.param(TEST_KDF, 16, 2**32, 0, "output length", id="output-over-u32"),
        pytest.param(KdfParams(7 * 1024, 1), 16, 32, 2**32, "secret", id="secret-over-u32"),
    ],
)
def test_libsodium_refusal_names_each_limit(
    params: KdfParams, salt_bytes: int, length: int, secret_bytes: int, reason: str
) -> None:
    """Each of libsodium's limits is checked before calling it, with the reason given."""
    refusal = libsodium_refusal(
        params, salt_bytes=salt_bytes, length=length, secret_bytes=secret_bytes
    )

    assert refusal is not None
    assert reason in refusal


def test_production_parameters_use_libsodium() -> None:
    """Receipts (64 bytes) and wraps (32 bytes) at production cost are libsodium's to derive."""
    assert libsodium_refusal(PRODUCTION_KDF, length=64) is None
    assert kdf_implementation(PRODUCTION_KDF, length=32) is KdfImplementation.LIBSODIUM
