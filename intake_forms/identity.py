"""The "about you" section the office's own channels share, optional or required.

Where a person may stay anonymous (ethics advice, advice about feared retaliation) the
section asks first whether they want to say who they are; where the office must know who
is asking (a formal request for protection, an outside activity, a gift declaration) its
fields are required and the channel's policy says ``Identity.REQUIRED``, so intake refuses
a case without them. Either way the section is sealed apart, so opening it is logged on its
own. One definition, so the channels ask the same questions in the same words.
"""

from __future__ import annotations

from .fields import IDENTITY, Condition, Field, FieldKind, Section

OPTIONAL_SECTION = Section(
    IDENTITY,
    title="About you (optional)",
    intro=(
        "You may stay anonymous. If you want the office to know who you are, say so here; "
        "it is stored separately and opened only when needed."
    ),
    sealed_apart=True,
)
REQUIRED_SECTION = Section(
    IDENTITY,
    title="About you",
    intro=(
        "The office needs to know who is asking to handle this request. Your details are "
        "stored separately from your answers and opened only when needed; each opening is "
        "recorded."
    ),
    sealed_apart=True,
)

_SHOWN = Condition("share_identity", ("yes",))


def optional_identity() -> tuple[Field, ...]:
    """A yes/no question, then name and contact while the answer is yes."""
    return (
        Field(
            "share_identity",
            FieldKind.YES_NO,
            "Do you want to tell us who you are?",
            section=IDENTITY,
        ),
        Field("identity_name", FieldKind.TEXT, "Your name", show_if=_SHOWN, section=IDENTITY),
        Field(
            "identity_contact",
            FieldKind.TEXT,
            "How can we contact you?",
            help="An e-mail address or telephone number that only you use.",
            show_if=_SHOWN,
            section=IDENTITY,
        ),
    )


def required_identity() -> tuple[Field, ...]:
    """Name, work e-mail and position, all required; a telephone number if they wish."""
    return (
        Field("identity_name", FieldKind.TEXT, "Your full name", required=True, section=IDENTITY),
        Field(
            "identity_email",
            FieldKind.EMAIL,
            "Your e-mail address",
            help="The office writes to you here only to say a reply is waiting.",
            required=True,
            section=IDENTITY,
        ),
        Field(
            "identity_position",
            FieldKind.TEXT,
            "Your position and unit",
            required=True,
            section=IDENTITY,
        ),
        Field("identity_phone", FieldKind.TEXT, "A telephone number (optional)", section=IDENTITY),
    )
