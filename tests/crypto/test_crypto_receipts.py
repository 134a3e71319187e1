"""Tests of receipts: generation, normalisation, formatting and derivation."""

import hashlib

import pytest
from argon2.low_level import Type, hash_secret_raw
from hypothesis import given
from hypothesis import strategies as st

import crypto._kdf
from crypto import (
    LOOKUP_ID_BYTES,
    RECEIPT_DIGITS,
    TEST_KDF,
    FormatError,
    ReceiptFormatError,
    derive_keys,
    derive_receipt,
    format_receipt,
    generate_office_salt,
    generate_pepper,
    generate_receipt,
    normalise_receipt,
)

RECEIPT = "01234567890123456789"
OFFICE_SALT = bytes(range(16))
PEPPER = bytes(range(32, 64))
SEPARATORS = [" ", "-", "\u00a0", "\u2009", "\t", "\n", "\u2013", "\u2014", "\u2212", ".", "\u200f"]


def derive(receipt: str, *, pepper: bytes = PEPPER) -> crypto.ReceiptSecrets:
    """Derive with the fixed test salt and TEST_KDF."""
    return derive_receipt(receipt, office_salt=OFFICE_SALT, pepper=pepper, params=TEST_KDF)


def test_generated_receipts_are_20_ascii_digits() -> None:
    """A generated receipt is exactly 20 ASCII digits."""
    receipt = generate_receipt()

    assert len(receipt) == RECEIPT_DIGITS
    assert receipt.isascii()
    assert receipt.isdigit()


def test_generated_receipts_are_distinct() -> None:
    """A thousand generated receipts are all different."""
    receipts = {generate_receipt() for _ in range(1000)}

    assert len(receipts) == 1000


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("01234567890123456789", id="plain"),
        pytest.param("0123 4567 8901 2345 6789", id="groups"),
        pytest.param("0123-4567 8901 2345 6789", id="dash-and-spaces"),
        pytest.param("  0123\t4567\n8901 2345 6789 \n", id="tabs-newlines-padding"),
        pytest.param("0123\u00a04567\u20098901\u202f2345\u30006789", id="unicode-spaces"),
        pytest.param("0123\u20134567\u20148901\u22122345\u20106789", id="unicode-dashes"),
        pytest.param("0123.4567.8901.2345.6789", id="dots"),
        pytest.param("０１２３ ４５６７ ８９０１ ２３４５ ６７８９", id="full-width"),
        pytest.param("٠١٢٣ ٤٥٦٧ ٨٩٠١ ٢٣٤٥ ٦٧٨٩", id="arabic-indic"),
        pytest.param("۰۱۲۳ ۴۵۶۷ ۸۹۰۱ ۲۳۴۵ ۶۷۸۹", id="persian"),
        pytest.param("०१२३ ४५६७ ८९०१ २३४५ ६७८९", id="devanagari"),
        pytest.param("\u200f٠١٢٣\u200f ٤٥٦٧ 8901 ２３４５ ६७८९", id="mixed-with-rtl-marks"),
    ],
)
def test_normalise_accepts_typed_receipts(typed: str) -> None:
    """Receipts typed with separators or in other digit scripts normalise to ASCII."""
    assert normalise_receipt(typed) == RECEIPT


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("", id="empty"),
        pytest.param("0123 4567 8901 2345 678", id="19-digits"),
        pytest.param("0123 4567 8901 2345 67890", id="21-digits"),
        pytest.param("0123 4567 8901 2345 678O", id="letter-o"),
        pytest.param("abcd efgh ijkl mnop qrst", id="letters"),
        pytest.param("0123 4567 8901 2345 678²", id="superscript-digit"),
        pytest.param("0123_4567_8901_2345_6789", id="underscores"),
        pytest.param("0123 4567 8901 2345 6789" + " " * 500, id="overlong-input"),
        pytest.param("+01234567890123456789", id="plus-sign"),
    ],
)
def test_normalise_refuses_non_receipts(typed: str) -> None:
    """Anything but 20 digits raises ReceiptFormatError whose message does not echo the input."""
    with pytest.raises(ReceiptFormatError) as caught:
        normalise_receipt(typed)

    message = str(caught.value)
    assert not typed or typed not in message
    assert "0123" not in message
    assert "abcd" not in message


def test_format_receipt() -> None:
    """A receipt displays as five groups of four digits separated by single spaces."""
    assert format_receipt(RECEIPT) == "0123 4567 8901 2345 6789"
    assert format_receipt("٠١٢٣-٤٥٦٧-٨٩٠١-٢٣٤٥-٦٧٨٩") == "0123 4567 8901 2345 6789"


@given(
    digits=st.text(alphabet="0123456789", min_size=20, max_size=20),
    separators=st.lists(st.sampled_from(SEPARATORS), min_size=21, max_size=21),
)
def test_normalise_ignores_any_separators(digits: str, separators: list[str]) -> None:
    """Separators anywhere between, before or after the digits are ignored."""
    typed = "".join(sep + digit for sep, digit in zip(separators, digits, strict=False))

    normalised = normalise_receipt(typed + separators[-1])

    assert normalised == digits


@given(st.text(alphabet="0123456789", min_size=20, max_size=20))
def test_format_and_normalise_round_trip(digits: str) -> None:
    """Formatting then normalising a receipt gives it back."""
    shown = format_receipt(digits)

    assert normalise_receipt(shown) == digits
    assert len(shown) == 24


def test_derive_receipt_known_answer() -> None:
    """A fixed receipt, salt and pepper give a pinned lookup id and seed."""
    secrets = derive(RECEIPT)

    assert secrets.lookup_id.hex() == (
        "d13998735c2b98a23dd8aeacebaeec3e224990b380c9c00cac70676cd25fd393"
    )
    assert secrets.seed.hex() == (
        "da18b401a0660c48b9af9c0886d6d3acca62d1f118d41716369ad80cedb7bde7"
    )


def test_derive_receipt_follows_the_documented_recipe() -> None:
    """Lookup id and seed are the documented BLAKE2b hashes of the two Argon2id halves."""
    out = hash_secret_raw(
        RECEIPT.encode(), OFFICE_SALT, time_cost=1, memory_cost=64, parallelism=1,
        hash_len=64, type=Type.ID,
    )  # fmt: skip

    secrets = derive(RECEIPT)

    lookup = hashlib.blake2b(out[:32], digest_size=32, key=PEPPER, person=b"confide-lookup")
    seed = hashlib.blake2b(out[32:], digest_size=32, person=b"confide-rcpt")
    assert secrets.lookup_id == lookup.digest()
    assert secrets.seed == seed.digest()


def test_derive_receipt_runs_argon2id_exactly_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A receipt login costs exactly one call of crypto._kdf.derive_key."""
    calls: list[int] = []
    real = crypto._kdf.derive_key

    def counting(secret: bytes, salt: bytes, params: crypto.KdfParams, length: int) -> bytes:
        calls.append(length)
        return real(secret, salt, params, length)

    monkeypatch.setattr(crypto._kdf, "derive_key", counting)

    derive(RECEIPT)

    assert calls == [64]


def test_typed_and_normalised_receipts_derive_alike() -> None:
    """A receipt typed in groups and in Arabic-Indic digits gives the same secrets."""
    typed = derive("٠١٢٣ ٤٥٦٧ ٨٩٠١ ٢٣٤٥ ٦٧٨٩")

    assert typed == derive(RECEIPT)


def test_pepper_changes_lookup_id_not_seed() -> None:
    """Another pepper gives another lookup id but the same reporter seed."""
    peppered = derive(RECEIPT, pepper=bytes(32))

    plain = derive(RECEIPT)

    assert peppered.lookup_id != plain.lookup_id
    assert peppered.seed == plain.seed
    assert len(plain.lookup_id) == LOOKUP_ID_BYTES


def test_receipt_keys_are_derived_from_the_seed() -> None:
    """ReceiptSecrets.keys are the principal keys of its seed."""
    secrets = derive(RECEIPT)

    keys = secrets.keys

    assert keys.box_public == derive_keys(secrets.seed).box_public


def test_receipt_secrets_repr_hides_the_seed() -> None:
    """The repr of ReceiptSecrets does not show the seed."""
    secrets = derive(RECEIPT)

    assert repr(secrets.seed) not in repr(secrets)


@pytest.mark.parametrize(
    ("salt", "pepper"),
    [
        pytest.param(OFFICE_SALT[:15], PEPPER, id="short-salt"),
        pytest.param(OFFICE_SALT + b"\x00", PEPPER, id="long-salt"),
        pytest.param(OFFICE_SALT, PEPPER[:31], id="short-pepper"),
        pytest.param(OFFICE_SALT, b"", id="no-pepper"),
    ],
)
def test_derive_receipt_refuses_bad_salt_or_pepper(salt: bytes, pepper: bytes) -> None:
    """A salt or pepper of the wrong length raises FormatError."""
    with pytest.raises(FormatError):
        derive_receipt(RECEIPT, office_salt=salt, pepper=pepper, params=TEST_KDF)


def test_office_salt_and_pepper_lengths() -> None:
    """Generated salts are 16 bytes and peppers 32 bytes, fresh each time."""
    salts = {generate_office_salt() for _ in range(10)}
    peppers = {generate_pepper() for _ in range(10)}

    assert {len(salt) for salt in salts} == {16}
    assert {len(pepper) for pepper in peppers} == {32}
    assert len(salts) == len(peppers) == 10
