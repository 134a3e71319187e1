"""The rules of a matter an officer logs (its form is ``intake_forms/logged.py``).

A logged matter is recorded after the fact, on the day it happened, so it has no
acknowledgement and no deadline; it stays open while the officer follows it up and is
closed with an outcome. Its category is an advice topic or a service; the channel it
belongs to, how it arrived and a training session's counts are clear facts.
"""

from __future__ import annotations

from casework.channels.policy import CLOSED, RECEIVED, ChannelPolicy, Code, Identity, Status
from intake_forms.languages import N_

LOGGED_POLICY = ChannelPolicy(
    id="logged",
    title=N_("Matters logged by officers"),
    statuses=(Status(RECEIVED, N_("Logged")), Status(CLOSED, N_("Closed"))),
    transitions={RECEIVED: (CLOSED,)},
    outcomes=(
        Code("advice_given", N_("Advice given")),
        Code("service_given", N_("Service given")),
        Code("referred_elsewhere", N_("Referred elsewhere")),
        Code("no_action", N_("No further action")),
    ),
    identity=Identity.OPTIONAL,
    category_field="category",
)
