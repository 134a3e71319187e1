"""Translatable labels: the ``intake_forms`` gettext domain, extracted from the forms.

Labels, help texts, choice labels, country and currency names, validation messages and
the words around shown answers are English source strings used as gettext message ids.
They live in data (the form definitions), not in calls to ``_()``, so Babel's extractor
cannot find them: ``python -m intake_forms.i18n`` (``make i18n-extract``) walks every
version of every form and writes the template ``locale/intake_forms.pot``. From there the
catalogs ``locale/<lang>/LC_MESSAGES/intake_forms.po`` are updated and compiled to ``.mo``
with Babel like every other domain (``make i18n-update``, ``make i18n-compile``; the
compiled files are built at install and never committed). A test checks that the template
is up to date and that every catalog is complete.

Validation messages keep their ``{limit}`` placeholder (``str.format``), which a
translation must keep too.
"""

from __future__ import annotations

import gettext
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from .countries import countries
from .currencies import currencies
from .display import DISPLAY_WORDS
from .languages import DEFAULT_LANGUAGE, catalog
from .registry import all_forms, form_versions
from .validation import ERROR_MESSAGES

DOMAIN = "intake_forms"
LOCALE_DIR = Path(__file__).parent / "locale"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"


def message_ids() -> list[str]:
    """Every translatable string of every form, without duplicates, in a stable order."""
    seen: dict[str, None] = {}
    for form in (v for f in all_forms() for v in form_versions(f.id)):
        for text in (form.title, form.intro):
            seen.setdefault(text)
        for section in form.sections:
            seen.setdefault(section.title)
            seen.setdefault(section.intro)
        for form_field in (*form.fields, *(m for f in form.fields for m in f.fields)):
            for text in (form_field.label, form_field.help, *(c.label for c in form_field.choices)):
                seen.setdefault(text)
    for message in (*ERROR_MESSAGES, *DISPLAY_WORDS):
        seen.setdefault(message)
    for _code, name in (*countries(), *currencies()):
        seen.setdefault(name)
    seen.pop("", None)
    return list(seen)


def template() -> Catalog:
    """The domain's template: every message id, no translations."""
    pot = Catalog(project="Confide", domain=DOMAIN, fuzzy=False)
    for message in message_ids():
        flags = ("python-brace-format",) if "{limit}" in message else ()
        pot.add(message, flags=flags)
    return pot


def write_template(path: Path = TEMPLATE) -> None:
    """Write :func:`template` to ``path`` (no dates: the file changes only with the forms)."""
    with path.open("wb") as file:
        write_po(file, template(), omit_header=False, sort_output=False, width=100)


def translations(language: str = DEFAULT_LANGUAGE) -> gettext.NullTranslations:
    """The form strings in ``language``, falling back to the English source strings."""
    return catalog(LOCALE_DIR, DOMAIN, language)


if __name__ == "__main__":
    write_template()
