"""The vocabulary of a form definition: fields, choices, conditions, sections and the form.

A form is data, not code: a frozen :class:`Form` holding :class:`Field` definitions in
:class:`Section` groups. The gateway renders it, :mod:`intake_forms.validation` checks
answers against it, and casework stores the answers with the form's id and version, so an
answer is always read with the definition it was given under. Changing a published form
means a new ``version``; every version stays published (:mod:`intake_forms.registry`).

Every label, help text, section title and choice label is an English source string used as
a gettext message id (see :mod:`intake_forms.i18n`); nothing is translated at import time.

A field with ``show_if`` is conditional: it applies only while another field holds one of
the given values. With JavaScript off every field is shown, with a note saying when it
applies; the server honours the condition either way (a hidden field is neither required
nor stored, whatever the browser sent).

A :attr:`FieldKind.GROUP` field repeats: its answer is a list of entries, each with the
group's own ``fields`` (assets, gifts, relatives...). The browser sends them as
``<group>.<n>.<field>``; adding and removing an entry are plain submit buttons, so they work
with JavaScript off (:mod:`intake_forms.groups`).

A field marked ``clear`` is clear metadata (DESIGN.md): its value is kept unencrypted for
the statistics, so only enumerated kinds may be clear (:data:`CLEAR_KINDS`).
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
    NUMBER = "number"
    MONEY = "money"
    EMAIL = "email"
    DATE_RANGE = "date_range"
    GROUP = "group"


CLEAR_KINDS = frozenset({FieldKind.SINGLE_CHOICE, FieldKind.YES_NO, FieldKind.COUNTRY})
"""Kinds whose answer may be clear metadata: enumerated values that carry no free text."""


class Audience(enum.StrEnum):
    """Who may fill a form in."""

    ANONYMOUS = "anonymous"  # anyone, at the gateway; they get a receipt
    FILER = "filer"  # a signed-in filer at the gateway (a principal with their own keys)
    OFFICE = "office"  # an officer, in the console (a matter that came by phone or mail)


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of a form.

    Attributes:
        id: what fields name in ``Field.section``.
        title: translatable heading ("" for none).
        intro: translatable text under the heading.
        sealed_apart: its answers are stored as a separate record (the identity), so that
            opening them is logged on its own. Whether it must be filled is the channel
            policy's ``identity`` (its fields are then marked ``required``).
    """

    id: str
    title: str = ""
    intro: str = ""
    sealed_apart: bool = False


MAIN = "main"
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
GROUP_MAX_ENTRIES = 50


@dataclass(frozen=True, slots=True)
class Field:
    """One question of a form.

    Attributes:
        minimum, maximum: bounds of a number or a money amount (None: unbounded above).
        currencies: the ISO 4217 codes a money field offers (empty: every code).
        fields, min_entries, max_entries: a group's own fields and how many entries.
        clear: the answer is clear metadata (only for :data:`CLEAR_KINDS`).
    """

    name: str
    kind: FieldKind
    label: str
    help: str = ""
    required: bool = False
    choices: tuple[Choice, ...] = ()
    show_if: Condition | None = None
    section: str = MAIN
    max_chars: int = 0
    minimum: float = 0
    maximum: float | None = None
    currencies: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()
    min_entries: int = 0
    max_entries: int = GROUP_MAX_ENTRIES
    clear: bool = False

    def __post_init__(self) -> None:
        """Refuse a definition that contradicts itself, when the form is declared."""
        if self.clear and self.kind not in CLEAR_KINDS:
            raise ValueError(f"{self.name}: only enumerated answers can be clear metadata")
        if (self.kind is FieldKind.GROUP) != bool(self.fields):
            raise ValueError(f"{self.name}: a group, and only a group, has fields")
        if any(f.kind in {FieldKind.GROUP, FieldKind.FILE} or f.show_if for f in self.fields):
            raise ValueError(f"{self.name}: a group holds plain fields only")

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

    def member(self, name: str) -> Field:
        """The group's field called ``name`` (KeyError when there is none)."""
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(name)


@dataclass(frozen=True, slots=True)
class Form:
    """A versioned form definition.

    Attributes:
        id: The channel name (stable; used in URLs and as the case's channel).
        version: Bumped whenever a published definition changes.
        title: Translatable title.
        intro: Translatable introduction.
        fields: The questions, in display order.
        sections: The parts of the form, in display order (fields name them).
        audience: Who may fill it in.
        language: The language of its source strings (what the console shows).
    """

    id: str
    version: int
    title: str
    intro: str
    fields: tuple[Field, ...]
    sections: tuple[Section, ...] = (Section(MAIN),)
    audience: Audience = Audience.ANONYMOUS
    language: str = "en"

    def __post_init__(self) -> None:
        """Every field names a section of the form."""
        known = {s.id for s in self.sections}
        for form_field in self.fields:
            if form_field.section not in known:
                raise ValueError(f"{form_field.name}: no section {form_field.section!r}")

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

    @property
    def clear_fields(self) -> tuple[Field, ...]:
        """The fields whose answers are clear metadata."""
        return tuple(f for f in self.fields if f.clear)

    @property
    def group_fields(self) -> tuple[Field, ...]:
        """The repeating groups."""
        return tuple(f for f in self.fields if f.kind is FieldKind.GROUP)

    def section_fields(self, section: str) -> tuple[Field, ...]:
        """The non-file fields of one section, in order."""
        return tuple(
            f for f in self.fields if f.section == section and f.kind is not FieldKind.FILE
        )

    def in_section(self, section: str) -> tuple[Field, ...]:
        """Every field of one section (files too), in order: what the page shows."""
        return tuple(f for f in self.fields if f.section == section)

    @property
    def sealed_apart(self) -> tuple[Section, ...]:
        """The sections stored as their own record (the identity)."""
        return tuple(s for s in self.sections if s.sealed_apart)
