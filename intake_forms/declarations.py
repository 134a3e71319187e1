"""Forms to declare: an outside activity for approval, and a gift or hospitality (version 1).

Both are declarations by a named staff member, so the "about you" section is required.
Amounts are money fields (an amount and an ISO 4217 currency); an outside activity's dates
are a range that may lie ahead (most are declared before they start), a gift's date may
not. Whether an activity is paid and what happened to a gift are clear metadata.
"""

from __future__ import annotations

from .fields import MAIN, Choice, Condition, Field, FieldKind, Form, Section
from .identity import REQUIRED_SECTION, required_identity

HOURS_PER_MONTH_MAX = 744  # 31 days of 24 hours

OUTSIDE_ACTIVITY_FORM = Form(
    id="outside-activity",
    version=1,
    title="Ask for approval of an outside activity",
    intro=(
        "Staff members need approval before taking up an activity outside their duties, "
        "paid or not (teaching, boards, consultancy, writing, volunteering). Describe it here; "
        "the office tells you whether it is approved, and on what conditions."
    ),
    sections=(Section(MAIN), REQUIRED_SECTION),
    fields=(
        Field("activity", FieldKind.LONG_TEXT, "What is the activity?", required=True),
        Field(
            "organisation",
            FieldKind.TEXT,
            "For which organisation or person?",
            required=True,
        ),
        Field("paid", FieldKind.YES_NO, "Is it paid?", required=True, clear=True),
        Field(
            "amount",
            FieldKind.MONEY,
            "How much will you be paid in total?",
            required=True,
            show_if=Condition("paid", ("yes",)),
        ),
        Field(
            "hours",
            FieldKind.NUMBER,
            "About how many hours a month?",
            required=True,
            maximum=HOURS_PER_MONTH_MAX,
        ),
        Field(
            "dates",
            FieldKind.DATE_RANGE,
            "From when to when?",
            help="Leave the end empty if it has no end date.",
            required=True,
        ),
        Field(
            "relation",
            FieldKind.LONG_TEXT,
            "How does it relate to your official duties?",
            help="Say if it touches your work, your unit's partners or suppliers, or none.",
            required=True,
        ),
        *required_identity(),
    ),
)

GIFT_OUTCOMES_ASKED = (
    Choice("accepted", "I accepted it"),
    Choice("handed_over", "I handed it over to the organisation"),
    Choice("declined", "I declined it"),
)

GIFT_FORM = Form(
    id="gift",
    version=1,
    title="Declare a gift or hospitality",
    intro=(
        "Declare any gift, meal, trip, ticket or other hospitality offered to you because of "
        "your work, whether you accepted it or not. The office tells you what to do with it."
    ),
    sections=(Section(MAIN), REQUIRED_SECTION),
    fields=(
        Field("what", FieldKind.LONG_TEXT, "What was offered?", required=True),
        Field(
            "giver",
            FieldKind.TEXT,
            "From whom?",
            help="A person, company or government.",
            required=True,
        ),
        Field(
            "value",
            FieldKind.MONEY,
            "What is it worth?",
            help="Your best estimate.",
            required=True,
        ),
        Field("offered_on", FieldKind.DATE, "When was it offered?", required=True),
        Field("occasion", FieldKind.TEXT, "On what occasion?", required=True),
        Field(
            "handling",
            FieldKind.SINGLE_CHOICE,
            "What did you do with it?",
            required=True,
            choices=GIFT_OUTCOMES_ASKED,
            clear=True,
        ),
        *required_identity(),
    ),
)
