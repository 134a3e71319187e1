"""The report channel's rules: statuses, outcomes and the EU Directive's two deadlines.

EU Directive 2019/1937, art. 9: acknowledge a report within 7 days of receipt; give feedback
within a reasonable time not exceeding 3 months from the acknowledgement or, if none was
sent, from the end of the 7-day period after the report was made. Until the report is
acknowledged the feedback deadline is provisional (officers see it only once overdue).
"""

from datetime import date

from casework.channels.policy import (
    ACKNOWLEDGED_MILESTONE,
    CLOSED,
    RECEIVED,
    RECEIVED_MILESTONE,
    ChannelPolicy,
    Code,
    DeadlineRule,
    Identity,
    Status,
)
from intake_forms.languages import N_

ACKNOWLEDGED = "acknowledged"
IN_REVIEW = "in_review"
ACKNOWLEDGE_WITHIN_DAYS = 7
FEEDBACK_WITHIN_MONTHS = 3

ACKNOWLEDGEMENT = DeadlineRule(
    code="ack",
    label=N_("acknowledgement"),
    after=RECEIVED_MILESTONE,
    days=ACKNOWLEDGE_WITHIN_DAYS,
    met_by=ACKNOWLEDGED_MILESTONE,
    acknowledgement=True,
    promise=N_("The office will acknowledge it by %(date)s."),
)
FEEDBACK = DeadlineRule(
    code="feedback",
    label=N_("feedback"),
    after=ACKNOWLEDGED_MILESTONE,
    months=FEEDBACK_WITHIN_MONTHS,
    otherwise_after="rule:ack",
    promise=N_("You will get feedback by %(date)s."),
)

REPORT_POLICY = ChannelPolicy(
    id="report",
    title=N_("Reports of suspected wrongdoing"),
    statuses=(
        Status(RECEIVED, N_("Received")),
        Status(ACKNOWLEDGED, N_("Acknowledged"), acknowledges=True),
        Status(IN_REVIEW, N_("In review")),
        Status(CLOSED, N_("Closed")),
    ),
    transitions={
        RECEIVED: (ACKNOWLEDGED,),
        ACKNOWLEDGED: (IN_REVIEW, CLOSED),
        IN_REVIEW: (CLOSED,),
    },
    outcomes=(
        Code("advice_given", N_("Advice given")),
        Code("substantiated", N_("Substantiated")),
        Code("not_substantiated", N_("Not substantiated")),
        Code("referred", N_("Referred for investigation")),
        Code("no_action", N_("No further action")),
        Code("outside_mandate", N_("Outside the office's mandate")),
        Code("withdrawn", N_("Withdrawn")),
    ),
    deadlines=(ACKNOWLEDGEMENT, FEEDBACK),
    identity=Identity.OPTIONAL,
    category_field="category",
)


def acknowledgement_due(received_on: date) -> date:
    """When the acknowledgement of a report received on ``received_on`` is due."""
    return ACKNOWLEDGEMENT.due_from(received_on)


def feedback_due(received_on: date, acknowledged_on: date | None) -> date:
    """When feedback is due: 3 months from the acknowledgement, or from day 7 without one."""
    start = acknowledged_on if acknowledged_on is not None else acknowledgement_due(received_on)
    return FEEDBACK.due_from(start)
