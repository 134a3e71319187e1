"""Form "logged": a matter an officer logs in the console (version 1).

Much of the office's work arrives by phone, e-mail or in person, or is a service the office
gives (training, policy advice). An officer records it here: which of the office's channels
it belongs to and its category (the advice topics, or the services), how it arrived, its
date, a summary (sealed), and who it concerned only if that person agreed to be recorded
(the "about the person" section, sealed apart). A training session records how many
sessions and participants, in the clear, so the annual figures are counted without a key.
Its audience is the office: the gateway never shows it.
"""

from __future__ import annotations

from .advice import ADVICE_TOPICS
from .fields import IDENTITY, MAIN, Audience, Choice, Condition, Field, FieldKind, Form, Section

TRAINING = "training"
SERVICES = (
    Choice(TRAINING, "Training and awareness"),
    Choice("standard_setting", "Policy and standard setting"),
    Choice("coherence", "Coherence with other ethics offices"),
    Choice("fd_programme", "Financial-disclosure programme administration"),
)
KINDS = (
    Choice("advice", "Request for ethics advice"),
    Choice("retaliation", "Protection against retaliation"),
    Choice("outside_activity", "Outside activity"),
    Choice("gift", "Gift or hospitality"),
    Choice("service", "A service of the office"),
)
ARRIVED_BY = (
    Choice("phone", "Telephone"),
    Choice("email", "E-mail"),
    Choice("in_person", "In person"),
    Choice("other", "Other (letter, meeting, another office)"),
)
MAX_COUNT = 100_000
_AGREED = Condition("concerned_agreed", ("yes",))
_TRAINING = Condition("category", (TRAINING,))

LOGGED_FORM = Form(
    id="logged",
    version=1,
    title="Log a matter",
    intro="Record a matter that reached the office outside this system, or a service it gave.",
    audience=Audience.OFFICE,
    sections=(
        Section(MAIN),
        Section(
            IDENTITY,
            title="Who it concerned (only with their agreement)",
            intro="Record the person only if they agreed to be recorded.",
            sealed_apart=True,
        ),
    ),
    fields=(
        Field("kind", FieldKind.SINGLE_CHOICE, "Channel", required=True, choices=KINDS, clear=True),
        Field(
            "category",
            FieldKind.SINGLE_CHOICE,
            "Category",
            help="An advice topic, or the service given.",
            required=True,
            choices=ADVICE_TOPICS + SERVICES,
            clear=True,
        ),
        Field(
            "via",
            FieldKind.SINGLE_CHOICE,
            "It arrived by",
            required=True,
            choices=ARRIVED_BY,
            clear=True,
        ),
        Field("on", FieldKind.DATE, "Date", required=True),
        Field("summary", FieldKind.LONG_TEXT, "Summary", required=True),
        Field(
            "sessions",
            FieldKind.NUMBER,
            "Number of sessions",
            required=True,
            show_if=_TRAINING,
            minimum=1,
            maximum=MAX_COUNT,
            clear=True,
        ),
        Field(
            "participants",
            FieldKind.NUMBER,
            "Number of participants",
            required=True,
            show_if=_TRAINING,
            maximum=MAX_COUNT,
            clear=True,
        ),
        Field(
            "concerned_agreed",
            FieldKind.YES_NO,
            "Did the person agree to be recorded?",
            section=IDENTITY,
        ),
        Field(
            "concerned_name",
            FieldKind.TEXT,
            "Their name",
            show_if=_AGREED,
            required=True,
            section=IDENTITY,
        ),
        Field(
            "concerned_contact",
            FieldKind.TEXT,
            "How to reach them",
            show_if=_AGREED,
            section=IDENTITY,
        ),
    ),
)
