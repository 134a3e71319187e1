"""The vocabulary of a form definition: fields, choices, conditions and the form itself.

A form is data, not code: a frozen :class:`Form` holding :class:`Field` definitions. The
gateway renders it, :mod:`intake_forms.validation` checks answers against it, and casework
stores the answers with the form's id and version, so an answer is always read with the
definition it was given under. Changing a published form means a new ``version``.

Every label, help text and choice label is an English source string used as a gettext
message id (see :mod:`intake_forms.i18n`); nothing here is translated at import time.

A field with ``show_if`` is conditional: it applies only while another field holds one of
the given values. With JavaScript off every field is shown, with a note saying when it
applies; the server honours the condition either way (a hidden field is neither required
nor stored, whatever the browser sent).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class FieldKind(enum.StrEnum):
    """The types of field a form may use."""

    TEXT = "text"
    LONG_TEXT = "long_text"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    DATE = "date"
    YES_NO = "yes_no"
    COUNTRY = "country"
    FILE = "file"


class Section(enum.StrEnum):
    """Where an answer is stored: the report itself, or the separately sealed identity."""

    REPORT = "report"
    IDENTITY = "identity"


@dataclass(frozen=True, slots=True)
class Choice:
    """One option of a choice field: a stable stored value and a translatable label."""

    value: str
    label: str


@dataclass(frozen=True, slots=True)
class Condition:
    """A field applies only while ``field`` holds one of ``values``."""

    field: str
    values: tuple[str, ...]


TEXT_MAX_CHARS = 500
LONG_TEXT_MAX_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class Field:
    """One question of a form."""

    name: str
    kind: FieldKind
    label: str
    help: str = ""
    required: bool = False
    choices: tuple[Choice, ...] = ()
    show_if: Condition | None = None
    section: Section = Section.REPORT
    max_chars: int = 0

    @property
    def limit(self) -> int:
        """The longest accepted answer, in characters."""
        if self.max_chars:
            return self.max_chars
        return LONG_TEXT_MAX_CHARS if self.kind is FieldKind.LONG_TEXT else TEXT_MAX_CHARS

    @property
    def is_choice(self) -> bool:
        """Whether the answer is picked from :attr:`choices`."""
        return self.kind in {FieldKind.SINGLE_CHOICE, FieldKind.MULTIPLE_CHOICE}


@dataclass(frozen=True, slots=True)
class Form:
    """A versioned form definition.

    Attributes:
        id: The channel name (stable; used in URLs and as the case's channel).
        version: Bumped whenever a published definition changes.
        title: Translatable title.
        intro: Translatable introduction.
        fields: The questions, in display order.
        category_field: The single-choice field whose value becomes the case's clear
            category (DESIGN.md, "Clear metadata"); its choices are the enumerated set.
    """

    id: str
    version: int
    title: str
    intro: str
    fields: tuple[Field, ...]
    category_field: str
    identity_intro: str = ""

    def field(self, name: str) -> Field:
        """The field called ``name``.

        Raises:
            KeyError: there is no such field.
        """
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(name)

    @property
    def file_fields(self) -> tuple[Field, ...]:
        """The file fields (their content is streamed, never validated as text)."""
        return tuple(f for f in self.fields if f.kind is FieldKind.FILE)

    def section_fields(self, section: Section) -> tuple[Field, ...]:
        """The non-file fields of one section, in order."""
        return tuple(
            f for f in self.fields if f.section is section and f.kind is not FieldKind.FILE
        )
