"""The ethics advice channel's rules, and those of advice about feared retaliation.

A request for advice is acknowledged (within the same 7 days as a report: the office's one
acknowledgement rule, :data:`~casework.channels.report.policy.ACKNOWLEDGEMENT`) and closed
with one of three outcomes: advice given, referred elsewhere, withdrawn. The office sets no
further deadline for advice in its annual report, so the policy declares none. Advice
about feared retaliation follows the same rules in its own channel (the office counts the
two apart, and a formal request for protection is a third channel with its own workflow).
"""

from __future__ import annotations

from dataclasses import replace

from casework.channels.policy import CLOSED, RECEIVED, ChannelPolicy, Code, Identity, Status
from casework.channels.report.policy import ACKNOWLEDGED, ACKNOWLEDGEMENT
from intake_forms.languages import N_

ADVICE_OUTCOMES = (
    Code("advice_given", N_("Advice given")),
    Code("referred_elsewhere", N_("Referred elsewhere")),
    Code("withdrawn", N_("Withdrawn")),
)

ADVICE_POLICY = ChannelPolicy(
    id="advice",
    title=N_("Requests for ethics advice"),
    statuses=(
        Status(RECEIVED, N_("Received")),
        Status(ACKNOWLEDGED, N_("Acknowledged"), acknowledges=True),
        Status(CLOSED, N_("Closed")),
    ),
    transitions={RECEIVED: (ACKNOWLEDGED,), ACKNOWLEDGED: (CLOSED,)},
    outcomes=ADVICE_OUTCOMES,
    deadlines=(ACKNOWLEDGEMENT,),
    identity=Identity.OPTIONAL,
    category_field="topic",
)

RETALIATION_ADVICE_POLICY = replace(
    ADVICE_POLICY,
    id="retaliation-advice",
    title=N_("Advice about feared retaliation"),
    category_field="activity",
)
