"""Forms about retaliation: advice about feared retaliation, and a formal request (version 1).

The office distinguishes the two. Advice about retaliation one fears may be asked
anonymously. A formal request for protection starts a preliminary review of whether the
person engaged in a protected activity and whether it caused the detrimental action, so it
asks for both, with dates, why the person links them, evidence, and who they are
(required). Whether their safety is at urgent risk is clear metadata: the officer's case
page shows it first.
"""

from __future__ import annotations

from .fields import MAIN, Choice, Field, FieldKind, Form, Section
from .identity import OPTIONAL_SECTION, REQUIRED_SECTION, optional_identity, required_identity

PROTECTED_ACTIVITIES = (
    Choice("reported_misconduct", "Reporting misconduct"),
    Choice("cooperated", "Cooperating with an audit or investigation"),
    Choice("other", "Something else"),
)
DETRIMENTAL_ACTIONS = (
    Choice("harassment", "Harassment"),
    Choice("abuse_of_authority", "Abuse of authority"),
    Choice("contract_termination", "Contract termination or non-renewal"),
    Choice("performance_appraisal", "Performance appraisal"),
    Choice("other", "Something else"),
)

RETALIATION_ADVICE_FORM = Form(
    id="retaliation-advice",
    version=1,
    title="Ask for advice about retaliation you fear",
    intro=(
        "If you fear you could be treated badly for reporting misconduct or cooperating with "
        "an audit or investigation, ask the office what you can do. You may stay anonymous."
    ),
    sections=(Section(MAIN), OPTIONAL_SECTION),
    fields=(
        Field(
            "activity",
            FieldKind.SINGLE_CHOICE,
            "What did you do, or are you about to do?",
            required=True,
            choices=PROTECTED_ACTIVITIES,
            clear=True,
        ),
        Field(
            "fear",
            FieldKind.LONG_TEXT,
            "What are you afraid could happen, and why?",
            required=True,
        ),
        Field("already_done", FieldKind.LONG_TEXT, "What have you already done about it?"),
        *optional_identity(),
    ),
)

PROTECTION_FORM = Form(
    id="protection",
    version=1,
    title="Request protection against retaliation",
    intro=(
        "Use this form if you believe you were treated badly because you reported misconduct "
        "or cooperated with an audit or investigation. The office reviews your request and "
        "tells you what it decides. The office must know who you are to protect you."
    ),
    sections=(Section(MAIN), REQUIRED_SECTION),
    fields=(
        Field(
            "urgent_risk",
            FieldKind.YES_NO,
            "Is your safety at urgent risk?",
            help="Answer yes if you may be harmed soon; the office will look at this first.",
            required=True,
            clear=True,
        ),
        Field(
            "protected_activity",
            FieldKind.SINGLE_CHOICE,
            "What did you do?",
            required=True,
            choices=PROTECTED_ACTIVITIES,
        ),
        Field(
            "protected_activity_details",
            FieldKind.LONG_TEXT,
            "Tell us about it",
            help="For example to whom you reported, or which audit or investigation.",
            required=True,
        ),
        Field("protected_activity_on", FieldKind.DATE, "When did you do it?", required=True),
        Field(
            "detrimental_action",
            FieldKind.SINGLE_CHOICE,
            "What was done to you?",
            required=True,
            choices=DETRIMENTAL_ACTIONS,
            clear=True,
        ),
        Field(
            "detrimental_action_details",
            FieldKind.LONG_TEXT,
            "Describe what was done to you, and by whom",
            required=True,
        ),
        Field("detrimental_action_on", FieldKind.DATE, "When was it done?", required=True),
        Field(
            "link",
            FieldKind.LONG_TEXT,
            "Why do you think the two are linked?",
            required=True,
        ),
        Field(
            "evidence",
            FieldKind.FILE,
            "Evidence files",
            help="Optional. E-mails, letters, appraisals, messages. You can add more later.",
        ),
        *required_identity(),
    ),
)
