"""Declarative, versioned intake forms: fields, rules, labels and validation.

One module per form (``report``), a :mod:`registry` of the published forms, the field
vocabulary in :mod:`fields`, server-side validation and serialisation in :mod:`validation`,
and gettext catalogs in :mod:`i18n`. Used by both apps and by casework; imports none of them.
"""

from .fields import IDENTITY, MAIN, Audience, Choice, Condition, Field, FieldKind, Form, Section
from .registry import UnknownFormError, all_forms, form_versions, get_form, publish, withdraw
from .validation import FieldError, Validated, answers_bytes, identity_bytes, is_active, validate

__all__ = [
    "IDENTITY",
    "MAIN",
    "Audience",
    "Choice",
    "Condition",
    "Field",
    "FieldError",
    "FieldKind",
    "Form",
    "Section",
    "UnknownFormError",
    "Validated",
    "all_forms",
    "answers_bytes",
    "form_versions",
    "get_form",
    "identity_bytes",
    "is_active",
    "publish",
    "validate",
    "withdraw",
]
