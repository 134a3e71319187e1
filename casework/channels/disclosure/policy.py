"""The financial disclosure channel's rules: a statement's review and its three outcomes.

A statement becomes a case when the filer files it (drafts are the filer's alone and never
reach the office). The office reviews it (``in_review``), may ask the filer for more
information (``info_requested``: the filer answers in their filer pages and the case comes
back to ``in_review``), and closes it with one of the outcomes of the model office's
programme: no further action, closed after more information, or advice given.
"""

from casework.channels.policy import CLOSED, RECEIVED, ChannelPolicy, Code, Identity, Status
from intake_forms.languages import N_

IN_REVIEW = "in_review"
INFO_REQUESTED = "info_requested"

NO_ACTION = "no_action"
MORE_INFORMATION = "more_information"
ADVICE_GIVEN = "advice_given"

DISCLOSURE_POLICY = ChannelPolicy(
    id="disclosure",
    title=N_("Financial disclosure statements"),
    statuses=(
        Status(RECEIVED, N_("Filed")),
        Status(IN_REVIEW, N_("In review"), acknowledges=True),
        Status(INFO_REQUESTED, N_("More information requested")),
        Status(CLOSED, N_("Closed")),
    ),
    transitions={
        RECEIVED: (IN_REVIEW, CLOSED),
        IN_REVIEW: (INFO_REQUESTED, CLOSED),
        INFO_REQUESTED: (IN_REVIEW, CLOSED),
    },
    outcomes=(
        Code(NO_ACTION, N_("Closed with no further action")),
        Code(MORE_INFORMATION, N_("Closed after more information")),
        Code(ADVICE_GIVEN, N_("Advice given")),
    ),
    identity=Identity.OPTIONAL,
)
