"""Shared web plumbing: cookie values and parameters read the same way in both apps."""

import enum

import pytest

from confide.web.cookies import decode_key, encode_key
from confide.web.params import choice, flag, text


class Colour(enum.StrEnum):
    RED = "red"
    BLUE = "blue"


def test_a_key_round_trips_through_a_cookie_value() -> None:
    """A 32-byte key becomes 43 URL-safe characters and comes back unchanged."""
    key = bytes(range(32))

    value = encode_key(key)

    assert len(value) == 43 and "=" not in value
    assert decode_key(value) == key


@pytest.mark.parametrize(
    "value",
    [None, "", "x" * 43, "A" * 42, "A" * 44, "A" * 100_000, "%%%", encode_key(b"short")],
    ids=["none", "empty", "not-base64-length", "short", "long", "huge", "garbage", "16-bytes"],
)
def test_anything_but_a_key_is_no_session(value: str | None) -> None:
    """Malformed, truncated or oversized values decode to None, never an exception."""
    assert decode_key(value) is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ("", False, Colour.RED)),
        ({"q": "x" * 500, "f": "1", "c": "blue"}, ("x" * 64, True, Colour.BLUE)),
        ({"q": "ok", "f": "yes", "c": "'; DROP"}, ("ok", False, Colour.RED)),
    ],
    ids=["absent", "bounded", "hostile"],
)
def test_parameters_are_bounded_and_defaulted(params: dict, expected: tuple) -> None:
    """Text is cut to its limit, flags need "1", choices fall back to the default."""
    assert (text(params, "q", 64), flag(params, "f"), choice(params, "c", Colour, Colour.RED)) == (
        expected
    )
