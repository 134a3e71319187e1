"""The inbox: granted cases only, metadata only, filters, sort, pages and deadline badges."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from consolekit import Console, make_case
from sqlmodel import select

from casework.cases.envelope import Case, Grant
from casework.cases.inbox import PAGE_SIZE
from casework.store.clock import today
from casework.store.db import transaction
from casework.store.ids import case_reference


@pytest.fixture(params=[False, True], ids=["plain", "htmx"])
def htmx(request: pytest.FixtureRequest) -> bool:
    """Every view is tested as a full page and as an htmx fragment."""
    return bool(request.param)


class TestInbox:
    """GET /inbox."""

    def test_unauthorized(self, console: Console) -> None:
        """Without a session the inbox sends the browser to sign in."""
        assert console.get("/inbox").status_code == 303

    def test_lists_only_granted_cases_and_no_content(
        self, console: Console, office, settings, htmx: bool
    ) -> None:
        """An officer sees the cases routed to them and nothing of their content."""
        olga, pete = office.person("olga"), office.person("pete")
        mine, _ = make_case(
            office.engine, settings, office, recipients=[olga.id], answers={"what": "CANARY-ANSWER"}
        )
        theirs, _ = make_case(
            office.engine, settings, office, channel="advice", recipients=[pete.id]
        )
        console.act_as(olga)

        response = console.get("/inbox", htmx=htmx)

        assert response.status_code == 200
        assert response.headers["vary"] == "HX-Request"
        assert response.headers["cache-control"] == "no-store"
        assert case_reference(mine) in response.text
        assert case_reference(theirs) not in response.text
        assert "CANARY-ANSWER" not in response.text
        assert ("<html" in response.text) is not htmx
        assert 'id="case-list"' in response.text

    def test_filters_and_badges(self, console: Console, office, settings, htmx: bool) -> None:
        """Channel, status and overdue filters narrow the list; deadline badges are shown."""
        olga = office.person("olga")
        late, _ = make_case(
            office.engine, settings, office, recipients=[olga.id], channel="speak-up"
        )
        fresh, _ = make_case(
            office.engine,
            settings,
            office,
            recipients=[olga.id],
            channel="advice",
            category="gifts",
        )
        with transaction(office.engine) as session:
            case = session.get(Case, late)
            case.received_on = today() - timedelta(days=10)
            case.ack_due_on = today() - timedelta(days=3)
            session.add(case)
        console.act_as(olga)

        overdue = console.get("/inbox?overdue=1", htmx=htmx).text
        advice = console.get("/inbox?channel=advice", htmx=htmx).text
        gifts = console.get("/inbox?category=gifts&status=received", htmx=htmx).text
        everything = console.get("/inbox", htmx=htmx).text

        assert case_reference(late) in overdue and case_reference(fresh) not in overdue
        assert case_reference(fresh) in advice and case_reference(late) not in advice
        assert case_reference(fresh) in gifts and case_reference(late) not in gifts
        assert "overdue by 3 days" in everything
        assert "due in 7 days" in everything

    def test_assigned_to_me(self, console: Console, office, settings, htmx: bool) -> None:
        """The "assigned to me" filter shows only cases assigned to the principal."""
        olga = office.person("olga")
        assigned, _ = make_case(office.engine, settings, office, recipients=[olga.id])
        other, _ = make_case(office.engine, settings, office, recipients=[olga.id])
        console.act_as(olga)
        assert console.post(f"/cases/{assigned}/assign", {"assignee": olga.id}).status_code == 303

        response = console.get("/inbox?mine=1", htmx=htmx)

        assert case_reference(assigned) in response.text
        assert case_reference(other) not in response.text

    def test_pagination_and_sort(self, console: Console, office, settings, htmx: bool) -> None:
        """Pages hold PAGE_SIZE cases, links keep the filters, and the sort changes the order."""
        olga = office.person("olga")
        with transaction(office.engine) as session:
            for n in range(PAGE_SIZE + 2):
                session.add(
                    Case(
                        channel="bulk",
                        received_on=today() - timedelta(days=n),
                        last_activity_on=today(),
                    )
                )
        ids = []
        with transaction(office.engine) as session:
            for case in session.exec(select(Case)).all():
                session.add(Grant(case_id=case.id, principal_id=olga.id, sealed_key=b"x"))
                ids.append((case.received_on, case.id))
        ids.sort()
        console.act_as(olga)

        first = console.get("/inbox?channel=bulk", htmx=htmx).text
        second_href = re.search(r'href="(/inbox\?[^"]*after=[^"]*)"[^>]*rel="next"', first)
        assert second_href is not None
        second = console.get(html.unescape(second_href[1]), htmx=htmx).text
        last = console.get("/inbox?channel=bulk&last=1", htmx=htmx).text
        oldest = console.get("/inbox?channel=bulk&sort=oldest", htmx=htmx).text

        assert f"{PAGE_SIZE + 2} cases, {PAGE_SIZE} on this page" in first
        assert "channel=bulk" in second_href[1] and 'rel="prev"' not in first
        assert case_reference(ids[0][1]) in second and case_reference(ids[-1][1]) not in second
        assert 'rel="prev"' in second and 'rel="next"' not in second
        assert case_reference(ids[-1][1]) in first
        assert case_reference(ids[0][1]) in last and case_reference(ids[-1][1]) not in last
        assert case_reference(ids[0][1]) in oldest and case_reference(ids[-1][1]) not in oldest

    def test_filter_choices_come_from_forms_and_routing(
        self, console: Console, office, settings, htmx: bool
    ) -> None:
        """Choices: the forms' channels and categories, routed channels, the asked-for value."""
        olga = office.person("olga")
        make_case(office.engine, settings, office, recipients=[olga.id], channel="speak-up")
        console.act_as(olga)

        text = console.get("/inbox?category=gifts", htmx=False).text

        for value in ("report", "speak-up", "fraud", "harassment", "gifts"):
            assert f'<option value="{value}"' in text

    @pytest.mark.parametrize(
        "query",
        [
            "page=-1",
            "page=99999999999",
            "sort=evil",
            "status=x'--",
            "overdue=yes",
            "after=9999-99-99.zz",
            "before=2024-01-01.%27--",
            "after=2024-02-30.00ff",
            "last=yes",
        ],
    )
    def test_hostile_parameters_fall_back(self, console: Console, office, query: str) -> None:
        """Malformed parameters are ignored rather than failing."""
        console.act_as(office.person("olga"))

        assert console.get(f"/inbox?{query}").status_code == 200
