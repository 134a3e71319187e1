"""What officers read instead of stored codes: channel, status, outcome and category labels.

Status and outcome labels come from the case's channel policy, category labels from its
form (:mod:`casework.channels.policy`). A case
whose channel is no longer registered still shows, with its codes, rather than failing.
"""

from collections.abc import Mapping
from typing import Any

from casework.cases.envelope import Case
from casework.channels.policy import ChannelPolicy
from casework.channels.registry import (
    UnknownChannelError,
    all_policies,
    category_choices,
    get_policy,
)
from intake_forms import UnknownFormError, get_form
from intake_forms.display import Shown, show_answers, unknown
from intake_forms.i18n import translations


def _policy(channel: str) -> ChannelPolicy | None:
    try:
        return get_policy(channel)
    except UnknownChannelError:
        return None


def channel_title(channel: str) -> str:
    """The channel's name ("Reports of suspected wrongdoing")."""
    policy = _policy(channel)
    return policy.title if policy else channel


def status_label(channel: str, code: str) -> str:
    """The label of a status code in that channel."""
    policy = _policy(channel)
    return policy.status_label(code) if policy else code


def outcome_label(channel: str, code: str | None) -> str:
    """The label of an outcome code in that channel ("" for none)."""
    policy = _policy(channel)
    return policy.outcome_label(code) if policy else (code or "")


def category_label(channel: str, code: str) -> str:
    """The label of a category code, from the channel's form (its category field)."""
    return next((c.label for c in category_choices(channel) if c.value == code), code)


def category_labels() -> dict[str, str]:
    """Every category code of every channel with its label (the inbox's filter)."""
    labels: dict[str, str] = {}
    for policy in all_policies():
        for choice in category_choices(policy.id):
            labels.setdefault(choice.value, choice.label)
    return labels


def shown_document(document: Mapping[str, Any], key: str, case: Case) -> list[Shown]:
    """A stored answers (``key="answers"``) or identity document, labelled for officers.

    The document names the form id, version and language it was given under; the case's
    own channel and form version stand in for a document that does not say.
    """
    content = document.get(key, {})
    if not isinstance(content, Mapping):
        return []
    form_id = str(document.get("form", case.channel))
    version = document.get("version", case.form_version)
    try:
        form = get_form(form_id, version if isinstance(version, int) else None)
    except UnknownFormError:
        return [unknown(name, value) for name, value in content.items()]
    language = str(document.get("language", form.language))
    return show_answers(form, content, translations(language).gettext)


TEMPLATE_GLOBALS = {
    "channel_title": channel_title,
    "status_label": status_label,
    "outcome_label": outcome_label,
    "category_label": category_label,
}
"""Registered on the console's templates (see :func:`reviewer_console.app.create_app`)."""
