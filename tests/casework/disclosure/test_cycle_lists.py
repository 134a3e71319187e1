"""The cycle page's lists: a stable, useful order in pages, and names opened page by page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from casework.disclosure.filers import contacts_of
from casework.disclosure.overview import Cursor, FilerState, cycle_statuses
from casework.disclosure.tables import DisclosureFiler
from casework.people.principals import Role
from casework.store.clock import today
from casework.store.db import transaction
from confide.settings import Settings
from tests.casework.disclosure.conftest import cycle_with_roster
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
    made = cycle_with_roster(
        office.engine, settings.pepper, office.person("dora", Role.DIRECTOR), _roster()
    )
    deadline = today() + timedelta(days=60)
    with transaction(office.engine) as session:
        added = [session.get(DisclosureFiler, filer_id) for filer_id in made.filer_ids]
        for n, filer in enumerate(added):  # due dates out of the roster order
            assert filer is not None
            filer.due_on = deadline - timedelta(days=(n % 4) * 3)
            session.add(filer)
    with transaction(office.engine) as session:
        rows = list(session.exec(select(DisclosureFiler)))
        pages = [
            cycle_statuses(
                session=session,
                cycle_id=made.id,
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
    assert listed != made.filer_ids
    assert [n.name for n in names] == [
        f"Filer {made.filer_ids.index(s.filer.id)}" for s in pages[0]
    ]
    assert min(s.filer.due_on for s in pages[0]) == deadline - timedelta(days=9)


def test_cursors_walk_the_same_order_both_ways(office: OfficeFixture, settings: Settings) -> None:
    """From a page's last row forwards and its first row backwards: the same pages as offsets."""
    made = cycle_with_roster(
        office.engine, settings.pepper, office.person("dora", Role.DIRECTOR), _roster()
    )

    def page(**where: object) -> list[str]:
        with transaction(office.engine) as session:
            found = cycle_statuses(
                session=session, cycle_id=made.id, state=FilerState.NOT_INVITED, limit=PAGE, **where
            )
        return [status.filer.id for status in found]

    by_offset = [page(offset=start) for start in range(0, FILERS, PAGE)]
    with transaction(office.engine) as session:
        rows = {row.id: row for row in session.exec(select(DisclosureFiler))}

    def at(filer_id: str, backwards: bool = False) -> Cursor:
        return Cursor(rows[filer_id].due_on, filer_id, backwards)

    forwards = [by_offset[0]]
    while len(forwards) < len(by_offset):
        forwards.append(page(cursor=at(forwards[-1][-1])))
    backwards = page(cursor=at(by_offset[2][0], backwards=True))
    round_trip = Cursor.parse(str(at(by_offset[1][0])))

    assert forwards == by_offset
    assert backwards == by_offset[1]
    assert round_trip == at(by_offset[1][0])


@pytest.mark.parametrize(
    "text",
    ["", "2026-12-31", "2026-12-31.xyz", "2026-13-01." + "a" * 32, "<script>." + "a" * 32],
    ids=["empty", "no-id", "bad-id", "bad-date", "markup"],
)
def test_a_malformed_cursor_is_none(text: str) -> None:
    """A cursor that is not a day and a filer id reads as no cursor at all."""
    assert Cursor.parse(text) is None
