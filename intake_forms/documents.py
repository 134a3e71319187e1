"""A stored answers or identity document, shown with the questions it was given under.

Both apps show stored answers back: the console to officers, the gateway to the reporter
("What you sent"). A document names the form id, version and language it was filled in
(:func:`intake_forms.answers_bytes`); the caller's defaults (a case's channel and form
version) stand in for a document that does not say. A form version no longer published
still shows its answers, under their stored names (:func:`intake_forms.display.unknown`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .display import Shown, show_answers, unknown
from .i18n import translations
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
    language = str(document.get("language", form.language))
    return show_answers(form, content, translations(language).gettext)
