"""Form "report": Report suspected wrongdoing (version 1).

The questions follow what an ethics office needs to assess a report (what, when, where,
who, how the reporter knows, whether it was reported elsewhere, evidence) while asking
for nothing that identifies the reporter. The identity section is optional and sealed as a
separate record, so that opening it is logged on its own.

The category is the only answer kept as clear metadata (``clear=True``; the report channel's
policy makes it the case's category); its choices are deliberately few.
"""

from __future__ import annotations

from .fields import IDENTITY, MAIN, Choice, Condition, Field, FieldKind, Form, Section

CATEGORIES = (
    Choice("fraud", "Fraud or corruption"),
    Choice("misuse", "Misuse of resources or funds"),
    Choice("abuse", "Abuse of authority"),
    Choice("harassment", "Harassment, including sexual harassment"),
    Choice("conflict", "Conflict of interest"),
    Choice("other", "Something else"),
)

REPORT_FORM = Form(
    id="report",
    version=1,
    title="Report suspected wrongdoing",
    intro=(
        "Tell us what you know. Only the questions marked required must be answered. "
        "Do not include your name unless you choose to in the last section."
    ),
    sections=(
        Section(MAIN),
        Section(
            IDENTITY,
            title="About you (optional)",
            intro=(
                "You may stay anonymous. If you want the office to know who you are, you can "
                "say so here; it is stored separately and only opened when needed."
            ),
            sealed_apart=True,
        ),
    ),
    fields=(
        Field(
            "category",
            FieldKind.SINGLE_CHOICE,
            "What kind of wrongdoing is it?",
            help="Pick the closest; you can explain below.",
            required=True,
            choices=CATEGORIES,
            clear=True,
        ),
        Field(
            "what",
            FieldKind.LONG_TEXT,
            "What happened?",
            help="Describe the events in your own words.",
            required=True,
        ),
        Field(
            "when",
            FieldKind.DATE,
            "When did it happen?",
            help="An approximate date is fine. Leave empty if you are not sure.",
        ),
        Field("where_country", FieldKind.COUNTRY, "In which country?"),
        Field(
            "where",
            FieldKind.TEXT,
            "Where did it happen?",
            help="For example the office, duty station, project or meeting.",
        ),
        Field(
            "who",
            FieldKind.LONG_TEXT,
            "Who is involved?",
            help="Names, roles or units of the people involved, if you know them.",
        ),
        Field(
            "how_known",
            FieldKind.MULTIPLE_CHOICE,
            "How do you know about it?",
            choices=(
                Choice("witnessed", "I saw or heard it myself"),
                Choice("affected", "It happened to me"),
                Choice("told", "Someone told me"),
                Choice("documents", "I have seen documents"),
            ),
        ),
        Field(
            "reported_elsewhere",
            FieldKind.YES_NO,
            "Have you reported this anywhere else?",
            required=True,
        ),
        Field(
            "reported_where",
            FieldKind.TEXT,
            "Where did you report it, and when?",
            required=True,
            show_if=Condition("reported_elsewhere", ("yes",)),
        ),
        Field(
            "evidence",
            FieldKind.FILE,
            "Evidence files",
            help=(
                "Optional. Documents, photos or recordings. Files can carry hidden details "
                "about their author or device: remove them first if you can."
            ),
        ),
        Field(
            "share_identity",
            FieldKind.YES_NO,
            "Do you want to tell us who you are?",
            section=IDENTITY,
        ),
        Field(
            "identity_name",
            FieldKind.TEXT,
            "Your name",
            show_if=Condition("share_identity", ("yes",)),
            section=IDENTITY,
        ),
        Field(
            "identity_contact",
            FieldKind.TEXT,
            "How can we contact you?",
            help="An e-mail address or telephone number that only you use.",
            show_if=Condition("share_identity", ("yes",)),
            section=IDENTITY,
        ),
    ),
)
