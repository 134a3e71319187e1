"""A stored answers or identity document, shown with the questions it was given under.

Both apps show stored answers back: the console to officers, the gateway to the reporter
("What you sent"). A document names the form id, version and the language it was filled in
(:func:`intake_forms.answers_bytes`; :func:`written_in`), and is shown with the labels in
the reader's language; the caller's defaults (a case's channel and form
version) stand in for a document that does not say. A form version no longer published
still shows its answers, under their stored names (:func:`intake_forms.display.unknown`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .display import Shown, show_answers, unknown
from .i18n import translations
from .languages import Language, current, language
from .registry import UnknownFormError, get_form


def show_document(
    document: Mapping[str, Any], key: str, *, form_id: str, version: int | None
) -> list[Shown]:
    """The ``key`` part (``"answers"`` or ``"identity"``) of ``document``, labelled."""
    content = document.get(key, {})
    if not isinstance(content, Mapping):
        return []
    named = document.get("version", version)
    try:
        form = get_form(
            str(document.get("form", form_id)), named if isinstance(named, int) else None
        )
    except UnknownFormError:
        return [unknown(name, value) for name, value in content.items()]
    # Labels in the reader's language (the officer's console, the reporter's page); the
    # language the person wrote in is written_in(document).
    return show_answers(form, content, translations(current().code).gettext)


def written_in(document: Mapping[str, Any]) -> Language:
    """The language a stored document was given in (English for one that does not say)."""
    named = document.get("language")
    return language(named if isinstance(named, str) else None)
