"""Reading and checking one answer of each field kind from what a browser sent.

A field's inputs are named after it: ``name`` for most kinds, ``name.amount`` and
``name.currency`` for money, ``name.from`` and ``name.to`` for a date range; inside a
repeating group the name is prefixed with ``<group>.<entry>.``. :func:`read_answer` returns
the cleaned answer (None when nothing was given) or a :class:`FieldError`; it never raises
on hostile input.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from .countries import country_codes
from .currencies import minor_units
from .fields import Field, FieldKind
from .languages import current, number_marks

Answer = Any  # str | list[str] | dict[str, str] | list[dict[str, Answer]]
Data = Mapping[str, Sequence[str]]

REQUIRED = "This answer is required."
TOO_LONG = "This answer is too long (at most {limit} characters)."
NOT_A_CHOICE = "Choose one of the options."
NOT_A_DATE = "Enter a date as YYYY-MM-DD, for example 2024-03-31."
FUTURE_DATE = "The date cannot be in the future."
NOT_YES_NO = "Answer yes or no."
NOT_A_COUNTRY = "Choose a country from the list."
NOT_A_NUMBER = "Enter a number, for example 1250 or 1250.50."
TOO_SMALL = "Enter a number of at least {limit}."
TOO_BIG = "Enter a number of at most {limit}."
TOO_PRECISE = "Enter at most {limit} digits after the decimal point."
NOT_A_CURRENCY = "Choose a currency from the list."
NOT_AN_EMAIL = "Enter an e-mail address, for example name@example.org."
RANGE_ORDER = "The end date cannot be before the start date."
TOO_FEW_ENTRIES = "Add at least {limit} entries."
TOO_MANY_ENTRIES = "There can be at most {limit} entries."

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBER = re.compile(r"\d{1,15}(\.\d{1,6})?")
_GROUPED = re.compile(r"\d{1,3}(,\d{3})+(\.\d{1,6})?")
# In a language that writes decimals with a comma (French, Spanish, Russian): 1250,50, or
# grouped by its own group mark (1.250,50 in Spanish; French and Russian group with spaces).
_COMMA_DECIMAL = re.compile(r"\d{1,15},\d{1,6}")
_DOT_GROUPED = re.compile(r"\d{1,3}(\.\d{3})+(,\d{1,6})?")
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+")
YES_NO_VALUES = ("yes", "no")


@dataclass(frozen=True, slots=True)
class FieldError:
    """A message id and its format arguments."""

    message: str
    limit: int = 0


Result = tuple[Answer | None, FieldError | None]


def clean_text(value: str) -> str:
    """Normalise text: NFC, ``\\n`` newlines, no control characters, trimmed."""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", value).strip()


def first(data: Data, key: str) -> str:
    """The first non-empty cleaned value sent under ``key`` ("" for none)."""
    return next((v for v in (clean_text(x) for x in data.get(key, ())) if v), "")


def _check_date(value: str, today: date) -> FieldError | None:
    if not _DATE.fullmatch(value):
        return FieldError(NOT_A_DATE)
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return FieldError(NOT_A_DATE)
    return FieldError(FUTURE_DATE) if parsed > today else None


def _check_text(form_field: Field, value: str, today: date) -> FieldError | None:
    kind = form_field.kind
    if len(value) > form_field.limit:
        return FieldError(TOO_LONG, form_field.limit)
    if kind is FieldKind.SINGLE_CHOICE and value not in {c.value for c in form_field.choices}:
        return FieldError(NOT_A_CHOICE)
    if kind is FieldKind.YES_NO and value not in YES_NO_VALUES:
        return FieldError(NOT_YES_NO)
    if kind is FieldKind.COUNTRY and value not in country_codes():
        return FieldError(NOT_A_COUNTRY)
    if kind is FieldKind.EMAIL and not _EMAIL.fullmatch(value):
        return FieldError(NOT_AN_EMAIL)
    if kind is FieldKind.DATE:
        return _check_date(value, today)
    return None


def _single(form_field: Field, data: Data, key: str, today: date) -> Result:
    value = first(data, key)
    if not value:
        return None, None
    error = _check_text(form_field, value, today)
    return (None, error) if error else (value, None)


def _multiple(form_field: Field, data: Data, key: str, _today: date) -> Result:
    values = [v for v in (clean_text(x) for x in data.get(key, ())) if v]
    if any(v not in {c.value for c in form_field.choices} for v in values):
        return None, FieldError(NOT_A_CHOICE)
    return (sorted(set(values), key=values.index) or None), None


def _as_written_here(text: str) -> str:
    """``text`` with the reader's language's marks turned into a plain ``1250.50``.

    English, Arabic and Chinese group with commas (1,250.50). French, Spanish and Russian
    write the decimal with a comma (1250,50); Spanish also groups with dots (1.250,50),
    so there "1.250" is a thousand two hundred and fifty, and in French it is 1.25, as a
    person of each language would read it. Anything else is left for the check to refuse.
    """
    decimal_mark, group_mark = number_marks(current().code)
    if decimal_mark == ",":
        if _COMMA_DECIMAL.fullmatch(text):
            return text.replace(",", ".")
        if group_mark == "." and _DOT_GROUPED.fullmatch(text):
            return text.replace(".", "").replace(",", ".")
        return text
    return text.replace(",", "") if _GROUPED.fullmatch(text) else text


def parse_number(form_field: Field, text: str, places: int | None = None) -> Result:
    """A decimal within the field's bounds, written back in a canonical form."""
    text = text.replace(" ", "").replace("\u202f", "").replace("\xa0", "").replace("_", "")
    text = _as_written_here(text)
    if not _NUMBER.fullmatch(text):
        return None, FieldError(NOT_A_NUMBER)
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None, FieldError(NOT_A_NUMBER)
    if number < Decimal(str(form_field.minimum)):
        return None, FieldError(TOO_SMALL, int(form_field.minimum))
    if form_field.maximum is not None and number > Decimal(str(form_field.maximum)):
        return None, FieldError(TOO_BIG, int(form_field.maximum))
    if places is not None:
        if -number.as_tuple().exponent > places:  # type: ignore[operator]
            return None, FieldError(TOO_PRECISE, places)
        return f"{number:.{places}f}", None
    return format(number.normalize(), "f"), None


def _number(form_field: Field, data: Data, key: str, _today: date) -> Result:
    text = first(data, key)
    if text.startswith("-"):
        return None, FieldError(TOO_SMALL, int(form_field.minimum))
    return parse_number(form_field, text) if text else (None, None)


def _money(form_field: Field, data: Data, key: str, _today: date) -> Result:
    amount, currency = first(data, f"{key}.amount"), first(data, f"{key}.currency").upper()
    if not amount:
        return None, None
    allowed = form_field.currencies or tuple(minor_units())
    if currency not in allowed or currency not in minor_units():
        return None, FieldError(NOT_A_CURRENCY)
    if amount.startswith("-"):
        return None, FieldError(TOO_SMALL, int(form_field.minimum))
    value, error = parse_number(form_field, amount, minor_units()[currency])
    return (None, error) if error else ({"amount": value, "currency": currency}, None)


def _date_range(_field: Field, data: Data, key: str, _today: date) -> Result:
    start, end = first(data, f"{key}.from"), first(data, f"{key}.to")
    if not start and not end:
        return None, None
    for value in (start, end):
        error = _check_date(value, date.max) if value else None  # a range may lie ahead
        if error is not None:
            return None, error
    if not start:
        return None, FieldError(NOT_A_DATE)
    if end and end < start:
        return None, FieldError(RANGE_ORDER)
    return {"from": start, "to": end}, None


READERS: dict[FieldKind, Callable[[Field, Data, str, date], Result]] = {
    FieldKind.MULTIPLE_CHOICE: _multiple,
    FieldKind.NUMBER: _number,
    FieldKind.MONEY: _money,
    FieldKind.DATE_RANGE: _date_range,
}


def read_answer(form_field: Field, data: Data, key: str, today: date) -> Result:
    """The cleaned answer of a plain (non-group, non-file) field under input name ``key``."""
    reader = READERS.get(form_field.kind, _single)
    value, error = reader(form_field, data, key, today)
    if error is None and value is None and form_field.required:
        return None, FieldError(REQUIRED)
    return value, error
