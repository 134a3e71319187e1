"""The financial disclosure statement: a filer's annual statement, one section per kind.

Each kind of disclosure is a repeating group (an asset, a gift, a relative ... per entry),
so the statement has no free-form "list them here" box and the statistics can count
disclosures by kind from which groups have entries. A statement with no entry at all is a
"nothing to disclose" statement; the filer pages also offer that as a one-step fast path.
Money is an amount with its ISO 4217 currency (:mod:`intake_forms.kinds`). The filer
certifies the statement when filing it; the certification is a checkbox on the filing
page, not a field, because it is not part of what they disclose.
"""

from __future__ import annotations

from .fields import Audience, Field, FieldKind, Form, Section

FORM_ID = "disclosure"

ASSET_THRESHOLD_NOTE = (
    "Only assets and investments worth more than 10,000 US dollars or equivalent."
)


def _text(name: str, label: str, *, required: bool = False) -> Field:
    return Field(name, FieldKind.TEXT, label, required=required)


def _money(name: str, label: str, *, required: bool = False) -> Field:
    return Field(name, FieldKind.MONEY, label, required=required)


def _group(name: str, label: str, section: str, *members: Field) -> Field:
    return Field(name, FieldKind.GROUP, label, section=section, fields=members, max_entries=30)


KINDS: tuple[tuple[str, str], ...] = (
    ("assets", "Assets and investments"),
    ("liabilities", "Liabilities"),
    ("outside_activities", "Outside activities and board roles"),
    ("gifts", "Gifts and hospitality received"),
    ("relatives", "Relatives employed in the UN system"),
    ("partners", "Relationships with partners or suppliers"),
)
"""The kinds of disclosure: each is a section and the repeating group in it (same name)."""

DISCLOSURE_FORM = Form(
    id=FORM_ID,
    version=1,
    title="Financial disclosure statement",
    intro=(
        "Declare what you held, owed, did or received during the year. Add one entry per"
        " item; leave a section empty when it does not apply to you."
    ),
    audience=Audience.FILER,
    sections=tuple(Section(name, title) for name, title in KINDS),
    fields=(
        _group(
            "assets",
            "Asset or investment",
            "assets",
            _text(
                "description", "What it is (e.g. shares in a company, a property)", required=True
            ),
            _money("value", "Approximate value", required=True),
        ),
        _group(
            "liabilities",
            "Liability",
            "liabilities",
            _text("creditor", "Owed to", required=True),
            _money("amount", "Amount owed", required=True),
        ),
        _group(
            "outside_activities",
            "Activity or board role",
            "outside_activities",
            _text("organisation", "Organisation", required=True),
            _text("role", "Your role", required=True),
            Field("paid", FieldKind.YES_NO, "Are you paid for it?"),
        ),
        _group(
            "gifts",
            "Gift or hospitality",
            "gifts",
            _text("giver", "From whom", required=True),
            _text("description", "What it was", required=True),
            _money("value", "Approximate value"),
            Field("received_on", FieldKind.DATE, "When"),
        ),
        _group(
            "relatives",
            "Relative",
            "relatives",
            _text("relationship", "Relationship to you", required=True),
            _text("organisation", "UN organisation they work for", required=True),
        ),
        _group(
            "partners",
            "Relationship",
            "partners",
            _text("organisation", "Partner or supplier", required=True),
            Field(
                "nature",
                FieldKind.LONG_TEXT,
                "Nature of the relationship",
                required=True,
                max_chars=2000,
            ),
        ),
    ),
)


def disclosed_kinds(answers: dict[str, object]) -> tuple[str, ...]:
    """The kinds of disclosure a statement's answers have entries for (clear metadata)."""
    return tuple(name for name, _title in KINDS if answers.get(name))
