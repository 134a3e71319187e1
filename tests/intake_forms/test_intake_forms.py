"""Form definitions, validation, serialisation and gettext catalogs."""

from __future__ import annotations

import json
from datetime import date

import pytest
from babel.messages.pofile import read_po

from intake_forms import (
    IDENTITY,
    FieldKind,
    UnknownFormError,
    all_forms,
    answers_bytes,
    get_form,
    identity_bytes,
    validate,
)
from intake_forms.countries import countries, country_codes
from intake_forms.i18n import LOCALE_DIR, TEMPLATE, message_ids, translations

TODAY = date(2025, 6, 30)
VALID = {
    "category": ["fraud"],
    "what": ["Double payments"],
    "reported_elsewhere": ["no"],
}


def test_registry_has_the_report_form() -> None:
    """The report form is published under id "report" and unknown ids raise."""

    form = get_form("report")

    assert form in all_forms()
    assert form.version >= 1
    with pytest.raises(UnknownFormError):
        get_form("nope")


def test_report_form_has_an_identity_section_a_file_and_a_clear_category() -> None:
    """The report form has a sealed-apart identity section, one file field, a clear category."""

    form = get_form("report")

    assert [s.id for s in form.sealed_apart] == [IDENTITY]
    assert form.section_fields(IDENTITY)
    assert [f.name for f in form.file_fields] == ["evidence"]
    assert [f.name for f in form.clear_fields] == ["category"]
    assert form.field("category").kind is FieldKind.SINGLE_CHOICE


def test_conditions_refer_to_earlier_fields() -> None:
    """Every condition names a field defined before it, so validation can run in one pass."""
    for form in all_forms():
        seen: set[str] = set()
        for field in form.fields:
            if field.show_if is not None:
                assert field.show_if.field in seen
            seen.add(field.name)


def test_valid_answers_serialise_with_form_id_and_version() -> None:
    """Answers become JSON tagged with the form and version; no identity means no record."""
    form = get_form("report")

    result = validate(form, {**VALID, "unknown": ["ignored"]}, today=TODAY)

    assert result.ok
    assert result.clear_answers() == {"category": "fraud"}
    document = json.loads(answers_bytes(result))
    assert document == {
        "form": "report",
        "version": form.version,
        "language": "en",
        "answers": {"category": "fraud", "what": "Double payments", "reported_elsewhere": "no"},
    }
    assert identity_bytes(result) is None


def test_identity_is_a_separate_document() -> None:
    """Name and contact go to the identity document only, never into the answers."""
    form = get_form("report")
    data = {
        **VALID,
        "share_identity": ["yes"],
        "identity_name": ["A. Person"],
        "identity_contact": ["a@example.org"],
    }

    result = validate(form, data, today=TODAY)

    assert "A. Person" not in answers_bytes(result).decode()
    identity = json.loads(identity_bytes(result) or b"{}")
    assert identity["identity"] == {
        "identity_name": "A. Person",
        "identity_contact": "a@example.org",
    }


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"category": ["fraud", "other"], "what": [""]}, "what"),
        ({"category": ["fra\u200bud"]}, "category"),
        ({"when": ["2025-02-30"]}, "when"),
        ({"when": ["２０２４-０１-０１"]}, "when"),
        ({"when": ["2025-07-01"]}, "when"),
        ({"where_country": ["ch"]}, "where_country"),
        ({"reported_elsewhere": ["yes"], "reported_where": ["  "]}, "reported_where"),
        ({"how_known": ["told", "'; DROP TABLE case; --"]}, "how_known"),
        ({"what": ["é" * 20_001]}, "what"),
    ],
    ids=[
        "empty-required",
        "zero-width-in-choice",
        "impossible-date",
        "fullwidth-date",
        "future-date",
        "lowercase-country",
        "blank-conditional",
        "injected-choice",
        "too-long",
    ],
)
def test_hostile_or_wrong_input_gets_a_field_error(data: dict, field: str) -> None:
    """Each bad value is reported against its own field, without raising."""
    form = get_form("report")

    result = validate(form, {**VALID, **data}, today=TODAY)

    assert field in result.errors


def test_text_is_normalised() -> None:
    """Newlines are unified, control characters dropped, whitespace trimmed."""
    form = get_form("report")

    result = validate(form, {**VALID, "what": ["  line one\r\nline\x07 two\r "]}, today=TODAY)

    assert result.answers["what"] == "line one\nline two"


def test_inactive_conditional_fields_are_dropped() -> None:
    """A conditional field's value is ignored while its condition does not hold."""
    form = get_form("report")

    result = validate(
        form, {**VALID, "reported_where": ["elsewhere"], "identity_name": ["Someone"]}, today=TODAY
    )

    assert result.ok
    assert "reported_where" not in result.answers
    assert "identity_name" not in result.answers


def test_country_list_is_iso_3166() -> None:
    """The shipped list has the 249 ISO 3166-1 codes with English names."""

    codes = country_codes()

    assert len(codes) == 249
    assert {"CH", "KE", "US", "FR"} <= codes
    assert all(len(code) == 2 and code.isupper() for code, _ in countries())


def test_english_catalog_is_complete() -> None:
    """Every label, help text, choice, message and country has an English translation."""
    with (LOCALE_DIR / "en/LC_MESSAGES/intake_forms.po").open("rb") as file:
        english = {m.id: m.string for m in read_po(file) if m.id}

    missing = [m for m in message_ids() if not english.get(m)]

    assert missing == []
    assert translations("en").gettext("What happened?") == "What happened?"


def test_template_is_up_to_date() -> None:
    """The .pot holds exactly the forms' strings (run `make i18n-extract` after editing a form)."""
    with TEMPLATE.open("rb") as file:
        extracted = [m.id for m in read_po(file) if m.id]

    assert extracted == message_ids()
