"""Checking submitted answers against a form definition, and serialising them.

:func:`validate` takes what a browser sent (every field as a list of strings, since an HTML
form may repeat a name) and returns the cleaned answers plus one message per faulty field,
so that the page can show each message next to its field with the reporter's input kept.
It never raises on hostile input: unknown fields are ignored, text is normalised (newlines
unified, control characters removed), and every value is checked against its field's type,
choices and length limit.

Conditional fields are honoured on the server: a field whose condition does not hold is
neither required nor kept, whatever the browser sent (so a name typed and then hidden by
answering "no" is never stored).

Error messages are gettext message ids, translated when the page is rendered.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from .countries import country_codes
from .fields import Field, FieldKind, Form, Section

Answer = str | list[str]

REQUIRED = "This answer is required."
TOO_LONG = "This answer is too long (at most {limit} characters)."
NOT_A_CHOICE = "Choose one of the options."
NOT_A_DATE = "Enter a date as YYYY-MM-DD, for example 2024-03-31."
FUTURE_DATE = "The date cannot be in the future."
NOT_YES_NO = "Answer yes or no."
NOT_A_COUNTRY = "Choose a country from the list."
ERROR_MESSAGES = (
    REQUIRED,
    TOO_LONG,
    NOT_A_CHOICE,
    NOT_A_DATE,
    FUTURE_DATE,
    NOT_YES_NO,
    NOT_A_COUNTRY,
)

YES_NO_VALUES = ("yes", "no")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class FieldError:
    """A message id and its format arguments."""

    message: str
    limit: int = 0


@dataclass(slots=True)
class Validated:
    """The outcome of :func:`validate`."""

    form: Form
    answers: dict[str, Answer] = field(default_factory=dict)
    errors: dict[str, FieldError] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether every field is valid."""
        return not self.errors

    @property
    def category(self) -> str:
        """The clear-metadata category (the category field's stored value)."""
        value = self.answers.get(self.form.category_field, "")
        return value if isinstance(value, str) else ""


def clean_text(value: str) -> str:
    """Normalise text: NFC, ``\\n`` newlines, no control characters, trimmed."""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", value).strip()


def is_active(form_field: Field, answers: Mapping[str, Answer]) -> bool:
    """Whether a field applies, given the answers cleaned so far."""
    condition = form_field.show_if
    if condition is None:
        return True
    value = answers.get(condition.field)
    if isinstance(value, list):
        return any(v in condition.values for v in value)
    return value in condition.values


def _check_single(form_field: Field, value: str, today: date) -> FieldError | None:
    kind = form_field.kind
    if len(value) > form_field.limit:
        return FieldError(TOO_LONG, form_field.limit)
    if kind is FieldKind.SINGLE_CHOICE and value not in {c.value for c in form_field.choices}:
        return FieldError(NOT_A_CHOICE)
    if kind is FieldKind.YES_NO and value not in YES_NO_VALUES:
        return FieldError(NOT_YES_NO)
    if kind is FieldKind.COUNTRY and value not in country_codes():
        return FieldError(NOT_A_COUNTRY)
    if kind is FieldKind.DATE:
        if not _DATE.fullmatch(value):
            return FieldError(NOT_A_DATE)
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            return FieldError(NOT_A_DATE)
        if parsed > today:
            return FieldError(FUTURE_DATE)
    return None


def validate(form: Form, data: Mapping[str, Sequence[str]], *, today: date) -> Validated:
    """Check what a browser sent against ``form``.

    Args:
        form: The form definition.
        data: Field name to the list of values sent under it (file fields are ignored).
        today: The date against which future dates are refused.

    Returns:
        The cleaned answers of every active, non-empty field, and an error per bad field.
    """
    result = Validated(form=form)
    for form_field in form.fields:
        if form_field.kind is FieldKind.FILE or not is_active(form_field, result.answers):
            continue
        raw = [clean_text(v) for v in data.get(form_field.name, ())]
        values = [v for v in raw if v]
        if form_field.kind is FieldKind.MULTIPLE_CHOICE:
            allowed = {c.value for c in form_field.choices}
            if any(v not in allowed for v in values):
                result.errors[form_field.name] = FieldError(NOT_A_CHOICE)
            elif values:
                result.answers[form_field.name] = sorted(set(values), key=values.index)
            elif form_field.required:
                result.errors[form_field.name] = FieldError(REQUIRED)
            continue
        if not values:
            if form_field.required:
                result.errors[form_field.name] = FieldError(REQUIRED)
            continue
        error = _check_single(form_field, values[0], today)
        if error is not None:
            result.errors[form_field.name] = error
        else:
            result.answers[form_field.name] = values[0]
    return result


def _section_json(validated: Validated, section: Section) -> dict[str, Answer]:
    names = [f.name for f in validated.form.section_fields(section)]
    return {name: validated.answers[name] for name in names if name in validated.answers}


def answers_bytes(validated: Validated) -> bytes:
    """The report section as canonical JSON, tagged with the form id and version."""
    document = {
        "form": validated.form.id,
        "version": validated.form.version,
        "answers": _section_json(validated, Section.REPORT),
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True).encode()


def identity_bytes(validated: Validated) -> bytes | None:
    """The identity section as JSON, or None when the reporter gave no identity."""
    identity = _section_json(validated, Section.IDENTITY)
    given = {k: v for k, v in identity.items() if k != "share_identity"}
    if not given:
        return None
    document = {"form": validated.form.id, "version": validated.form.version, "identity": given}
    return json.dumps(document, ensure_ascii=False, sort_keys=True).encode()
