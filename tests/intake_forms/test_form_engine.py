"""The general form engine: numbers, money, e-mail, date ranges, repeating groups, versions."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from intake_forms import (
    MAIN,
    Audience,
    Choice,
    Field,
    FieldKind,
    Form,
    Section,
    UnknownFormError,
    answers_bytes,
    form_versions,
    get_form,
    publish,
    validate,
    withdraw,
)
from intake_forms.display import show_answers
from intake_forms.groups import ACTION, apply_action, entries_shown
from intake_forms.languages import using

TODAY = date(2025, 6, 30)
ASSETS = Field(
    "assets",
    FieldKind.GROUP,
    "Assets",
    fields=(
        Field("what", FieldKind.TEXT, "What is it?", required=True),
        Field("value", FieldKind.MONEY, "What is it worth?", required=True),
    ),
    max_entries=3,
)
FORM = Form(
    id="engine-test",
    version=1,
    title="Engine test",
    intro="",
    audience=Audience.FILER,
    sections=(Section(MAIN), Section("more", "More")),
    fields=(
        Field(
            "kind",
            FieldKind.SINGLE_CHOICE,
            "Kind",
            choices=(Choice("a", "Kind A"), Choice("b", "Kind B")),
            clear=True,
        ),
        Field("hours", FieldKind.NUMBER, "Hours a month", maximum=200),
        Field("email", FieldKind.EMAIL, "E-mail"),
        Field("period", FieldKind.DATE_RANGE, "When", section="more"),
        ASSETS,
    ),
)


def _valid(**extra: list[str]) -> dict[str, list[str]]:
    return {"kind": ["a"], **extra}


def test_money_is_stored_with_its_currency_and_minor_units() -> None:
    """An amount is written to its currency's minor units, with the ISO 4217 code."""
    data = _valid(
        **{
            "assets.0.what": ["Flat"],
            "assets.0.value.amount": ["250,000.5"],
            "assets.0.value.currency": ["eur"],
            "assets.1.what": ["Shares"],
            "assets.1.value.amount": ["1200"],
            "assets.1.value.currency": ["JPY"],
        }
    )

    result = validate(FORM, data, today=TODAY)

    assert result.ok, result.errors
    assert result.answers["assets"] == [
        {"what": "Flat", "value": {"amount": "250000.50", "currency": "EUR"}},
        {"what": "Shares", "value": {"amount": "1200", "currency": "JPY"}},
    ]


@pytest.mark.parametrize(
    ("language", "typed", "stored"),
    [
        ("en", "250,000.50", "250000.50"),
        ("en", "1250.5", "1250.50"),
        ("fr", "1250,50", "1250.50"),
        ("fr", "250\u202f000,50", "250000.50"),
        ("fr", "1250.50", "1250.50"),
        ("es", "1.250,50", "1250.50"),
        ("es", "1.250", "1250.00"),
        ("es", "1250,5", "1250.50"),
        ("ru", "250\xa0000,50", "250000.50"),
        ("ar", "1,250.50", "1250.50"),
        ("zh_Hans", "1,250", "1250.00"),
    ],
)
def test_amounts_are_read_as_the_filer_s_language_writes_them(
    language: str, typed: str, stored: str
) -> None:
    """A French, Spanish or Russian filer writes decimals with a comma; each language's
    grouping mark is read as grouping, never taken for a decimal point."""
    data = _valid(
        **{
            "assets.0.what": ["Flat"],
            "assets.0.value.amount": [typed],
            "assets.0.value.currency": ["EUR"],
        }
    )

    with using(language):
        result = validate(FORM, data, today=TODAY)

    assert result.ok, result.errors
    assert result.answers["assets"][0]["value"]["amount"] == stored


@pytest.mark.parametrize(("language", "typed"), [("en", "1250,50"), ("fr", "1.250,50")])
def test_an_amount_in_another_language_s_marks_is_refused_not_guessed(
    language: str, typed: str
) -> None:
    """English "1250,50" and French "1.250,50" are refused (and kept on the page), not
    silently read as another number."""
    data = _valid(
        **{
            "assets.0.what": ["Flat"],
            "assets.0.value.amount": [typed],
            "assets.0.value.currency": ["EUR"],
        }
    )

    with using(language):
        result = validate(FORM, data, today=TODAY)

    assert not result.ok
    assert "assets.0.value" in result.errors


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"hours": ["-3"]}, "hours"),
        ({"hours": ["201"]}, "hours"),
        ({"hours": ["ten"]}, "hours"),
        ({"email": ["not an address"]}, "email"),
        ({"period.from": ["2025-03-01"], "period.to": ["2025-02-01"]}, "period"),
        ({"period.from": ["2025-02-30"]}, "period"),
        ({"assets.0.what": ["Car"], "assets.0.value.amount": ["-5"]}, "assets.0.value"),
        ({"assets.0.what": ["Car"], "assets.0.value.amount": ["5"]}, "assets.0.value"),
        (
            {
                "assets.0.what": ["Car"],
                "assets.0.value.amount": ["5"],
                "assets.0.value.currency": ["XYZ"],
            },
            "assets.0.value",
        ),
        ({"assets.0.value.amount": ["5"], "assets.0.value.currency": ["CHF"]}, "assets.0.what"),
        (
            {
                "assets.0.what": ["Car"],
                "assets.0.value.amount": ["5.123"],
                "assets.0.value.currency": ["CHF"],
            },
            "assets.0.value",
        ),
    ],
    ids=[
        "negative-number",
        "over-maximum",
        "not-a-number",
        "bad-email",
        "range-ends-before-it-starts",
        "impossible-date-in-range",
        "negative-amount",
        "no-currency",
        "unknown-currency",
        "entry-missing-required",
        "too-many-decimals",
    ],
)
def test_bad_input_gets_an_error_on_its_own_input(data: dict, key: str) -> None:
    """Each bad value is reported under its own input name, and the rest is kept."""
    result = validate(FORM, _valid(**data), today=TODAY)

    assert key in result.errors
    assert result.answers["kind"] == "a"


def test_blank_entries_are_dropped_and_a_minimum_is_enforced() -> None:
    """An entry left entirely blank is not an answer; a group with a minimum says so."""
    needs_one = replace(FORM, fields=(replace(ASSETS, min_entries=1),))

    result = validate(needs_one, {"assets.0.what": [""], "assets.entries": ["2"]}, today=TODAY)

    assert "assets" not in result.answers
    assert result.errors["assets"].limit == 1


def test_add_and_remove_entries_without_javascript() -> None:
    """The add and remove buttons rearrange what was sent; nothing typed is lost."""
    sent = {
        "assets.entries": ["2"],
        "assets.0.what": ["Flat"],
        "assets.1.what": ["Boat"],
        "assets.1.value.amount": ["10"],
        "kind": ["a"],
    }

    added = apply_action(FORM, {**sent, ACTION: ["add:assets"]})
    removed = apply_action(FORM, {**sent, ACTION: ["remove:assets:0"]})
    capped = apply_action(FORM, {**sent, "assets.entries": ["3"], ACTION: ["add:assets"]})

    assert added is not None and entries_shown(ASSETS, added) == 3
    assert added["assets.1.what"] == ["Boat"] and added["kind"] == ["a"]
    assert removed is not None and entries_shown(ASSETS, removed) == 1
    assert removed["assets.0.what"] == ["Boat"] and removed["assets.0.value.amount"] == ["10"]
    assert capped is not None and entries_shown(ASSETS, capped) == 3
    assert apply_action(FORM, sent) is None


def test_only_enumerated_fields_can_be_clear_metadata() -> None:
    """A free-text field declared clear is refused when the form is declared."""
    with pytest.raises(ValueError, match="enumerated"):
        Field("name", FieldKind.TEXT, "Name", clear=True)


def test_every_version_is_kept_and_answers_read_with_their_own() -> None:
    """Version 2 becomes the default; version-1 answers still show version 1's labels."""
    publish(FORM)
    version_2 = replace(
        FORM,
        version=2,
        fields=(
            Field(
                "kind",
                FieldKind.SINGLE_CHOICE,
                "Which kind?",
                choices=(Choice("a", "The first kind"), Choice("c", "Kind C")),
            ),
        ),
    )
    try:
        v1_answers = json.loads(answers_bytes(validate(FORM, _valid(), today=TODAY)))
        publish(version_2)

        shown_v1 = show_answers(
            get_form(FORM.id, v1_answers["version"]), v1_answers["answers"], str
        )

        assert get_form(FORM.id) is version_2
        assert [f.version for f in form_versions(FORM.id)] == [1, 2]
        assert [(s.label, s.lines) for s in shown_v1] == [("Kind", ("Kind A",))]
        with pytest.raises(ValueError, match="already published"):
            publish(version_2)
        with pytest.raises(UnknownFormError):
            get_form(FORM.id, 3)
    finally:
        withdraw(FORM.id)


def test_display_labels_every_kind() -> None:
    """Money, ranges, groups and choices show labels and values, never codes alone."""
    answers = {
        "kind": "b",
        "period": {"from": "2025-01-01", "to": ""},
        "assets": [{"what": "Flat", "value": {"amount": "10.00", "currency": "EUR"}}],
    }

    shown = show_answers(FORM, answers, str)

    assert [(s.label, s.lines) for s in shown[:2]] == [
        ("Kind", ("Kind B",)),
        ("When", ("2025-01-01 to ongoing",)),
    ]
    (entry,) = shown[2].entries
    assert [(s.label, s.lines) for s in entry] == [
        ("What is it?", ("Flat",)),
        ("What is it worth?", ("10.00 EUR",)),
    ]
