"""The protection world fixture (tests/casework/protection/protectionkit.py)."""

import pytest

from tests.casework.protection.protectionkit import Protection, make_world


@pytest.fixture
def world(office, settings, tmp_path) -> Protection:
    """A formal request for protection, received by an officer and the director."""
    return make_world(office, settings, tmp_path)
