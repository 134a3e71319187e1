"""The rules of the two declarations: outside activity approval, gift or hospitality.

Both come from a named staff member (identity required), are acknowledged within the
office's 7 days and closed with a decision. "Approved with conditions" needs the
conditions written to the person (``Code.needs_text``): the workflow sends them as a reply
before the case closes, so the person reads them with their receipt.
"""

from __future__ import annotations

from casework.channels.policy import CLOSED, RECEIVED, ChannelPolicy, Code, Identity, Status
from casework.channels.report.policy import ACKNOWLEDGED, ACKNOWLEDGEMENT
from intake_forms.languages import N_

_STATUSES = (
    Status(RECEIVED, N_("Received")),
    Status(ACKNOWLEDGED, N_("Acknowledged"), acknowledges=True),
    Status(CLOSED, N_("Decided")),
)
_TRANSITIONS = {RECEIVED: (ACKNOWLEDGED,), ACKNOWLEDGED: (CLOSED,)}

OUTSIDE_ACTIVITY_POLICY = ChannelPolicy(
    id="outside-activity",
    title=N_("Outside activity approvals"),
    statuses=_STATUSES,
    transitions=_TRANSITIONS,
    outcomes=(
        Code("approved", N_("Approved")),
        Code(
            "approved_with_conditions", N_("Approved with conditions"), needs_text="the conditions"
        ),
        Code("not_approved", N_("Not approved")),
    ),
    deadlines=(ACKNOWLEDGEMENT,),
    identity=Identity.REQUIRED,
    category_field="paid",
)

GIFT_POLICY = ChannelPolicy(
    id="gift",
    title=N_("Gift and hospitality declarations"),
    statuses=_STATUSES,
    transitions=_TRANSITIONS,
    outcomes=(
        Code("may_keep", N_("May keep it")),
        Code("hand_over", N_("Hand it over to the organisation")),
        Code("return", N_("Return it")),
        Code("advice_given", N_("Advice given")),
    ),
    deadlines=(ACKNOWLEDGEMENT,),
    identity=Identity.REQUIRED,
    category_field="handling",
)
