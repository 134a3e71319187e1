"""A cycle with a roster, for the disclosure tests."""

from dataclasses import dataclass
from datetime import timedelta

import pytest

from casework.channels.disclosure.cycles import get_cycle, open_cycle
from casework.channels.disclosure.roster import import_roster, read_roster
from casework.channels.disclosure.rules import QualificationRules
from casework.people.principals import Role
from casework.store.clock import today
from casework.store.db import transaction
from confide.settings import Settings
from tests.conftest import OfficeFixture, Person

ROSTER = (
    b"staff_id,email,name,grade,role\n"
    b"S001,ana@example.org,Ana Alvarez,P-5,programme\n"
    b"S002,ben@example.org,Ben Brown,G-6,finance\n"
    b"S003,cy@example.org,Cy Chen,P-3,programme\n"
)


@dataclass
class CycleFixture:
    """An open cycle, its director, and the ids of its filers (S001 and S002)."""

    id: str
    director: Person
    filer_ids: list[str]


@pytest.fixture
def cycle(office: OfficeFixture, settings: Settings) -> CycleFixture:
    """A 2026 cycle, deadline in 60 days, with Ana and Ben on its roster."""
    director = office.person("dora", Role.DIRECTOR)
    with transaction(office.engine) as session:
        opened = open_cycle(
            session=session,
            year=2026,
            deadline=today() + timedelta(days=60),
            reminder_days=(14, 7, 1),
            rules=QualificationRules(),
            opened_by=director.id,
            today=today(),
        )
        cycle = get_cycle(session=session, cycle_id=opened.id)
        assert cycle is not None
        added = import_roster(
            session=session, pepper=settings.pepper, cycle=cycle, rows=read_roster(ROSTER, cycle)
        )
        return CycleFixture(cycle.id, director, [f.id for f in added])
