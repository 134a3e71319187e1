"""Tests of password-wrapped seeds and office recovery (crypto.seedwrap)."""

import re
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crypto._kdf
from crypto import TEST_KDF, FormatError, KdfParams, WrongPasswordError
from crypto.seedwrap import (
    WRAPPED_SEED_BYTES,
    dummy_wrapped_seed,
    generate_recovery,
    recover_seed,
    recovery_public_key,
    seal_seed_to_recovery,
    unwrap_seed,
    wrap_seed,
    wrapped_params,
)

SEED = bytes(range(32))
PASSWORD = "hunter2 passphrase"
STORED_WRAP = bytes.fromhex(
    "010000004000000001011b598c1dfca10a7a0190f34d177b0576ac04c3ce52f26372adb1aa8a4cb2baca9d"
    "160bdcb0abca24cd77245548167fb82b469aca9caf1164a7e0b30a96a844e0097b7ee384b667e6f5694fa4"
    "ef131df86e18ccab96476e83"
)
RECOVERY_CODE = "IBAU-EQ2E-IVDE-OSCJ-JJFU-YTKO-J5IF-CUST-KRKV-MV2Y-LFNF-WXC5-LZPQ-7IFF"
RECOVERY_PUBLIC = bytes.fromhex("79a631eede1bf9c98f12032cdeadd0e7a079398fc786b88cc846ec89af85a51a")
STORED_RECOVERY_SEAL = bytes.fromhex(
    "0115f2d7d4c19dfd10a4af0fb367d66f37d4c852c4af768c843ea9d2bdfce0b732ec1e7b6a4cd653b7275f"
    "705f6b066b5ecc49ad24a58c131b4d76d83d45def647341840918cd33349db6f9fb397368cb6"
)
CODE_PATTERN = re.compile(r"^(?:[A-Z2-7]{4}-){13}[A-Z2-7]{4}$")
PARAMS_BYTES = range(1, 10)


def flip_bit(data: bytes, bit: int) -> bytes:
    """Return data with one bit inverted."""
    flipped = bytearray(data)
    flipped[bit // 8] ^= 1 << (bit % 8)
    return bytes(flipped)


def test_wrap_header_layout() -> None:
    """A wrap is version, u32 memory, u32 iterations, u8 lanes, salt, nonce, then 48 bytes."""
    params = KdfParams(memory_kib=72, iterations=2, parallelism=3)

    wrapped = wrap_seed(SEED, PASSWORD, params)

    assert len(wrapped) == WRAPPED_SEED_BYTES == 98
    assert wrapped[0] == 0x01
    assert struct.unpack(">IIB", wrapped[1:10]) == (72, 2, 3)
    salt, nonce, body = wrapped[10:26], wrapped[26:50], wrapped[50:]
    assert (len(salt), len(nonce), len(body)) == (16, 24, 48)


def test_stored_wrap_still_unwraps() -> None:
    """A seed wrapped by an earlier build unwraps with its password."""
    seed = unwrap_seed(STORED_WRAP, PASSWORD)

    assert seed == SEED
    assert wrapped_params(STORED_WRAP) == TEST_KDF


def test_salts_and_nonces_are_fresh() -> None:
    """Wrapping the same seed twice uses a new salt and nonce."""
    first = wrap_seed(SEED, PASSWORD, TEST_KDF)

    second = wrap_seed(SEED, PASSWORD, TEST_KDF)

    assert first[10:50] != second[10:50]


@settings(max_examples=50)
@given(seed=st.binary(min_size=32, max_size=32), password=st.text())
def test_wrap_round_trip(seed: bytes, password: str) -> None:
    """Any seed unwraps with any password it was wrapped under."""
    wrapped = wrap_seed(seed, password, TEST_KDF)

    assert unwrap_seed(wrapped, password) == seed


@pytest.mark.parametrize(
    ("wrapped_with", "typed"),
    [
        pytest.param("ﬁsh", "fish", id="ligature"),
        pytest.param("caf\u00e9", "cafe\u0301", id="composed-vs-decomposed"),
        pytest.param("ＡＢＣ１２３", "ABC123", id="full-width"),
    ],
)
def test_passwords_are_nfkc_normalised(wrapped_with: str, typed: str) -> None:
    """Passwords that are equal after NFKC unwrap each other's seeds."""
    wrapped = wrap_seed(SEED, wrapped_with, TEST_KDF)

    assert unwrap_seed(wrapped, typed) == SEED


@pytest.mark.parametrize(
    "password",
    [
        pytest.param("", id="empty"),
        pytest.param("hunter2 passphrase ", id="trailing-space"),
        pytest.param("Hunter2 passphrase", id="case"),
    ],
)
def test_wrong_password_is_refused(password: str) -> None:
    """A wrong password raises WrongPasswordError."""
    with pytest.raises(WrongPasswordError):
        unwrap_seed(STORED_WRAP, password)


@given(st.integers(0, WRAPPED_SEED_BYTES * 8 - 1))
def test_any_flipped_bit_outside_the_parameters_is_detected(bit: int) -> None:
    """Flipping a bit of the version, salt, nonce or ciphertext never yields a seed."""
    if bit // 8 in PARAMS_BYTES:
        bit += 80  # parameter bits are covered below with cheap values only

    tampered = flip_bit(STORED_WRAP, bit)

    expected = FormatError if bit < 8 else WrongPasswordError
    with pytest.raises(expected):
        unwrap_seed(tampered, PASSWORD)


@pytest.mark.parametrize(
    "bit",
    [pytest.param(4 * 8 + n, id=f"memory-bit-{n}") for n in range(4)]
    + [pytest.param(8 * 8 + n, id=f"iterations-bit-{n}") for n in range(2)]
    + [pytest.param(9 * 8 + n, id=f"lanes-bit-{n}") for n in range(8)],
)
def test_parameters_are_authenticated(bit: int) -> None:
    """Changing the stored KDF parameters fails (FormatError if invalid, else wrong password)."""
    tampered = flip_bit(STORED_WRAP, bit)

    with pytest.raises((FormatError, WrongPasswordError)):
        unwrap_seed(tampered, PASSWORD)


def test_parameter_downgrade_is_refused() -> None:
    """Lowering the iterations in a stronger wrap's header makes it fail to unwrap."""
    wrapped = wrap_seed(SEED, PASSWORD, KdfParams(memory_kib=64, iterations=2))

    downgraded = wrapped[:5] + struct.pack(">I", 1) + wrapped[9:]

    with pytest.raises(WrongPasswordError):
        unwrap_seed(downgraded, PASSWORD)


@pytest.mark.parametrize(
    "wrapped",
    [
        pytest.param(b"", id="empty"),
        pytest.param(STORED_WRAP[:-1], id="truncated"),
        pytest.param(STORED_WRAP + b"\x00", id="extended"),
        pytest.param(b"\x02" + STORED_WRAP[1:], id="unknown-version"),
        pytest.param(STORED_WRAP[:1] + bytes(9) + STORED_WRAP[10:], id="zero-parameters"),
    ],
)
def test_malformed_wrap_is_a_format_error(wrapped: bytes) -> None:
    """Wrong length, unknown version or invalid parameters raise FormatError."""
    with pytest.raises(FormatError):
        unwrap_seed(wrapped, PASSWORD)
    with pytest.raises(FormatError):
        wrapped_params(wrapped)


def test_wrap_refuses_bad_input() -> None:
    """A short seed or a lane count over 255 raises FormatError."""
    with pytest.raises(FormatError):
        wrap_seed(SEED[:31], PASSWORD, TEST_KDF)
    with pytest.raises(FormatError):
        wrap_seed(SEED, PASSWORD, KdfParams(memory_kib=8 * 256, iterations=1, parallelism=256))


def test_unwrap_runs_argon2id_exactly_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unwrapping costs one derive_key call, for a right, a wrong and a dummy password."""
    dummy = dummy_wrapped_seed(TEST_KDF)
    calls: list[int] = []
    real = crypto._kdf.derive_key

    def counting(secret: bytes, salt: bytes, params: KdfParams, length: int) -> bytes:
        calls.append(length)
        return real(secret, salt, params, length)

    monkeypatch.setattr(crypto._kdf, "derive_key", counting)

    unwrap_seed(STORED_WRAP, PASSWORD)
    with pytest.raises(WrongPasswordError):
        unwrap_seed(STORED_WRAP, "wrong")
    with pytest.raises(WrongPasswordError):
        unwrap_seed(dummy, PASSWORD)

    assert calls == [32, 32, 32]


def test_dummy_wrap_looks_real_and_never_opens() -> None:
    """A dummy wrap has the real layout and parameters and no guessable password opens it."""
    dummy = dummy_wrapped_seed(TEST_KDF)

    assert len(dummy) == WRAPPED_SEED_BYTES
    assert wrapped_params(dummy) == TEST_KDF
    for guess in ("", "password", PASSWORD):
        with pytest.raises(WrongPasswordError):
            unwrap_seed(dummy, guess)


def test_recovery_code_known_answer() -> None:
    """A pinned recovery code gives its pinned public key and opens a stored sealed seed."""
    public = recovery_public_key(RECOVERY_CODE)

    seed = recover_seed(STORED_RECOVERY_SEAL, RECOVERY_CODE)

    assert public == RECOVERY_PUBLIC
    assert seed == SEED


def test_generated_recovery_code_format() -> None:
    """A recovery code is 13 groups of four base32 characters and a checksum group."""
    code, public = generate_recovery()

    assert CODE_PATTERN.match(code)
    assert recovery_public_key(code) == public
    assert len(public) == 32


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param(RECOVERY_CODE.lower(), id="lower-case"),
        pytest.param(RECOVERY_CODE.replace("-", ""), id="no-dashes"),
        pytest.param(RECOVERY_CODE.replace("-", " "), id="spaces"),
        pytest.param("  " + RECOVERY_CODE.replace("-", "\n") + "\t", id="newlines"),
        pytest.param(RECOVERY_CODE.replace("O", "0").replace("I", "1"), id="zero-and-one"),
        pytest.param(RECOVERY_CODE.replace("B", "8"), id="eight-for-b"),
        pytest.param(RECOVERY_CODE.replace("-", "\u2013"), id="en-dashes"),
    ],
)
def test_recovery_code_reading_is_tolerant(typed: str) -> None:
    """Case, spaces, missing dashes and 0/1/8 for O/I/B do not matter."""
    assert recovery_public_key(typed) == RECOVERY_PUBLIC


def test_every_single_character_typo_is_caught() -> None:
    """Replacing any one character of the code by any other raises FormatError."""
    compact = RECOVERY_CODE.replace("-", "")
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    accepted = []

    for index, original in enumerate(compact):
        for replacement in alphabet.replace(original, ""):
            typo = compact[:index] + replacement + compact[index + 1 :]
            try:
                recovery_public_key(typo)
            except FormatError:
                continue
            accepted.append(typo)

    assert accepted == []


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("", id="empty"),
        pytest.param(RECOVERY_CODE[:-1], id="one-short"),
        pytest.param(RECOVERY_CODE + "A", id="one-long"),
        pytest.param(RECOVERY_CODE[:-4] + "AAAA", id="bad-checksum"),
        pytest.param(RECOVERY_CODE[:-1] + "9", id="nine-is-not-base32"),
        pytest.param(RECOVERY_CODE[:-1] + "é", id="non-ascii"),
    ],
)
def test_malformed_recovery_code_is_a_format_error(typed: str) -> None:
    """Codes of the wrong length, alphabet or checksum raise FormatError."""
    with pytest.raises(FormatError):
        recovery_public_key(typed)
    with pytest.raises(FormatError):
        recover_seed(STORED_RECOVERY_SEAL, typed)


def test_recovery_round_trip_and_wrong_code() -> None:
    """A sealed seed opens with its recovery code and not with another office's code."""
    code, public = generate_recovery()
    other_code, _ = generate_recovery()

    sealed = seal_seed_to_recovery(SEED, public)

    assert recover_seed(sealed, code) == SEED
    with pytest.raises(WrongPasswordError):
        recover_seed(sealed, other_code)


@given(st.integers(8, len(STORED_RECOVERY_SEAL) * 8 - 1))
def test_any_flipped_bit_in_a_recovery_seal_is_detected(bit: int) -> None:
    """Flipping any bit after the version byte makes recovery fail with WrongPasswordError."""
    tampered = flip_bit(STORED_RECOVERY_SEAL, bit)

    with pytest.raises(WrongPasswordError):
        recover_seed(tampered, RECOVERY_CODE)


def test_recovery_refuses_bad_input() -> None:
    """A short seed, a short public key or a malformed sealed box raise FormatError."""
    with pytest.raises(FormatError):
        seal_seed_to_recovery(SEED[:31], RECOVERY_PUBLIC)
    with pytest.raises(FormatError):
        seal_seed_to_recovery(SEED, RECOVERY_PUBLIC[:31])
    with pytest.raises(FormatError):
        recover_seed(STORED_RECOVERY_SEAL[:40], RECOVERY_CODE)
