"""Tests of principal key derivation."""

import hashlib

import pytest

from crypto import SEED_BYTES, FormatError, derive_keys, generate_seed, principal_record_key

SEED = bytes(range(32))


def test_derive_keys_known_answer() -> None:
    """A fixed seed gives pinned box and verify public keys."""
    keys = derive_keys(SEED)

    assert keys.box_public.hex() == (
        "64fd99b8e920c89c1647b8ef60337ad943952ea8fcda0f3769b241e6606c611e"
    )
    assert keys.verify_key.hex() == (
        "341713df1ea2704f33ef7473dc3d9c693a517f53e8b5bb1cc3042ae30fdfe879"
    )


def test_derivation_follows_the_documented_recipe() -> None:
    """The private keys are BLAKE2b-256 of the seed under the documented personalisations."""
    keys = derive_keys(SEED)

    box = hashlib.blake2b(SEED, digest_size=32, person=b"confide-box").digest()
    signing = hashlib.blake2b(SEED, digest_size=32, person=b"confide-sign").digest()
    record = hashlib.blake2b(SEED, digest_size=32, person=b"confide-rec").digest()

    assert bytes(keys.box) == box
    assert bytes(keys.signing) == signing
    assert principal_record_key(SEED) == record


def test_principal_record_key_known_answer() -> None:
    """A fixed seed gives a pinned record key, distinct from the box key."""
    key = principal_record_key(SEED)

    assert key.hex() == "6a949e777f9297637375b34a9b8b8f602ea54b733a26e1872a7023cdbf05f405"
    assert key != bytes(derive_keys(SEED).box)


def test_generate_seed_is_fresh() -> None:
    """Generated seeds have the seed length and differ."""
    seeds = {generate_seed() for _ in range(100)}

    assert len(seeds) == 100
    assert {len(seed) for seed in seeds} == {SEED_BYTES}


@pytest.mark.parametrize(
    "seed",
    [
        pytest.param(b"", id="empty"),
        pytest.param(bytes(31), id="31"),
        pytest.param(bytes(33), id="33"),
    ],
)
def test_wrong_seed_length_is_refused(seed: bytes) -> None:
    """A seed that is not 32 bytes raises FormatError for every derivation."""
    with pytest.raises(FormatError):
        derive_keys(seed)
    with pytest.raises(FormatError):
        principal_record_key(seed)


def test_repr_does_not_leak_private_keys() -> None:
    """The repr of PrincipalKeys shows no key material."""
    keys = derive_keys(SEED)

    text = repr(keys)

    assert bytes(keys.box).hex() not in text
    assert "box=" not in text
