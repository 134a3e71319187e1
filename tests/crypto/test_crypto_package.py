"""Tests of the package surface: exports, exception hierarchy and the import boundary."""

import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import crypto
from crypto import (
    ChainError,
    CryptoError,
    DecryptionError,
    FormatError,
    ReceiptFormatError,
    SignatureError,
    StreamError,
    WrongPasswordError,
)

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_every_exported_name_exists() -> None:
    """Every name in crypto.__all__ is defined by the package."""
    missing = [name for name in crypto.__all__ if not hasattr(crypto, name)]

    assert missing == []


def test_seedwrap_is_not_reexported() -> None:
    """Nothing from crypto.seedwrap is exported by the public package."""
    from crypto import seedwrap

    leaked = set(seedwrap.__all__) & set(crypto.__all__)

    assert leaked == set()


def test_importing_crypto_never_loads_seedwrap() -> None:
    """A fresh interpreter that imports crypto has not loaded crypto.seedwrap."""
    code = "import sys, crypto; print('crypto.seedwrap' in sys.modules)"

    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("error", "parents"),
    [
        (DecryptionError, (CryptoError,)),
        (WrongPasswordError, (DecryptionError, CryptoError)),
        (FormatError, (CryptoError, ValueError)),
        (ReceiptFormatError, (FormatError, ValueError)),
        (StreamError, (DecryptionError, CryptoError)),
        (ChainError, (CryptoError,)),
        (SignatureError, (CryptoError,)),
    ],
    ids=lambda value: value.__name__ if isinstance(value, type) else None,
)
def test_exception_hierarchy(error: type[Exception], parents: tuple[type[Exception], ...]) -> None:
    """Each specific error is caught by the classes callers rely on."""
    assert issubclass(error, parents)


def test_chain_error_names_entry_and_position() -> None:
    """A ChainError carries the entry id and position and names both in its message."""
    error = ChainError("log-17", 3)

    message = str(error)

    assert (error.entry_id, error.position) == ("log-17", 3)
    assert "'log-17'" in message
    assert "3" in message


def test_chain_error_survives_pickling() -> None:
    """A ChainError keeps its attributes through pickle (e.g. across processes)."""
    error = ChainError(42, 7)

    restored = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object

    assert (restored.entry_id, restored.position) == (42, 7)


def test_sha256_known_answer() -> None:
    """The export fingerprint is standard SHA-256, fed in pieces."""
    from crypto import Sha256

    digest = Sha256()
    digest.update(b"a")
    digest.update(b"bc")

    assert digest.hexdigest() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
