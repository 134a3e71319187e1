"""The inbox query: keyset pages, the grant rows' copies of case metadata, the capped count."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from casework.cases import inbox
from casework.cases.access import grant_case
from casework.cases.envelope import NO_DATE, Case, CaseStatus, Grant, inbox_copy
from casework.cases.inbox import PAGE_SIZE, InboxQuery, Sort, list_inbox
from casework.cases.reporter_view import mark_reporter_activity
from casework.cases.workflow import assign, change_status, write
from casework.channels.report.policy import ACKNOWLEDGED
from casework.people.principals import get_principal
from casework.store.clock import today
from casework.store.db import transaction
from crypto import derive_keys, generate_pepper
from crypto.seedwrap import unwrap_seed
from tests.conftest import PASSWORD, OfficeFixture
from tests.factories import receipt_secrets, submit

DAY0 = date(2024, 1, 1)
CASES = 2 * PAGE_SIZE + 7


def _fill(office: OfficeFixture, principal_id: str, other_id: str) -> None:
    """CASES cases for ``principal_id`` (many sharing a day), and some for someone else."""
    with transaction(office.engine) as session:
        for n in range(CASES + 5):
            day = DAY0 + timedelta(days=n % 6)  # ties: the case id must break them
            case = Case(
                channel="report",
                category=("fraud", "abuse")[n % 2],
                status=CaseStatus.RECEIVED if n % 3 else CaseStatus.CLOSED,
                received_on=day,
                ack_due_on=None if n % 7 == 0 else day + timedelta(days=n % 11),
                due_on=day + timedelta(days=90),
                last_activity_on=day + timedelta(days=n % 4),
            )
            session.add(case)
            session.flush()
            owner = principal_id if n < CASES else other_id
            session.add(Grant(case_id=case.id, principal_id=owner, sealed_key=b"x"))


def _walk(session: Session, principal_id: str, wanted: InboxQuery, forward: bool) -> list[str]:
    """Every case id met by following next (or previous from the last page) links."""
    seen: list[str] = []
    page = list_inbox(
        session=session,
        principal_id=principal_id,
        wanted=replace(wanted, last=not forward),
        today=DAY0,
    )
    for _ in range(CASES):
        ids = [case.id for case in page.cases]
        seen = seen + ids if forward else ids + seen
        cursor = page.next if forward else page.previous
        if cursor is None:
            return seen
        step = replace(wanted, after=cursor) if forward else replace(wanted, before=cursor)
        page = list_inbox(session=session, principal_id=principal_id, wanted=step, today=DAY0)
    raise AssertionError("the walk did not end")


def _expected(session: Session, principal_id: str, wanted: InboxQuery) -> list[str]:
    """The ids in the order the sort defines, computed in Python from the cases."""
    cases = session.exec(select(Case).join(Grant).where(Grant.principal_id == principal_id)).all()
    keys = {
        Sort.NEWEST: lambda c: (c.received_on, c.id),
        Sort.OLDEST: lambda c: (c.received_on, c.id),
        Sort.ACK_DUE: lambda c: (c.ack_due_on or NO_DATE, c.id),
        Sort.DUE: lambda c: (c.due_on or NO_DATE, c.id),
        Sort.ACTIVITY: lambda c: (c.last_activity_on, c.id),
    }
    chosen = [c for c in cases if not wanted.category or c.category == wanted.category]
    ordered = sorted(chosen, key=keys[wanted.sort])
    if wanted.sort in (Sort.NEWEST, Sort.ACTIVITY):
        ordered.reverse()
    return [c.id for c in ordered]


@pytest.mark.parametrize("sort", list(Sort), ids=[s.value for s in Sort])
@pytest.mark.parametrize("category", ["", "abuse"], ids=["all", "filtered"])
@pytest.mark.parametrize("forward", [True, False], ids=["next", "previous"])
def test_keyset_pages_cover_every_case_once_in_order(
    office: OfficeFixture, sort: Sort, category: str, forward: bool
) -> None:
    """Following the links visits each granted case exactly once, in the sort's order."""
    olga, pete = office.person("olga"), office.person("pete")
    _fill(office, olga.id, pete.id)
    wanted = InboxQuery(sort=sort, category=category)

    with transaction(office.engine) as session:
        walked = _walk(session, olga.id, wanted, forward)
        expected = _expected(session, olga.id, wanted)

    assert walked == expected
    assert len(set(walked)) == len(walked)


def test_pages_are_full_and_stale_cursors_land_on_real_pages(office: OfficeFixture) -> None:
    """First and last pages are full; a cursor beyond either end gives the last or first page."""
    olga, pete = office.person("olga"), office.person("pete")
    _fill(office, olga.id, pete.id)

    with transaction(office.engine) as session:

        def page(**kw: object) -> inbox.InboxPage:
            wanted = replace(InboxQuery(sort=Sort.OLDEST), **kw)
            return list_inbox(session=session, principal_id=olga.id, wanted=wanted, today=DAY0)

        first, last = page(), page(last=True)
        past_end = page(after=inbox.Cursor(date(9000, 1, 1), "f" * 32))
        before_start = page(before=inbox.Cursor(date(1900, 1, 1), "0"))

    assert len(first.cases) == len(last.cases) == PAGE_SIZE
    assert first.previous is None and first.next is not None
    assert last.next is None and last.previous is not None
    assert [c.id for c in past_end.cases] == [c.id for c in last.cases]
    assert [c.id for c in before_start.cases] == [c.id for c in first.cases]
    assert first.total == CASES and not first.capped


def test_count_is_capped(office: OfficeFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond COUNT_CAP matches the count stops and says so."""
    olga, pete = office.person("olga"), office.person("pete")
    _fill(office, olga.id, pete.id)
    monkeypatch.setattr(inbox, "COUNT_CAP", 10)

    with transaction(office.engine) as session:
        page = list_inbox(session=session, principal_id=olga.id, wanted=InboxQuery(), today=DAY0)

    assert (page.total, page.capped) == (10, True)


@pytest.mark.parametrize(
    "cursor",
    ["", "2024-01-01", "2024-13-01.ab", "2024-01-01.AB", "2024-01-01.ab'--", "x" * 100],
)
def test_cursor_parse_refuses_anything_else(cursor: str) -> None:
    """Only ``<ISO date>.<lowercase hex id>`` is a cursor."""
    assert inbox.Cursor.parse(cursor) is None


def test_cursor_round_trips() -> None:
    """A cursor's text parses back to itself."""
    cursor = inbox.Cursor(date(2024, 5, 1), "3fa9" * 8)

    assert inbox.Cursor.parse(str(cursor)) == cursor


def _copies_match(office: OfficeFixture, case_id: str) -> Case:
    with transaction(office.engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        grants = session.exec(select(Grant).where(Grant.case_id == case_id)).all()
        assert grants
        for grant in grants:
            copied = {name: getattr(grant, name) for name in inbox_copy(case)}
            assert copied == inbox_copy(case)
        session.expunge(case)
        return case


def test_every_workflow_step_keeps_the_grant_copies_in_step(office: OfficeFixture) -> None:
    """Intake, grant, acknowledge, assign, reply, reporter activity and close update grants."""
    olga, pete = office.person("olga"), office.person("pete")
    _receipt, secrets_ = receipt_secrets(office.office_salt, generate_pepper())
    case_id, key = submit(office.engine, secrets_, recipients=[olga.id])
    with transaction(office.engine) as session:
        principal = get_principal(session=session, principal_id=olga.id)
        assert principal is not None
        olga_keys = derive_keys(unwrap_seed(principal.wrapped_seed, PASSWORD))
    _copies_match(office, case_id)

    steps = [
        lambda s, c: grant_case(
            session=s,
            case_id=c.id,
            grantor_id=olga.id,
            grantor_keys=olga_keys,
            grantee_id=pete.id,
        ),
        lambda s, c: change_status(session=s, case=c, actor_id=olga.id, to=ACKNOWLEDGED),
        lambda s, c: assign(session=s, case=c, actor_id=olga.id, assignee_id=pete.id),
        lambda s, c: write(
            session=s, case=c, case_key=key, actor_id=olga.id, body="Thanks", internal=False
        ),
        lambda s, c: mark_reporter_activity(session=s, case_id=c.id),
        lambda s, c: change_status(
            session=s, case=c, actor_id=olga.id, to=CaseStatus.CLOSED, outcome="no_action"
        ),
    ]
    for step in steps:
        with transaction(office.engine) as session:
            case = session.get(Case, case_id)
            step(session, case)
        after = _copies_match(office, case_id)

    assert after.status == CaseStatus.CLOSED and after.assigned_to == pete.id


def test_a_direct_change_to_a_case_reaches_the_inbox(office: OfficeFixture) -> None:
    """Whatever code changes a copied column through the ORM, the inbox filters see it."""
    olga, pete = office.person("olga"), office.person("pete")
    _fill(office, olga.id, pete.id)
    with transaction(office.engine) as session:
        case = session.exec(select(Case).join(Grant).where(Grant.principal_id == olga.id)).first()
        assert case is not None
        case_id = case.id
        case.category = "harassment"
        case.ack_due_on = None
        session.add(case)

    with transaction(office.engine) as session:
        found = list_inbox(
            session=session,
            principal_id=olga.id,
            wanted=InboxQuery(category="harassment"),
            today=today(),
        )
    _copies_match(office, case_id)

    assert [c.id for c in found.cases] == [case_id]
