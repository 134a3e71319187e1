"""The cycle page's lists: a stable, useful order in pages, and names opened page by page."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select

from casework.disclosure.cycles import get_cycle, open_cycle
from casework.disclosure.filers import contacts_of
from casework.disclosure.overview import FilerState, cycle_statuses
from casework.disclosure.roster import import_roster, read_roster
from casework.disclosure.rules import QualificationRules
from casework.disclosure.tables import DisclosureFiler
from casework.people.principals import Role
from casework.store.clock import today
from casework.store.db import transaction
from confide.settings import Settings
from tests.conftest import OfficeFixture

FILERS = 11
PAGE = 4


def _roster() -> bytes:
    lines = ["staff_id,email,name,grade,role"]
    lines += [f"L{n:03d},f{n}@example.org,Filer {n},P-5,programme" for n in range(FILERS)]
    return ("\n".join(lines) + "\n").encode()


def _expected(rows: list[DisclosureFiler]) -> list[str]:
    """The order worked out in plain Python: due date, then the row id."""
    return [row.id for row in sorted(rows, key=lambda row: (row.due_on, row.id))]


def test_lists_are_paged_in_due_date_order(office: OfficeFixture, settings: Settings) -> None:
    """Pages follow the due date then a stable id, not the roster's order; no row twice."""
    director = office.person("dora", Role.DIRECTOR)
    deadline = today() + timedelta(days=60)
    with transaction(office.engine) as session:
        cycle = open_cycle(
            session=session,
            year=2026,
            deadline=deadline,
            reminder_days=(14, 7, 1),
            rules=QualificationRules(),
            opened_by=director.id,
            today=today(),
        )
        loaded = get_cycle(session=session, cycle_id=cycle.id)
        assert loaded is not None
        added = import_roster(
            session=session,
            pepper=settings.pepper,
            cycle=loaded,
            rows=read_roster(_roster(), loaded),
        )
        for n, filer in enumerate(added):  # the last added is due first
            filer.due_on = deadline - timedelta(days=(n % 4) * 3)
            session.add(filer)
    with transaction(office.engine) as session:
        rows = list(session.exec(select(DisclosureFiler)))
        pages = [
            cycle_statuses(
                session=session,
                cycle_id=cycle.id,
                state=FilerState.NOT_INVITED,
                limit=PAGE,
                offset=start,
            )
            for start in range(0, FILERS, PAGE)
        ]
        names = contacts_of(settings.pepper, [s.filer for s in pages[0]])

    listed = [status.filer.id for page in pages for status in page]
    assert [len(page) for page in pages] == [4, 4, 3]
    assert listed == _expected(rows)
    assert listed != [filer.id for filer in added]
    assert [n.name for n in names] == [
        next(f"Filer {i}" for i, a in enumerate(added) if a.id == s.filer.id) for s in pages[0]
    ]
    assert min(s.filer.due_on for s in pages[0]) == deadline - timedelta(days=9)
    assert isinstance(pages[0][0].filer.due_on, date)
