"""The channels the office runs, by id: the built-in ones, and any registered at start-up.

A channel id is also its form's id and the ``case.channel`` of its cases. :func:`register`
exists so that a deployment (or a test) can add a channel without editing this module;
registering the same id twice is refused, so one channel can never silently replace another.
"""

from __future__ import annotations

from casework.channels.advice.policy import ADVICE_POLICY, RETALIATION_ADVICE_POLICY
from casework.channels.declarations.policy import GIFT_POLICY, OUTSIDE_ACTIVITY_POLICY
from casework.channels.disclosure.policy import DISCLOSURE_POLICY
from casework.channels.logged.policy import LOGGED_POLICY
from casework.channels.policy import ChannelPolicy, PolicyError
from casework.channels.report.policy import REPORT_POLICY
from casework.channels.retaliation.policy import PROTECTION_POLICY
from intake_forms import Choice, UnknownFormError, get_form

BUILT_IN: tuple[ChannelPolicy, ...] = (
    REPORT_POLICY,
    ADVICE_POLICY,
    RETALIATION_ADVICE_POLICY,
    PROTECTION_POLICY,
    OUTSIDE_ACTIVITY_POLICY,
    GIFT_POLICY,
    LOGGED_POLICY,
    DISCLOSURE_POLICY,
)
_POLICIES: dict[str, ChannelPolicy] = {policy.id: policy for policy in BUILT_IN}


class UnknownChannelError(LookupError):
    """No channel has this id."""


def check_form(policy: ChannelPolicy) -> None:
    """Refuse a policy whose form is missing or whose category is not a clear field.

    Raises:
        PolicyError: they disagree.
    """
    try:
        form = get_form(policy.id)
    except UnknownFormError:
        raise PolicyError(f"channel {policy.id!r} has no form") from None
    clear = {f.name for f in form.clear_fields}
    if policy.category_field and policy.category_field not in clear:
        raise PolicyError(f"{policy.id}: the category field must be a clear field of the form")


def register(policy: ChannelPolicy) -> None:
    """Add a channel (publish its form first).

    Raises:
        ValueError: a channel with this id is already registered.
        PolicyError: the policy and its form disagree.
    """
    if policy.id in _POLICIES:
        raise ValueError(f"channel {policy.id!r} is already registered")
    check_form(policy)
    _POLICIES[policy.id] = policy


def unregister(channel: str) -> None:
    """Remove a channel added with :func:`register` (built-in channels stay)."""
    if channel not in {policy.id for policy in BUILT_IN}:
        _POLICIES.pop(channel, None)


def get_policy(channel: str) -> ChannelPolicy:
    """The policy of ``channel``.

    Raises:
        UnknownChannelError: there is none.
    """
    try:
        return _POLICIES[channel]
    except KeyError:
        raise UnknownChannelError(channel) from None


def all_policies() -> tuple[ChannelPolicy, ...]:
    """Every channel, built-in first, then in the order they were registered."""
    return tuple(_POLICIES.values())


def category_choices(channel: str) -> tuple[Choice, ...]:
    """The categories a channel's cases can have: the choices of its category field.

    Empty for a channel without a category, or whose form is no longer published.
    """
    policy = _POLICIES.get(channel)
    if policy is None or not policy.category_field:
        return ()
    try:
        return get_form(channel).field(policy.category_field).choices
    except (UnknownFormError, KeyError):
        return ()
