"""Form "advice": Ask the Ethics Office for advice (version 1).

The seven advice topics of the office (its annual report counts advice by these) are the
case's clear category; the question and what the person has already done are sealed.
Anonymous requests are allowed: the "about you" section is optional. The topics are also
the categories an officer picks when logging advice given by phone or in person, so they
are defined once, here.
"""

from __future__ import annotations

from .fields import MAIN, Choice, Field, FieldKind, Form, Section
from .identity import OPTIONAL_SECTION, optional_identity

ADVICE_TOPICS = (
    Choice("outside_activities", "Outside activities"),
    Choice("conflict_of_interest", "Conflict of interest"),
    Choice("misconduct", "Possible misconduct"),
    Choice("employment", "Employment"),
    Choice("financial_disclosure", "Financial disclosure questions"),
    Choice("gifts", "Gifts and hospitality"),
    Choice("other", "Something else"),
)

ADVICE_FORM = Form(
    id="advice",
    version=1,
    title="Ask for ethics advice",
    intro=(
        "Ask the Ethics Office a question about what you should do. Advice is confidential. "
        "You may ask without giving your name; you will get a receipt to read the answer."
    ),
    sections=(Section(MAIN), OPTIONAL_SECTION),
    fields=(
        Field(
            "topic",
            FieldKind.SINGLE_CHOICE,
            "What is your question about?",
            required=True,
            choices=ADVICE_TOPICS,
            clear=True,
        ),
        Field(
            "question",
            FieldKind.LONG_TEXT,
            "What is your question?",
            help="Describe the situation and what you would like to know.",
            required=True,
        ),
        Field(
            "already_done",
            FieldKind.LONG_TEXT,
            "What have you already done about it?",
            help="For example whom you have asked or told, and what they said.",
        ),
        *optional_identity(),
    ),
)
