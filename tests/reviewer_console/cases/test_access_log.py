"""The access log: the console page, and `confide verify-logs` catching any tampering."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from consolekit import Console
from sqlalchemy import text
from sqlmodel import select

from casework.cases.access_log import (
    AccessAction,
    AccessEntry,
    MissingLogKeyError,
    record_access,
)
from casework.people.principals import Role
from casework.store.db import make_engine, transaction
from casework.store.ids import case_reference
from confide.cli import main
from crypto import GENESIS_HASH, entry_hash
from tests.factories import make_case


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


def _verify(settings, *options: str, pepper: bool = True) -> tuple[int, str]:
    env = {
        "CONFIDE_DATA_DIR": str(settings.data_dir),
        "CONFIDE_DATABASE_URL": settings.resolved_database_url,
    }
    if pepper:
        env["CONFIDE_PEPPER"] = settings.pepper.hex()
    result = CliRunner().invoke(main, ["verify-logs", *options], env=env)
    return result.exit_code, result.output


def _rechain_from(engine, first: int, change: str) -> None:
    """As a database writer without the pepper: change entries, then recompute every hash."""
    with engine.begin() as connection:
        connection.execute(text(change))
    with transaction(engine) as session:
        entries = list(session.exec(select(AccessEntry).order_by(AccessEntry.id)))
        previous = entries[first - 2].entry_hash if first > 1 else GENESIS_HASH
        for entry in entries[first - 1 :]:
            entry.prev_hash = previous
            entry.entry_hash = previous = entry_hash(previous, entry.chain_fields())
            session.add(entry)


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

    def test_prints_each_head(self, office, settings) -> None:
        """Each verified log prints its head: count and the newest entry's hash."""
        _populate(office.engine, office.person("olga").id)
        with transaction(office.engine) as session:
            newest = session.get(AccessEntry, 6).entry_hash.hex()

        code, output = _verify(settings)

        assert code == 0
        assert f"head access_log 6 {newest}" in output
        assert f"head consent_log 0 {'00' * 32}" in output

    def test_truncation_is_found_against_a_recorded_head(self, office, settings, tmp_path) -> None:
        """Dropping the newest entries leaves a valid chain, but not the recorded head."""
        _populate(office.engine, office.person("olga").id)
        recorded = tmp_path / "heads.txt"
        recorded.write_text(_verify(settings)[1])
        with office.engine.begin() as connection:
            connection.execute(text("DELETE FROM access_log WHERE id > 4"))

        plain_code, _ = _verify(settings)
        code, output = _verify(settings, "--expect-head", str(recorded))

        assert plain_code == 0
        assert code == 1
        assert "access log: TRUNCATED: 4 entries, the recorded head had 6" in output

    def test_rewrite_is_found_against_a_recorded_head(self, office, settings, tmp_path) -> None:
        """Rewriting the whole log with recomputed hashes no longer matches the recorded head."""
        olga = office.person("olga")
        _populate(office.engine, olga.id)
        recorded = tmp_path / "heads.txt"
        recorded.write_text(_verify(settings)[1])
        with office.engine.begin() as connection:
            connection.execute(text("DELETE FROM access_log"))
        _populate(office.engine, office.person("someone-else").id, n=7)

        code, output = _verify(settings, "--expect-head", str(recorded))

        assert code == 1
        assert "access log: REWRITTEN: entry 6" in output

    def test_a_matching_head_passes(self, office, settings, tmp_path) -> None:
        """More entries since the record are fine: the recorded ones are unchanged."""
        olga = office.person("olga")
        _populate(office.engine, olga.id)
        recorded = tmp_path / "heads.txt"
        recorded.write_text(_verify(settings)[1])
        _populate(office.engine, olga.id, n=2)

        code, output = _verify(settings, "--expect-head", str(recorded))

        assert code == 0, output
        assert "access log: matches the recorded head (6 entries)" in output

    def test_malformed_row_is_broken_and_the_other_log_is_still_checked(
        self, office, settings
    ) -> None:
        """A date that is not a date is BROKEN at that entry; the consent log still runs."""
        _populate(office.engine, office.person("olga").id)
        with office.engine.connect() as connection:
            if office.engine.dialect.name == "postgresql":  # a typed column: NULL instead
                connection.execute(text("ALTER TABLE access_log ALTER COLUMN at DROP NOT NULL"))
                connection.execute(text("UPDATE access_log SET at = NULL WHERE id = 3"))
            else:
                connection.execute(text("UPDATE access_log SET at = 'not a date' WHERE id = 3"))
            connection.commit()

        code, output = _verify(settings)

        assert code == 1
        assert "access log: BROKEN at entry 3" in output
        assert "consent log: 0 entries verified" in output
        assert "Traceback" not in output


class TestAccessLogSeals:
    """Each access-log entry is sealed with a key from the pepper, which the database lacks."""

    def test_unauthorized(self, console: Console) -> None:
        """The log's page stays the director's (the seals change nothing there)."""
        assert console.get("/log").status_code == 303

    @pytest.mark.parametrize(
        "change",
        [
            "UPDATE access_log SET detail = 'n:99' WHERE id = 3",
            "UPDATE access_log SET at = '2020-01-01 00:00:00' WHERE id = 3",
            "DELETE FROM access_log WHERE id = 3",
        ],
        ids=["edit", "back-date", "delete"],
    )
    def test_rechained_change_fails_the_seal(self, office, settings, change: str) -> None:
        """Edited, back-dated or deleted, then re-chained and renumbered: BAD SEAL there."""
        _populate(office.engine, office.person("olga").id)
        if change.startswith("DELETE"):
            change += "; UPDATE access_log SET id = id - 1 WHERE id > 3"
        for statement in change.split("; "):
            _rechain_from(office.engine, 3, statement)

        plain_code, _ = _verify(settings, pepper=False)
        code, output = _verify(settings)

        assert plain_code == 0
        assert code == 1
        assert "access log: BAD SEAL at entry 3" in output

    def test_without_the_pepper_it_says_seals_are_not_checked(self, office, settings) -> None:
        """verify-logs without the pepper checks the chain and says what it could not check."""
        _populate(office.engine, office.person("olga").id)

        code, output = _verify(settings, pepper=False)

        assert code == 0
        assert "seals NOT checked" in output

    def test_an_engine_without_the_key_cannot_write(self, database_url: str, office) -> None:
        """Writing through an engine made without the pepper is refused, not left unsealed."""
        bare = make_engine(database_url)
        try:
            with transaction(bare) as session, pytest.raises(MissingLogKeyError):
                record_access(session=session, actor_id=None, action=AccessAction.SIGN_OUT)
        finally:
            bare.dispose()


class TestHeadsInTheConsole:
    """The director's access-log page shows both heads, to be written down or published."""

    def test_director_sees_the_heads(self, console: Console, office) -> None:
        """Count and head hash of both logs are on the page."""
        dana = office.person("dana", Role.DIRECTOR)
        _populate(office.engine, dana.id, n=3)
        with transaction(office.engine) as session:
            newest = session.get(AccessEntry, 3).entry_hash.hex()
        console.act_as(dana)

        page = console.get("/log").text

        assert "head access_log" in page and newest in page
        assert f"head consent_log 0 {'00' * 32}" in page


def test_every_action_has_a_label() -> None:
    """A new action without its words would break the director's log page (a KeyError)."""
    from casework.cases.access_log import ACTION_LABELS

    assert set(AccessAction) == set(ACTION_LABELS)
