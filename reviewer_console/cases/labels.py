"""What officers read instead of stored codes: channel, status, outcome and category labels.

Status and outcome labels come from the case's channel policy, category labels from its
form (:mod:`casework.channels.policy`). A case
whose channel is no longer registered still shows, with its codes, rather than failing.
"""

from collections.abc import Callable, Mapping
from typing import Any

from casework.cases.envelope import Case
from casework.channels.policy import ChannelPolicy
from casework.channels.registry import (
    UnknownChannelError,
    all_policies,
    category_choices,
    get_policy,
)
from casework.disclosure.tables import CycleStatus
from casework.people.principals import ROLE_LABELS, STATUS_LABELS
from casework.protection.steps import PANEL_RESULT_LABELS
from intake_forms.disclosure import KINDS
from intake_forms.display import Shown
from intake_forms.documents import show_document
from reviewer_console.i18n import N_


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

    The case's own channel and form version stand in for a document that does not say
    (see :func:`intake_forms.documents.show_document`).
    """
    return show_document(document, key, form_id=case.channel, version=case.form_version)


CYCLE_STATUS_LABELS = {CycleStatus.OPEN: N_("open"), CycleStatus.CLOSED: N_("closed")}
"""A disclosure cycle's status. Kept here rather than beside the enum: casework/disclosure
is extracted for the gateway too, which never shows a cycle's status."""


def _coded(labels: Mapping[Any, str]) -> Callable[[str | None], str]:
    """A function from a stored code to its English label (the code itself when unknown)."""

    def label(code: str | None) -> str:
        return labels.get(code, code or "")

    return label


TEMPLATE_GLOBALS = {
    # Each returns the English label; templates translate it: _(role_label(p.role)).
    "role_label": _coded(ROLE_LABELS),
    "account_status_label": _coded(STATUS_LABELS),
    "panel_result_label": _coded(PANEL_RESULT_LABELS),
    "cycle_status_label": _coded(CYCLE_STATUS_LABELS),
    # A financial disclosure's kind, as the form names it (a form string: tr()).
    "disclosure_kind_label": _coded(dict(KINDS)),
    "channel_title": channel_title,
    "status_label": status_label,
    "outcome_label": outcome_label,
    "category_label": category_label,
}
"""Registered on the console's templates (see :func:`reviewer_console.app.create_app`)."""
