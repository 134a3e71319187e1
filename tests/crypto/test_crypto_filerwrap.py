"""Filer wraps: their own version, and no crossing with staff wraps in either direction (G6)."""

import pytest

from crypto import TEST_KDF, FormatError, WrongPasswordError, generate_seed
from crypto.filerwrap import (
    FILER_WRAP_VERSION,
    dummy_filer_wrap,
    filer_wrap_params,
    unwrap_filer_seed,
    wrap_filer_seed,
)
from crypto.seedwrap import unwrap_seed, wrap_seed

PASSWORD = "a filer's long passphrase"


def test_round_trip_and_parameters() -> None:
    """A filer's wrap opens with their password and records its KDF parameters."""
    seed = generate_seed()

    wrapped = wrap_filer_seed(seed, PASSWORD, TEST_KDF)

    assert wrapped[0] == FILER_WRAP_VERSION
    assert unwrap_filer_seed(wrapped, PASSWORD) == seed
    assert filer_wrap_params(wrapped) == TEST_KDF


def test_an_officers_wrap_never_opens_as_a_filers() -> None:
    """The filer unwrap refuses a staff wrap, even with the right password and relabelled."""
    officer_wrap = wrap_seed(generate_seed(), PASSWORD, TEST_KDF)
    relabelled = bytes([FILER_WRAP_VERSION]) + officer_wrap[1:]

    with pytest.raises(FormatError):
        unwrap_filer_seed(officer_wrap, PASSWORD)
    with pytest.raises(WrongPasswordError):
        unwrap_filer_seed(relabelled, PASSWORD)


def test_a_filers_wrap_never_opens_as_a_staff_wrap() -> None:
    """The staff unwrap refuses a filer's wrap, relabelled or not."""
    filer_wrap = wrap_filer_seed(generate_seed(), PASSWORD, TEST_KDF)

    with pytest.raises(FormatError):
        unwrap_seed(filer_wrap, PASSWORD)
    with pytest.raises(WrongPasswordError):
        unwrap_seed(bytes([1]) + filer_wrap[1:], PASSWORD)


def test_the_dummy_wrap_opens_with_nothing() -> None:
    """The equal-work dummy is a well-formed filer wrap that no password opens."""
    with pytest.raises(WrongPasswordError):
        unwrap_filer_seed(dummy_filer_wrap(TEST_KDF), PASSWORD)
