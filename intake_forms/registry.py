"""Every published form, by id. A form id is also the channel of the cases it creates."""

from __future__ import annotations

from .fields import Form
from .report import REPORT_FORM

_FORMS: tuple[Form, ...] = (REPORT_FORM,)


class UnknownFormError(LookupError):
    """No form has this id."""


def all_forms() -> tuple[Form, ...]:
    """Every published form, in the order the landing page lists them."""
    return _FORMS


def get_form(form_id: str) -> Form:
    """The form called ``form_id``.

    Raises:
        UnknownFormError: there is none.
    """
    for form in _FORMS:
        if form.id == form_id:
            return form
    raise UnknownFormError(form_id)
