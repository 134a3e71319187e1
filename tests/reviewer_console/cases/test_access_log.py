"""The access log: the console page, and `confide verify-logs` catching any tampering."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from consolekit import Console, make_case
from sqlalchemy import text

from casework.cases.access_log import AccessAction, record_access
from casework.people.principals import Role
from casework.store.db import transaction
from casework.store.ids import case_reference
from confide.cli import main


@pytest.fixture(params=[False, True], ids=["plain", "htmx"])
def htmx(request: pytest.FixtureRequest) -> bool:
    """Every view is tested as a full page and as an htmx fragment."""
    return bool(request.param)


class TestAccessLogPage:
    """GET /log."""

    def test_unauthorized(self, console: Console, office) -> None:
        """Only the director reads the access log."""
        assert console.get("/log").status_code == 303
        for role in (Role.OFFICER, Role.REVIEWER):
            console.act_as(office.person(f"p-{role}", role))
            assert console.get("/log").status_code == 403

    def test_lists_and_filters(self, console: Console, office, settings, htmx: bool) -> None:
        """Entries are listed newest first and filtered by actor, case and action."""
        olga, dana = office.person("olga"), office.person("dana", Role.DIRECTOR)
        case_id, _ = make_case(office.engine, settings, office, recipients=[olga.id])
        console.act_as(olga)
        console.get(f"/cases/{case_id}")
        console.act_as(dana)

        reference = case_reference(case_id)

        everything = console.get("/log", htmx=htmx).text
        opened = console.get(f"/log?action=open_case&case={reference}", htmx=htmx).text
        by_id = console.get(f"/log?action=open_case&case={case_id}", htmx=htmx).text
        by_dana = console.get(f"/log?actor={dana.id}", htmx=htmx).text
        unknown = console.get("/log?case=C-0000-0000", htmx=htmx).text

        assert "<td>opened the case</td>" in everything
        assert reference in opened and "olga" in opened
        assert reference in by_id
        assert "<td>opened the case</td>" not in by_dana
        assert "No case has the reference" in unknown
        assert "<td>opened the case</td>" not in unknown
        assert ("<html" in everything) is not htmx

    def test_pages_by_id(self, console: Console, office) -> None:
        """Older entries are one link away and the link keeps the filters."""
        dana = office.person("dana", Role.DIRECTOR)
        with transaction(office.engine) as session:
            for _ in range(60):
                record_access(session=session, actor_id=dana.id, action=AccessAction.OPEN_CASE)
        console.act_as(dana)

        first = console.get("/log?action=open_case").text

        assert "action=open_case&amp;before=11" in first
        assert "before=11" in first
        older = console.get("/log?action=open_case&before=11").text
        assert "<td>10</td>" in older and "<td>11</td>" not in older


def _populate(engine, actor_id: str, n: int = 6) -> None:
    with transaction(engine) as session:
        for i in range(n):
            record_access(
                session=session, actor_id=actor_id, action=AccessAction.OPEN_CASE, detail=f"n:{i}"
            )


def _verify(settings) -> tuple[int, str]:
    result = CliRunner().invoke(
        main,
        ["verify-logs"],
        env={
            "CONFIDE_DATA_DIR": str(settings.data_dir),
            "CONFIDE_DATABASE_URL": settings.resolved_database_url,
        },
    )
    return result.exit_code, result.output


TAMPERING = {
    "edit": ["UPDATE access_log SET detail = 'n:99' WHERE id = 3"],
    "delete": ["DELETE FROM access_log WHERE id = 3"],
    "reorder": [
        "UPDATE access_log SET id = 1000 WHERE id = 3",
        "UPDATE access_log SET id = 3 WHERE id = 4",
        "UPDATE access_log SET id = 4 WHERE id = 1000",
    ],
    "rehash-free edit of the actor": ["UPDATE access_log SET actor_id = NULL WHERE id = 3"],
}


class TestVerifyLogs:
    """`confide verify-logs` on a real database."""

    def test_intact_log_verifies(self, office, settings) -> None:
        """An untouched log passes and the command exits 0."""
        _populate(office.engine, office.person("olga").id)

        code, output = _verify(settings)

        assert code == 0
        assert "access log: 6 entries verified" in output

    @pytest.mark.parametrize("statements", list(TAMPERING.values()), ids=list(TAMPERING))
    def test_tampering_is_named(self, office, settings, statements: list[str]) -> None:
        """Editing, deleting or reordering one row fails the check and names entry 3."""
        _populate(office.engine, office.person("olga").id)
        with office.engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))

        code, output = _verify(settings)

        assert code == 1
        assert "access log: BROKEN at entry 3" in output
