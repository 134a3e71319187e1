"""Statements: sealed drafts, nothing to disclose, groups, amendments, last year's copy."""

import json
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine

from casework.cases.access import case_key_for
from casework.cases.envelope import Case, get_grant
from casework.disclosure.cycles import get_cycle, open_cycle
from casework.disclosure.draft_regrant import count_withheld, regrant_drafts
from casework.disclosure.roster import import_roster, read_roster
from casework.disclosure.rules import QualificationRules
from casework.disclosure.statements import (
    DRAFT_FIELD,
    StatementError,
    answers_as_values,
    draft_withheld,
    file_statement,
    last_years_answers,
    load_draft,
    regrant_to_filer,
    save_draft,
    statement_of,
    versions_of,
)
from casework.disclosure.tables import DisclosureDraft, DisclosureFiler
from casework.people.office import set_channel_recipients
from casework.people.principals import Principal, Role
from casework.store.clock import today
from casework.store.db import transaction
from casework.store.sealing import seal_field
from confide.settings import Settings
from crypto import CryptoError, derive_keys, generate_seed, principal_record_key
from crypto.seedwrap import generate_recovery, unwrap_seed
from intake_forms import validate
from intake_forms.disclosure import DISCLOSURE_FORM
from tests.casework.disclosure.conftest import (
    ROSTER,
    CycleFixture,
    EnrolledFiler,
    enrol_filer,
)
from tests.conftest import OfficeFixture, Person

FULL = {
    "assets.0.description": ["Shares in Acme Ltd"],
    "assets.0.value.amount": ["25000"],
    "assets.0.value.currency": ["EUR"],
    "assets.1.description": ["Flat in Lyon"],
    "assets.1.value.amount": ["310000"],
    "assets.1.value.currency": ["EUR"],
    "gifts.0.giver": ["Supplier X"],
    "gifts.0.description": ["Dinner"],
    "gifts.0.value.amount": ["180"],
    "gifts.0.value.currency": ["USD"],
}


def _file(engine: Engine, cycle_id: str, who: EnrolledFiler, values: dict[str, list[str]]) -> str:
    with transaction(engine) as session:
        cycle = get_cycle(session=session, cycle_id=cycle_id)
        filer = session.get(DisclosureFiler, who.filer_id)
        principal = session.get(Principal, who.principal_id)
        assert cycle is not None and filer is not None and principal is not None
        validated = validate(DISCLOSURE_FORM, values, today=today())
        assert validated.ok, validated.errors
        return file_statement(
            session=session,
            cycle=cycle,
            filer=filer,
            principal=principal,
            seed=who.seed,
            validated=validated,
        ).case_id


def _versions(engine: Engine, case_id: str, who: EnrolledFiler) -> list:
    with transaction(engine) as session:
        key = case_key_for(
            session=session,
            case_id=case_id,
            principal_id=who.principal_id,
            keys=derive_keys(who.seed),
        )
        return versions_of(session=session, case_id=case_id, case_key=key)


NEW_PASSWORD = "new meadow falcon ribbon"


@pytest.fixture
def ana(engine: Engine, settings: Settings, cycle: CycleFixture) -> EnrolledFiler:
    """Ana, invited and signed up."""
    return enrol_filer(engine, settings, cycle.id, cycle.filer_ids[0], cycle.director.id)


def test_a_draft_is_sealed_to_the_filer_and_resumed_as_typed(
    engine: Engine, cycle: CycleFixture, ana: EnrolledFiler
) -> None:
    """A draft comes back exactly as typed (errors and all) and opens with no other key."""
    typed = {**FULL, "assets.1.value.amount": ["not a number"]}
    with transaction(engine) as session:
        filer = session.get(DisclosureFiler, ana.filer_id)
        assert filer is not None
        save_draft(session=session, filer=filer, seed=ana.seed, values=typed)

    with transaction(engine) as session:
        assert load_draft(session=session, filer_id=ana.filer_id, seed=ana.seed) == typed
        assert load_draft(session=session, filer_id=ana.filer_id, seed=generate_seed()) is None


def test_nothing_to_disclose_is_one_step_and_clear(
    engine: Engine, cycle: CycleFixture, ana: EnrolledFiler
) -> None:
    """An empty statement files as "nothing to disclose", a case granted to the filer."""
    case_id = _file(engine, cycle.id, ana, {})

    with transaction(engine) as session:
        statement = statement_of(session=session, filer_id=ana.filer_id)
        case = session.get(Case, case_id)
        assert statement is not None and case is not None
        assert (statement.nothing_to_disclose, statement.kinds, statement.versions) == (True, "", 1)
        assert (case.channel, case.submitter_id) == ("disclosure", ana.principal_id)
    assert _versions(engine, case_id, ana)[0].answers == {}


def test_a_full_statement_then_an_amendment_keeps_both(
    engine: Engine, office: OfficeFixture, cycle: CycleFixture, ana: EnrolledFiler
) -> None:
    """Repeating groups are filed; an amendment is a new version and the office gets it back."""
    reviewer = office.person("rita")
    with transaction(engine) as session:
        set_channel_recipients(session=session, channel="disclosure", principal_ids=[reviewer.id])
    case_id = _file(engine, cycle.id, ana, FULL)

    amended = _file(
        engine,
        cycle.id,
        ana,
        {**FULL, "relatives.0.relationship": ["Sister"], "relatives.0.organisation": ["UNICEF"]},
    )

    versions = _versions(engine, case_id, ana)
    assert amended == case_id and len(versions) == 2
    assert [a["description"] for a in versions[0].answers["assets"]] == [
        "Shares in Acme Ltd",
        "Flat in Lyon",
    ]
    assert "relatives" not in versions[0].answers and versions[1].answers["relatives"]
    with transaction(engine) as session:
        statement = statement_of(session=session, filer_id=ana.filer_id)
        assert statement is not None
        assert (statement.kinds, statement.nothing_to_disclose) == ("assets,gifts,relatives", False)
        assert get_grant(session=session, case_id=case_id, principal_id=reviewer.id) is not None


def test_last_years_statement_prefills_this_years_draft(
    engine: Engine, settings: Settings, cycle: CycleFixture, ana: EnrolledFiler
) -> None:
    """The filer copies last year's answers into a new cycle, and they validate the same."""
    _file(engine, cycle.id, ana, FULL)
    with transaction(engine) as session:
        new = open_cycle(
            session=session,
            year=2027,
            deadline=today() + timedelta(days=90),
            reminder_days=(7,),
            rules=QualificationRules(),
            opened_by=cycle.director.id,
            today=today(),
        )
        import_roster(
            session=session, pepper=settings.pepper, cycle=new, rows=read_roster(ROSTER, new)
        )

    with transaction(engine) as session:
        answers = last_years_answers(
            session=session, principal_id=ana.principal_id, seed=ana.seed, before_year=2027
        )
    assert answers is not None
    again = validate(DISCLOSURE_FORM, answers_as_values(answers), today=today())
    assert again.ok and again.answers == answers


def test_a_closed_cycle_takes_no_statement(
    engine: Engine, cycle: CycleFixture, ana: EnrolledFiler
) -> None:
    """Filing after the director closed the cycle is refused."""
    from casework.disclosure.cycles import close_cycle

    with transaction(engine) as session:
        row = get_cycle(session=session, cycle_id=cycle.id)
        assert row is not None
        close_cycle(session=session, cycle=row)

    with pytest.raises(StatementError):
        _file(engine, cycle.id, ana, {})


def test_after_a_reset_the_office_regrants_past_statements(
    engine: Engine,
    settings: Settings,
    office: OfficeFixture,
    cycle: CycleFixture,
    ana: EnrolledFiler,
) -> None:
    """New keys cannot open the old grant; an officer's re-grant gives the statements back."""
    officer: Person = office.person("olga", Role.OFFICER)
    with transaction(engine) as session:
        set_channel_recipients(session=session, channel="disclosure", principal_ids=[officer.id])
    case_id = _file(engine, cycle.id, ana, FULL)
    again = enrol_filer(
        engine,
        settings,
        cycle.id,
        ana.filer_id,
        cycle.director.id,
        password="new meadow falcon ribbon",
    )
    with pytest.raises(PermissionError):
        _versions(engine, case_id, again)

    with transaction(engine) as session:
        officer_row = session.get(Principal, officer.id)
        filer = session.get(Principal, again.principal_id)
        assert officer_row is not None and filer is not None
        count = regrant_to_filer(
            session=session,
            officer_id=officer.id,
            officer_seed=unwrap_seed(officer_row.wrapped_seed, officer.password),
            filer=filer,
        )

    assert count == 1
    assert len(_versions(engine, case_id, again)) == 1


def test_after_a_reset_the_director_gives_the_draft_back(
    engine: Engine,
    settings: Settings,
    office: OfficeFixture,
    cycle: CycleFixture,
    ana: EnrolledFiler,
) -> None:
    """The draft is withheld (kept, not overwritable) until the recovery code re-seals its key."""
    with transaction(engine) as session:
        filer = session.get(DisclosureFiler, ana.filer_id)
        assert filer is not None
        save_draft(session=session, filer=filer, seed=ana.seed, values=FULL)
    again = enrol_filer(
        engine, settings, cycle.id, ana.filer_id, cycle.director.id, password=NEW_PASSWORD
    )
    with transaction(engine) as session:
        filer = session.get(DisclosureFiler, ana.filer_id)
        assert filer is not None
        withheld = (
            load_draft(session=session, filer_id=ana.filer_id, seed=again.seed),
            draft_withheld(session=session, filer_id=ana.filer_id, seed=again.seed),
            count_withheld(session=session, cycle_id=cycle.id),
        )
        with pytest.raises(StatementError, match="old password"):
            save_draft(session=session, filer=filer, seed=again.seed, values={})
        with pytest.raises(CryptoError):
            regrant_drafts(session=session, cycle_id=cycle.id, recovery_code=generate_recovery()[0])

    with transaction(engine) as session:
        count = regrant_drafts(
            session=session, cycle_id=cycle.id, recovery_code=office.recovery_code
        )
    with transaction(engine) as session:
        back = load_draft(session=session, filer_id=ana.filer_id, seed=again.seed)
        left = count_withheld(session=session, cycle_id=cycle.id)

    assert withheld == (None, True, 1)
    assert (count, back, left) == (1, FULL, 0)


def test_a_draft_saved_before_drafts_had_their_own_key_still_opens(
    engine: Engine, cycle: CycleFixture, ana: EnrolledFiler
) -> None:
    """A draft sealed under the filer's record key (no draft key) opens as it did."""
    with transaction(engine) as session:
        ciphertext = seal_field(
            principal_record_key(ana.seed),
            DisclosureDraft,
            "legacy-draft",
            DRAFT_FIELD,
            json.dumps(FULL).encode(),
        )
        session.add(
            DisclosureDraft(id="legacy-draft", filer_id=ana.filer_id, ciphertext=ciphertext)
        )

    with transaction(engine) as session:
        opened = load_draft(session=session, filer_id=ana.filer_id, seed=ana.seed)
        withheld = draft_withheld(session=session, filer_id=ana.filer_id, seed=ana.seed)

    assert (opened, withheld) == (FULL, False)
