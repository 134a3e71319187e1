"""Importing earlier years: a file is checked whole, refused with an error per line, and a
year Confide already counts is never overwritten by history."""

from datetime import date

import pytest
from click.testing import CliRunner

from casework.cases.envelope import Case
from casework.statistics.history import (
    HistoryFileError,
    history_by_year,
    import_history,
    read_history,
)
from casework.store.db import transaction
from confide.cli import main
from tests.conftest import OfficeFixture
from tests.factories import receipt_secrets, submit


@pytest.mark.parametrize(
    ("content", "line", "problem"),
    [
        (b"", 1, "header"),
        (b"year;category;count\n2020;training;3\n", 1, "header"),
        (b"year,category,count\n", 2, "no lines"),
        (b"year,category,count\nMMXX,training,3\n", 2, "is not a year"),
        (b"year,category,count\n2020,bribery,3\n", 2, "unknown category"),
        (b"year,category,count\n2020,training,-3\n", 2, "whole number"),
        (b"year,category,count\n2020,training,=1+1\n", 2, "whole number"),
        (b"year,category,count\n2020,training\n", 2, "expected 3 values"),
        (b"year,category,count\n2020,training,3\n2020,training,4\n", 3, "already given on line 2"),
        (b"\xff\xfe\x00", 1, "not UTF-8"),
    ],
    ids=[
        "empty",
        "semicolons",
        "header-only",
        "roman-year",
        "unknown-category",
        "negative",
        "formula",
        "short-line",
        "duplicate",
        "not-utf8",
    ],
)
def test_a_malformed_file_is_refused_with_its_line(content: bytes, line: int, problem: str) -> None:
    """Each kind of mistake is named with its line number."""
    with pytest.raises(HistoryFileError) as refused:
        read_history(content)

    assert any(n == line and problem in message for n, message in refused.value.errors)


def test_every_wrong_line_is_listed_and_nothing_is_kept(office: OfficeFixture) -> None:
    """Two bad lines among good ones: both are listed, and no line is imported."""
    content = b"year,category,count\n2019,training,3\n2020,x,1\n2021,training,y\n"

    with pytest.raises(HistoryFileError) as refused:
        read_history(content)
    with transaction(office.engine) as session:
        kept = history_by_year(session=session, first_year=2000, last_year=2030)

    assert [n for n, _problem in refused.value.errors] == [3, 4]
    assert kept == {}


def test_importing_again_replaces_a_year_and_a_counted_year_is_refused(
    office: OfficeFixture,
) -> None:
    """A year imported twice keeps the second file's totals; a year with cases is refused."""
    with transaction(office.engine) as session:
        import_history(
            session=session,
            lines=read_history(b"year,category,count\n2019,training,3\n2019,coherence,2\n"),
        )
        import_history(
            session=session, lines=read_history(b"year,category,count\n2019,training,4\n")
        )
    case_id, _key = submit(office.engine, receipt_secrets(office.office_salt, b"p" * 32)[1])
    with transaction(office.engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.received_on = date(2020, 3, 1)

    with transaction(office.engine) as session, pytest.raises(HistoryFileError) as refused:
        import_history(
            session=session,
            lines=read_history(b"year,category,count\n2021,training,1\n2020,training,5\n"),
        )
    with transaction(office.engine) as session:
        kept = history_by_year(session=session, first_year=2000, last_year=2030)

    assert kept == {2019: {"training": 4}}
    assert refused.value.errors == [(3, "Confide already holds matters received in 2020")]


def test_the_command_refuses_a_bad_file_whole(office: OfficeFixture, settings, tmp_path) -> None:
    """`confide import-history` prints each error with its line and changes nothing; a good
    file is then imported."""
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text("year,category,count\n2018,training,12\n2018,nonsense,1\n")
    good.write_text("year,category,count\n2018,training,12\n2019,training,14\n")
    env = {
        "CONFIDE_DATABASE_URL": settings.database_url,
        "CONFIDE_DATA_DIR": str(settings.data_dir),
    }

    refused = CliRunner().invoke(main, ["import-history", str(bad)], env=env)
    with transaction(office.engine) as session:
        after_bad = history_by_year(session=session, first_year=2000, last_year=2030)
    accepted = CliRunner().invoke(main, ["import-history", str(good)], env=env)

    assert refused.exit_code == 1
    assert "line 3: unknown category 'nonsense'" in refused.output
    assert after_bad == {}
    assert accepted.exit_code == 0, accepted.output
    assert "Imported 2 total(s) for 2 year(s), 2018 to 2019." in accepted.output
