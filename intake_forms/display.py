"""Answers as people read them: each question's label and each answer's label, never a code.

The console shows a case's answers with the form *version* they were given under, in the
form's language: a choice shows its label ("I have seen documents", not ``documents``), a
country its name, yes/no as "Yes"/"No", money as "1250.00 EUR", a date range as
"2024-01-01 to 2024-03-31", a repeating group as its entries. An answer stored under a
name the form version does not know (which a correct form never produces) is still shown,
under its stored name, so that nothing a person wrote is ever hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .countries import countries
from .fields import Field, FieldKind, Form

Translate = Callable[[str], str]
DISPLAY_WORDS = ("Yes", "No", "to", "ongoing")
"""Words this module shows around answers (message ids in the catalogs)."""


@dataclass(frozen=True, slots=True)
class Shown:
    """One answer as shown: the question, the answer's text lines, and any group entries."""

    label: str
    lines: tuple[str, ...] = ()
    entries: tuple[tuple[Shown, ...], ...] = field(default=())


def _choice(form_field: Field, value: str, _: Translate) -> str:
    if form_field.kind is FieldKind.YES_NO:
        return _("Yes") if value == "yes" else _("No") if value == "no" else value
    if form_field.kind is FieldKind.COUNTRY:
        return _(dict(countries()).get(value, value))
    return next((_(c.label) for c in form_field.choices if c.value == value), value)


def _lines(form_field: Field, value: Any, _: Translate) -> tuple[str, ...]:
    kind = form_field.kind
    if isinstance(value, bool):  # not produced by validation; shown plainly if stored
        return (_("Yes") if value else _("No"),)
    if isinstance(value, list):
        return tuple(_choice(form_field, str(v), _) for v in value)
    if isinstance(value, dict) and kind is FieldKind.MONEY:
        return (f"{value.get('amount', '')} {value.get('currency', '')}",)
    if isinstance(value, dict) and kind is FieldKind.DATE_RANGE:
        end = value.get("to") or _("ongoing")
        return (f"{value.get('from', '')} {_('to')} {end}",)
    if isinstance(value, dict):
        return tuple(f"{k}: {v}" for k, v in value.items())
    return (_choice(form_field, str(value), _),)


def _shown(form_field: Field, value: Any, _: Translate) -> Shown:
    if form_field.kind is FieldKind.GROUP and isinstance(value, list):
        entries = tuple(
            tuple(
                _shown(member, entry[member.name], _)
                for member in form_field.fields
                if isinstance(entry, dict) and member.name in entry
            )
            for entry in value
        )
        return Shown(_(form_field.label), entries=entries)
    return Shown(_(form_field.label), _lines(form_field, value, _))


def show_answers(form: Form, answers: Mapping[str, Any], translate: Translate) -> list[Shown]:
    """The answers in the form's order, each with its question and answer labels."""
    known = {f.name for f in form.fields}
    shown = [_shown(f, answers[f.name], translate) for f in form.fields if f.name in answers]
    shown += [unknown(name, answers[name]) for name in answers if name not in known]
    return shown


def unknown(name: str, value: Any) -> Shown:
    """An answer the form does not define, shown as stored (nothing is ever hidden)."""
    values = value if isinstance(value, list) else [value]
    return Shown(name, tuple(str(v) for v in values))
