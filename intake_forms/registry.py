"""Every published form, by id and version. A form id is also the channel of its cases.

Every version of a form is kept: a case stores the form id and version its answers were
given under, and is always read with that version (:func:`get_form` with ``version``),
however the form has changed since. New cases use the latest version. :func:`publish` adds
a form or a new version of one at start-up (a deployment's own channel, or a test's);
publishing a version twice is refused, so a published definition never changes.
"""

from __future__ import annotations

from .advice import ADVICE_FORM
from .declarations import GIFT_FORM, OUTSIDE_ACTIVITY_FORM
from .disclosure import DISCLOSURE_FORM
from .fields import Form
from .logged import LOGGED_FORM
from .report import REPORT_FORM
from .retaliation import PROTECTION_FORM, RETALIATION_ADVICE_FORM

_BUILT_IN: tuple[Form, ...] = (
    REPORT_FORM,
    ADVICE_FORM,
    RETALIATION_ADVICE_FORM,
    PROTECTION_FORM,
    OUTSIDE_ACTIVITY_FORM,
    GIFT_FORM,
    LOGGED_FORM,
    DISCLOSURE_FORM,
)
_FORMS: dict[str, dict[int, Form]] = {}


class UnknownFormError(LookupError):
    """No form has this id (or this version)."""


def publish(form: Form) -> None:
    """Add a form, or a new version of one.

    Raises:
        ValueError: this id and version are already published.
    """
    versions = _FORMS.setdefault(form.id, {})
    if form.version in versions:
        raise ValueError(f"form {form.id!r} version {form.version} is already published")
    versions[form.version] = form


def withdraw(form_id: str, version: int | None = None) -> None:
    """Remove a form (or one version) added with :func:`publish`; built-in ones stay."""
    built_in = {(f.id, f.version) for f in _BUILT_IN}
    for number in list(_FORMS.get(form_id, {})):
        if (form_id, number) not in built_in and version in (None, number):
            del _FORMS[form_id][number]


def all_forms() -> tuple[Form, ...]:
    """The latest version of every form, in the order the landing page lists them."""
    return tuple(versions[max(versions)] for versions in _FORMS.values() if versions)


def form_versions(form_id: str) -> tuple[Form, ...]:
    """Every published version of a form, oldest first."""
    versions = _FORMS.get(form_id, {})
    return tuple(versions[number] for number in sorted(versions))


def get_form(form_id: str, version: int | None = None) -> Form:
    """The form called ``form_id``: the latest version, or the one asked for.

    Raises:
        UnknownFormError: there is none.
    """
    versions = _FORMS.get(form_id)
    if not versions:
        raise UnknownFormError(form_id)
    number = max(versions) if version is None else version
    if number not in versions:
        raise UnknownFormError(f"{form_id} version {version}")
    return versions[number]


for _form in _BUILT_IN:
    publish(_form)
