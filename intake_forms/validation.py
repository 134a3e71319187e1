"""Checking submitted answers against a form definition, and serialising them.

:func:`validate` takes what a browser sent (every input as a list of strings, since an HTML
form may repeat a name) and returns the cleaned answers plus one message per faulty input,
so that the page can show each message next to its field with the person's input kept.
It never raises on hostile input: unknown inputs are ignored, text is normalised (newlines
unified, control characters removed), and every value is checked against its field's kind,
choices, bounds and length limit (:mod:`intake_forms.kinds`).

Conditional fields are honoured on the server: a field whose condition does not hold is
neither required nor kept, whatever the browser sent (so a name typed and then hidden by
answering "no" is never stored). A repeating group's answer is the list of its non-blank
entries; an error inside entry ``n`` is reported under that input's own name
(``assets.1.value``), and one about the group as a whole under the group's name.

Error messages are gettext message ids, translated when the page is rendered.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import kinds
from .fields import Field, FieldKind, Form
from .groups import entry_indices, entry_key
from .kinds import Answer, Data, FieldError, clean_text, read_answer
from .languages import current

ERROR_MESSAGES = (
    kinds.REQUIRED,
    kinds.TOO_LONG,
    kinds.NOT_A_CHOICE,
    kinds.NOT_A_DATE,
    kinds.FUTURE_DATE,
    kinds.NOT_YES_NO,
    kinds.NOT_A_COUNTRY,
    kinds.NOT_A_NUMBER,
    kinds.TOO_SMALL,
    kinds.TOO_BIG,
    kinds.TOO_PRECISE,
    kinds.NOT_A_CURRENCY,
    kinds.NOT_AN_EMAIL,
    kinds.RANGE_ORDER,
    kinds.TOO_FEW_ENTRIES,
    kinds.TOO_MANY_ENTRIES,
)

__all__ = ["ERROR_MESSAGES", "FieldError", "Validated", "clean_text", "is_active", "validate"]


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

    def clear_answers(self) -> dict[str, str]:
        """The answers of the form's clear fields (clear metadata for the statistics)."""
        return {
            f.name: str(self.answers[f.name])
            for f in self.form.clear_fields
            if f.name in self.answers
        }


def is_active(form_field: Field, answers: Mapping[str, Answer]) -> bool:
    """Whether a field applies, given the answers cleaned so far."""
    condition = form_field.show_if
    if condition is None:
        return True
    value = answers.get(condition.field)
    if isinstance(value, list):
        return any(v in condition.values for v in value)
    return value in condition.values


def _group(group: Field, data: Data, today: date, errors: dict[str, FieldError]) -> list[Any]:
    """The non-blank entries of a group, each checked field by field."""
    entries: list[dict[str, Answer]] = []
    for index in entry_indices(group, data):
        entry: dict[str, Answer] = {}
        entry_errors: dict[str, FieldError] = {}
        for member in group.fields:
            key = entry_key(group.name, index, member.name)
            value, error = read_answer(member, data, key, today)
            if error is not None:
                entry_errors[key] = error
            elif value is not None:
                entry[member.name] = value
        blank = not entry and all(e.message == kinds.REQUIRED for e in entry_errors.values())
        if not blank:
            errors.update(entry_errors)
            entries.append(entry)
    if len(entries) < group.min_entries or (group.required and not entries):
        errors[group.name] = FieldError(kinds.TOO_FEW_ENTRIES, max(group.min_entries, 1))
    return entries


def validate(form: Form, data: Data, *, today: date) -> Validated:
    """Check what a browser sent against ``form``.

    Args:
        form: The form definition.
        data: Input name to the list of values sent under it (file inputs are ignored).
        today: The date against which future dates are refused.

    Returns:
        The cleaned answers of every active, non-empty field, and an error per bad input.
    """
    result = Validated(form=form)
    for form_field in form.fields:
        if form_field.kind is FieldKind.FILE or not is_active(form_field, result.answers):
            continue
        if form_field.kind is FieldKind.GROUP:
            entries = _group(form_field, data, today, result.errors)
            if entries:
                result.answers[form_field.name] = entries
            continue
        value, error = read_answer(form_field, data, form_field.name, today)
        if error is not None:
            result.errors[form_field.name] = error
        elif value is not None:
            result.answers[form_field.name] = value
    return result


def _document(validated: Validated, sealed_apart: bool) -> dict[str, Answer]:
    form = validated.form
    sections = {s.id for s in form.sections if s.sealed_apart == sealed_apart}
    names = [f.name for f in form.fields if f.section in sections]
    return {name: validated.answers[name] for name in names if name in validated.answers}


def _encode(validated: Validated, key: str, content: dict[str, Answer]) -> bytes:
    form = validated.form
    # The language the person answered in (the page they read): sealed with the answers,
    # so the officer can reply in it. A document without one was written in English.
    language = current().code
    document = {"form": form.id, "version": form.version, "language": language, key: content}
    return json.dumps(document, ensure_ascii=False, sort_keys=True).encode()


def answers_bytes(validated: Validated) -> bytes:
    """The answers as canonical JSON, tagged with the form id, version and language."""
    return _encode(validated, "answers", _document(validated, sealed_apart=False))


def identity_bytes(validated: Validated) -> bytes | None:
    """The sealed-apart (identity) answers as JSON, or None when none were given.

    A yes/no question that only opens the others ("Do you want to tell us who you are?")
    is not an identity by itself.
    """
    gates = {f.show_if.field for f in validated.form.fields if f.show_if is not None}
    given = {k: v for k, v in _document(validated, sealed_apart=True).items() if k not in gates}
    return _encode(validated, "identity", given) if given else None
