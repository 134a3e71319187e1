"""The rules of a formal request for protection against retaliation.

The office's workflow: acknowledge; ask for information; once all requested information
is received (the ``information_complete`` milestone) the **preliminary review is due
within 30 days**; it ends in a determination with one reason code: no protected activity,
no causal link, or a prima facie case of retaliation. A prima facie case is referred for
investigation, which is a referral in the consent log (``referred`` is entered only by
that step, :mod:`casework.protection.workflow`). After a negative determination
the requester may ask the Ethics Panel chair for a review within 30 days of being told.
Interim protective measures may be recommended at any time.
"""

from __future__ import annotations

from casework.channels.policy import (
    CLOSED,
    RECEIVED,
    ChannelPolicy,
    Code,
    DeadlineRule,
    Determination,
    Identity,
    Status,
)
from casework.channels.report.policy import ACKNOWLEDGED, ACKNOWLEDGEMENT
from intake_forms.languages import N_

INFO_REQUESTED = "info_requested"
UNDER_REVIEW = "under_review"
DETERMINED = "determined"
PANEL_REVIEW = "panel_review"
REFERRED = "referred"

INFORMATION_COMPLETE = "information_complete"
DETERMINED_MILESTONE = "determined"
PRELIMINARY_REVIEW_DAYS = 30
PANEL_REQUEST_DAYS = 30

PRELIMINARY_REVIEW = "preliminary_review"
NO_PROTECTED_ACTIVITY = "no_protected_activity"
NO_CAUSAL_LINK = "no_causal_link"
PRIMA_FACIE = "prima_facie"
NEGATIVE_REASONS = frozenset({NO_PROTECTED_ACTIVITY, NO_CAUSAL_LINK})

PRELIMINARY_REVIEW_DUE = DeadlineRule(
    code=PRELIMINARY_REVIEW,
    label=N_("preliminary review"),
    after=INFORMATION_COMPLETE,
    days=PRELIMINARY_REVIEW_DAYS,
    met_by=DETERMINED_MILESTONE,
    promise=N_("The office will complete its preliminary review by %(date)s."),
)

PROTECTION_POLICY = ChannelPolicy(
    id="protection",
    title=N_("Requests for protection against retaliation"),
    statuses=(
        Status(RECEIVED, N_("Received")),
        Status(ACKNOWLEDGED, N_("Acknowledged"), acknowledges=True),
        Status(INFO_REQUESTED, N_("Information requested")),
        Status(UNDER_REVIEW, N_("Preliminary review"), reached_by="information"),
        Status(DETERMINED, N_("Determined"), reached_by="determination"),
        Status(PANEL_REVIEW, N_("Ethics Panel review"), reached_by="panel request"),
        Status(REFERRED, N_("Referred for investigation"), reached_by="referral"),
        Status(CLOSED, N_("Closed")),
    ),
    transitions={
        RECEIVED: (ACKNOWLEDGED,),
        ACKNOWLEDGED: (INFO_REQUESTED, UNDER_REVIEW, CLOSED),
        INFO_REQUESTED: (UNDER_REVIEW, CLOSED),
        UNDER_REVIEW: (DETERMINED, CLOSED),
        DETERMINED: (REFERRED, PANEL_REVIEW, CLOSED),
        PANEL_REVIEW: (REFERRED, CLOSED),
        REFERRED: (CLOSED,),
    },
    outcomes=(
        Code("no_prima_facie", N_("No prima facie case of retaliation")),
        Code("referred", N_("Referred for investigation")),
        Code("withdrawn", N_("Withdrawn")),
    ),
    determinations=(
        Determination(
            PRELIMINARY_REVIEW,
            "Preliminary review",
            reasons=(
                Code(NO_PROTECTED_ACTIVITY, N_("No protected activity")),
                Code(NO_CAUSAL_LINK, N_("No causal link")),
                Code(PRIMA_FACIE, N_("Prima facie case of retaliation")),
            ),
        ),
    ),
    deadlines=(ACKNOWLEDGEMENT, PRELIMINARY_REVIEW_DUE),
    identity=Identity.REQUIRED,
    category_field="detrimental_action",
)
