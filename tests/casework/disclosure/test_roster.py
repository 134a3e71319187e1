"""Cycles and the roster: qualification rules, all-or-nothing import, sealed personal data."""

from datetime import date, timedelta

import pytest
from sqlalchemy.engine import Engine

from casework.disclosure.cycles import (
    CycleError,
    close_cycle,
    get_cycle,
    open_cycle,
    parse_reminder_days,
)
from casework.disclosure.filers import contact_of, filers_of, staff_lookup
from casework.disclosure.roster import (
    RosterError,
    add_new_filer,
    import_roster,
    read_roster,
)
from casework.disclosure.rules import QualificationRules, parse_grade, qualifies
from casework.disclosure.tables import DisclosureFiler
from casework.people.principals import Role
from casework.store.clock import today
from casework.store.db import transaction
from confide.settings import Settings
from crypto import DecryptionError
from tests.conftest import OfficeFixture

GOOD = (
    b"staff_id,email,name,grade,role\n"
    b"S001,ana@example.org,Ana Alvarez,P-5,programme\n"
    b"S002,ben@example.org,Ben Brown,G-6,finance\n"
    b"S003,cy@example.org,Cy Chen,P-3,programme\n"
    b"S004,dee@example.org,Dee Diaz,C-4,consultant\n"
    b"S005,eli@example.org,Eli Eze,C-2,consultant\n"
    b"S006,fay@example.org,Fay Fox,D-2,management\n"
)


@pytest.fixture
def cycle_id(office: OfficeFixture) -> str:
    """An open cycle with the default rules, its deadline 60 days away."""
    director = office.person("dora", Role.DIRECTOR)
    with transaction(office.engine) as session:
        return open_cycle(
            session=session,
            year=2026,
            deadline=today() + timedelta(days=60),
            reminder_days=(14, 7, 1),
            rules=QualificationRules(),
            opened_by=director.id,
            today=today(),
        ).id


@pytest.mark.parametrize(
    ("grade", "role", "expected"),
    [
        ("P-5", "programme", True),
        ("P-4", "programme", False),
        ("D-2", "x", True),
        ("D-3", "x", False),
        ("C-4", "consultant", True),
        ("C-3", "consultant", False),
        ("G-4", "Procurement", True),
        ("P-2", " audit ", True),
    ],
    ids=["p5", "p4", "d2", "d3", "c4", "c3", "procurement-role", "audit-role-spaced"],
)
def test_default_rules_follow_the_issue(grade: str, role: str, expected: bool) -> None:
    """P-5 to D-2, contractors at level 4+, and ethics/procurement/finance/audit roles file."""
    ok, reason = qualifies(QualificationRules(), parse_grade(grade), role)

    assert ok is expected
    assert reason


def test_rules_are_configurable_and_round_trip() -> None:
    """The office changes the rules; a cycle stores and reads them back unchanged."""
    rules = QualificationRules.from_form("p-4, P-5", "0", "Legal")

    assert QualificationRules.from_json(rules.to_json()) == rules
    assert qualifies(rules, parse_grade("P-4"), "x")[0]
    assert not qualifies(rules, parse_grade("C-9"), "x")[0]
    assert qualifies(rules, parse_grade("G-1"), "legal")[0]


def test_import_adds_only_qualifying_rows_with_reasons(
    engine: Engine, settings: Settings, cycle_id: str
) -> None:
    """Rows are judged with a reason each; only those that qualify become filers."""
    with transaction(engine) as session:
        cycle = get_cycle(session=session, cycle_id=cycle_id)
        assert cycle is not None
        rows = read_roster(GOOD, cycle)
        added = import_roster(session=session, pepper=settings.pepper, cycle=cycle, rows=rows)

    assert [(r.staff_id, r.qualifies) for r in rows] == [
        ("S001", True),
        ("S002", True),
        ("S003", False),
        ("S004", True),
        ("S005", False),
        ("S006", True),
    ]
    assert all(r.reason for r in rows)
    assert [contact_of(settings.pepper, f).name for f in added] == [
        "Ana Alvarez",
        "Ben Brown",
        "Dee Diaz",
        "Fay Fox",
    ]


def test_importing_twice_adds_nobody_twice(
    engine: Engine, settings: Settings, cycle_id: str
) -> None:
    """The staff id's keyed hash recognises people already on the cycle."""
    for _ in range(2):
        with transaction(engine) as session:
            cycle = get_cycle(session=session, cycle_id=cycle_id)
            assert cycle is not None
            import_roster(
                session=session, pepper=settings.pepper, cycle=cycle, rows=read_roster(GOOD, cycle)
            )

    with transaction(engine) as session:
        assert len(filers_of(session=session, cycle_id=cycle_id)) == 4


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b"staff_id,email,name,grade\nS1,a@b.org,A,P-5\n",
            [(1, "the header lacks the column(s) role")],
        ),
        (
            b"staff_id,email,name,grade,role\nS1,a@b.org,A,P-5,x\nS2,not-an-email,B,Q,x\nS1,c@d.org,,P-5,x\n",
            [
                (3, "'not-an-email' is not an email address"),
                (3, "'Q' is not a grade like P-5 or a contract level like C-4"),
                (4, "name is empty"),
                (4, "staff_id S1 is also on line 2"),
            ],
        ),
        (b"\xff\xfe\x00bad", [(0, "the file is not UTF-8 text (save it as CSV UTF-8)")]),
        (b"staff_id,email,name,grade,role\n", [(1, "the file has no rows under its header")]),
    ],
    ids=["missing-column", "bad-lines", "not-utf8", "empty"],
)
def test_a_bad_file_is_refused_whole_with_an_error_per_line(
    engine: Engine, cycle_id: str, data: bytes, expected: list[tuple[int, str]]
) -> None:
    """One bad line refuses the file, every bad line is named, and nothing is imported."""
    with transaction(engine) as session:
        cycle = get_cycle(session=session, cycle_id=cycle_id)
        assert cycle is not None
        with pytest.raises(RosterError) as caught:
            read_roster(data, cycle)

    assert caught.value.errors == expected
    with transaction(engine) as session:
        assert filers_of(session=session, cycle_id=cycle_id) == []


def test_new_filer_gets_thirty_days(engine: Engine, settings: Settings, cycle_id: str) -> None:
    """Someone added after the cycle opened files within 30 days of being added, once."""
    with transaction(engine) as session:
        cycle = get_cycle(session=session, cycle_id=cycle_id)
        assert cycle is not None
        filer = add_new_filer(
            session=session,
            pepper=settings.pepper,
            cycle=cycle,
            staff_id="N9",
            name="Nia New",
            email="nia@example.org",
            today=date(2026, 3, 1),
        )
        with pytest.raises(RosterError):
            add_new_filer(
                session=session,
                pepper=settings.pepper,
                cycle=cycle,
                staff_id="n9 ",
                name="Nia",
                email="nia@example.org",
                today=date(2026, 3, 1),
            )

    assert (filer.due_on, filer.joined_late) == (date(2026, 3, 31), True)


def test_names_and_emails_are_sealed_and_bound_to_their_row(
    engine: Engine, settings: Settings, cycle_id: str
) -> None:
    """No name, email or staff id is kept in the clear; a ciphertext moved to another row fails."""
    with transaction(engine) as session:
        cycle = get_cycle(session=session, cycle_id=cycle_id)
        assert cycle is not None
        first, second = import_roster(
            session=session, pepper=settings.pepper, cycle=cycle, rows=read_roster(GOOD, cycle)
        )[:2]

    dump = b"".join(
        bytes(v) if isinstance(v, bytes) else str(v).encode()
        for v in (*vars(first).values(), *vars(second).values())
    )
    assert b"Ana" not in dump and b"ana@example.org" not in dump and b"S001" not in dump
    assert first.staff_lookup == staff_lookup(settings.pepper, " s001")
    swapped = DisclosureFiler(**{**first.model_dump(), "name_ct": second.name_ct})
    with pytest.raises(DecryptionError):
        contact_of(settings.pepper, swapped)


def test_cycle_rules_year_deadline_and_close(office: OfficeFixture) -> None:
    """One cycle a year, a deadline after today, reminder days parsed; closing stops filing."""
    director = office.person("dora", Role.DIRECTOR)
    with transaction(office.engine) as session:
        cycle = open_cycle(
            session=session,
            year=2027,
            deadline=today() + timedelta(days=5),
            reminder_days=parse_reminder_days("1, 14;7"),
            rules=QualificationRules(),
            opened_by=director.id,
            today=today(),
        )
        with pytest.raises(CycleError):
            open_cycle(
                session=session,
                year=2027,
                deadline=today() + timedelta(days=5),
                reminder_days=(7,),
                rules=QualificationRules(),
                opened_by=director.id,
                today=today(),
            )
        close_cycle(session=session, cycle=cycle)

    assert cycle.reminders == (14, 7, 1)
    assert not cycle.is_open
    with pytest.raises(CycleError):
        parse_reminder_days("0, x")


@pytest.mark.parametrize(
    ("value", "stored"),
    [("fr", "fr"), ("zh-Hans", "zh_Hans"), ("ZH_HANS", "zh_Hans"), ("", ""), (" ru ", "ru")],
    ids=["code", "tag", "case", "empty", "spaces"],
)
def test_the_roster_reads_codes_and_tags(
    engine: Engine, cycle_id: str, value: str, stored: str
) -> None:
    """The optional language column takes a code or a tag, in any case; empty is English."""
    with transaction(engine) as session:
        cycle = get_cycle(session=session, cycle_id=cycle_id)
    assert cycle is not None
    data = f"staff_id,email,name,grade,role,language\nS1,a@example.org,A,P-5,ethics,{value}\n"

    rows = read_roster(data.encode(), cycle)

    assert rows[0].language == stored


def test_a_roster_line_with_an_unknown_language_is_refused(engine: Engine, cycle_id: str) -> None:
    """A language that is not one of the six refuses the file, naming the line."""
    with transaction(engine) as session:
        cycle = get_cycle(session=session, cycle_id=cycle_id)
    assert cycle is not None
    data = b"staff_id,email,name,grade,role,language\nS1,a@example.org,A,P-5,ethics,de\n"

    with pytest.raises(RosterError) as refused:
        read_roster(data, cycle)

    assert refused.value.errors == [(2, "language 'de' is not one of en, fr, es, ar, zh_Hans, ru")]
