"""The annual report of the model office of 2023 reproduces its figures, on the page, in the
CSV files, the PDF and the terminal; with a threshold of 5 no count under 5 shows anywhere;
and the report is made with no key at all.

The office is built once per database (SQLite, and PostgreSQL when configured) through
the project's own interfaces (:mod:`tests.casework.statistics.model_office`).
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from casework.people.office import create_office, set_small_count_threshold
from casework.statistics.annual import AnnualReport, annual_report
from casework.statistics.counts import Period
from casework.store.blobs import BlobStore
from casework.store.db import make_engine, transaction
from casework.store.migrate import upgrade
from confide.annual_report.cells import table
from confide.annual_report.documents import figure_csv, report_pdf
from confide.cli import main
from confide.settings import Settings
from crypto import TEST_KDF, generate_office_salt, generate_pepper
from crypto.seedwrap import generate_recovery
from reviewer_console.app import create_app
from tests.casework.statistics.model_office import ModelOffice, build_model_office
from tests.conftest import POSTGRES_URL, OfficeFixture, _postgres_schema_url
from tests.reviewer_console.consolekit import BASE_URL, Console

pytestmark = pytest.mark.slow

EXPECTED = {
    "2023:total": 1294,
    "2022:total": 1156,
    "2021:total": 1087,
    "2020:total": 1041,
    "2019:total": 968,
    "2018:total": 905,
    "2017:total": 812,
    "2023:advice": 553,
    "2023:services": 741,
    "2023:retaliation": 60,
    "2023:outside_activities": 183,
    "2023:conflict_of_interest": 82,
    "2023:misconduct": 70,
    "2023:gifts": 63,
    "2020:retaliation_advice": 18,
    "2021:retaliation_advice": 15,
    "2022:retaliation_advice": 35,
    "2023:retaliation_advice": 44,
    "2022:retaliation_request": 8,
    "2023:retaliation_request": 16,
    "2023:determinations": 7,
    "2023:referred": 2,
    "2023:sessions": 47,
    "2023:participants": 1200,
    "fd2023:filed": 1022,
    "fd2023:nothing": 855,
    "fd2023:disclosed": 167,
    "fd2023:no_action": 43,
    "fd2023:more_information": 19,
    "fd2023:advice_given": 105,
}
IN_THE_PDF = (
    "1,294",
    "1,156",
    "553",
    "741",
    "183",
    "82",
    "70",
    "63",
    "+12%",
    "18",
    "15",
    "35",
    "44",
    "16",
    "47",
    "1,200",
    "1,022",
    "855",
    "84%",
    "43",
    "19",
    "105",
)
YEAR = Period.year(2023)


@dataclass
class Built:
    """The model office, its engine and settings that reach it."""

    engine: Engine
    settings: Settings
    world: ModelOffice
    url: str


def _database(kind: str, folder: Path) -> tuple[str, str | None]:
    if kind == "sqlite":
        return f"sqlite:///{folder / 'confide.sqlite3'}", None
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL tests are off: set CONFIDE_TEST_DATABASE_URL to run them")
    url, schema = _postgres_schema_url(POSTGRES_URL)
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    return url, schema


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def model(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Built]:
    """The model office of 2023, built once per database for every test here."""
    folder = tmp_path_factory.mktemp("model")
    url, schema = _database(request.param, folder)
    pepper = generate_pepper()
    engine = make_engine(url, pepper=pepper)
    upgrade(engine)
    code, public = generate_recovery()
    salt = generate_office_salt()
    with transaction(engine) as session:
        create_office(
            session=session, name="Model Ethics Office", office_salt=salt, recovery_public=public
        )
    office = OfficeFixture(
        engine=engine, recovery_code=code, recovery_public=public, office_salt=salt
    )
    world = build_model_office(office, pepper, BlobStore(folder / "blobs"))
    (folder / "data").mkdir()
    settings = Settings(
        data_dir=folder / "data",
        database_url=url,
        pepper=pepper,
        demo=True,
        receipt_kdf=TEST_KDF,
        password_kdf=TEST_KDF,
        https=False,
    ).check()
    try:
        yield Built(engine, settings, world, url)
    finally:
        engine.dispose()
        if schema is not None:
            admin = make_engine(POSTGRES_URL)
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


@pytest.fixture
def threshold(model: Built) -> Iterator[int]:
    """The office's threshold set to 5 for one test, then off again."""
    with transaction(model.engine) as session:
        set_small_count_threshold(session=session, threshold=5)
    yield 5
    with transaction(model.engine) as session:
        set_small_count_threshold(session=session, threshold=0)


def _report(model: Built, period: Period = YEAR) -> AnnualReport:
    with transaction(model.engine) as session:
        return annual_report(session=session, period=period)


def _pdf_text(report: AnnualReport) -> str:
    pdf = report_pdf(report, "Model Ethics Office", made_on=date(2024, 1, 15))
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def _page(model: Built, query: str) -> str:
    officer = type("P", (), {"id": model.world.officer, "password": "correct horse battery staple"})
    with TestClient(create_app(model.settings), base_url=BASE_URL) as client:
        console = Console(client=client, settings=model.settings, engine=model.engine)
        console.act_as(officer)
        response = client.get(f"/reports?{query}")
        assert response.status_code == 200
        return response.text


def _terminal(model: Built) -> str:
    env = {"CONFIDE_DATABASE_URL": model.url, "CONFIDE_DATA_DIR": str(model.settings.data_dir)}
    result = CliRunner().invoke(main, ["report", "2023"], env=env)
    assert result.exit_code == 0, result.output
    return result.output


def test_the_report_reproduces_the_model_office_figures(model: Built) -> None:
    """Every figure of the 2023 report: categories, trend, topics, retaliation, training,
    disclosure, and the year-on-year change of the total (+12%)."""
    report = _report(model)

    found = {key: report.values[key] for key in EXPECTED}
    trend = table(report, next(f for f in report.figures if f.id == "trend"))
    disclosure = table(report, next(f for f in report.figures if f.id == "disclosure-2023"))

    assert found == EXPECTED
    assert trend.rows[-1] == ("2023", "1,294", "+12%")
    assert [row[0] for row in trend.rows] == [str(y) for y in range(2017, 2024)]
    assert ("Nothing to disclose", "855", "84%") in disclosure.rows
    assert [f.number for f in report.figures] == list(range(1, len(report.figures) + 1))


def test_the_pdf_the_csv_and_the_terminal_carry_the_figures(model: Built) -> None:
    """The PDF's text, each figure's CSV and `confide report` show the same figures."""
    report = _report(model)

    pdf = _pdf_text(report)
    csv = {f.id: figure_csv(report, f) for f in report.figures}
    terminal = _terminal(model)

    assert all(figure in pdf for figure in IN_THE_PDF), [f for f in IN_THE_PDF if f not in pdf]
    assert "Total,1156,1294,100%,+12%" in csv["matters"]
    assert "Outside activities,160,183,33%,+14%" in csv["advice"]
    assert "2023,44,+26%" in csv["retaliation-advice"]
    assert "Formal requests received,8,16,+100%" in csv["protection"]
    assert "Advice given,105,10%" in csv["disclosure-2023"]
    assert re.search(r"Total\s+1,156\s+1,294\s+100%\s+\+12%", terminal)


COUNT = re.compile(r"(?<![\w.,+−%-])(\d{1,3}(?:,\d{3})*|\d+)(?![\w%,-]|\.\d)")
NOT_COUNTS = re.compile(
    r"\d{4}-\d{2}-\d{2}|Figure \d+|page \d+ of \d+|[+−-]?\d+%|\b(?:19|20)\d\d\b|under 5|than 5"
    r"|#[0-9a-f]{6}|\d+(?:\.\d+)?(?:px|pt|mm|rem)"
)


def _small_counts(text_: str) -> list[str]:
    """Whole numbers under 5 that are counts (not years, dates, shares or figure numbers)."""
    cleaned = NOT_COUNTS.sub(" ", text_)
    return [n for n in COUNT.findall(cleaned) if int(n.replace(",", "")) < 5]


def _page_counts(html: str) -> list[str]:
    """The page's table cells and chart labels (its markup has other numbers: sizes)."""
    cells = re.findall(r'<td class="num">([^<]*)</td>', html)
    labels = re.findall(r"<text [^>]*>([^<]*)</text>", html)
    return cells + labels


def test_with_a_threshold_of_5_no_count_under_5_shows_anywhere(
    model: Built, threshold: int
) -> None:
    """Page, CSV, PDF and terminal: every count under 5 is "fewer than 5", none leaks."""
    report = _report(model)

    page = _page(model, "year=2023")
    csv = "\n".join(figure_csv(report, f) for f in report.figures)
    pdf = _pdf_text(report)
    terminal = _terminal(model)
    shown = "\n".join(_page_counts(page))

    assert report.threshold == threshold
    assert _small_counts(shown) == []
    assert _small_counts(csv) == []
    assert _small_counts(pdf) == []
    assert _small_counts(terminal) == []
    assert "fewer than 5" in shown and "fewer than 5" in csv and "fewer than 5" in pdf
    assert "1,294" in shown and "1294" in csv and "1,294" in pdf


OPENS_KEYS = (
    "crypto.seedwrap",
    "crypto.filerwrap",
    "casework.store.sealing",
    "casework.cases.access",
    "casework.cases.records",
    "casework.people.principals_auth",
    "casework.people.filer_auth",
)
RUN_WITHOUT_KEYS = """
import json, sys
from datetime import date
from casework.store.db import make_engine, transaction
from casework.statistics.annual import annual_report
from casework.statistics.counts import Period
from confide.annual_report.documents import figure_csv, report_html
engine = make_engine(sys.argv[1])
with transaction(engine) as session:
    report = annual_report(session=session, period=Period.year(2023))
report_html(report, "x", made_on=date(2024, 1, 1))
[figure_csv(report, f) for f in report.figures]
print(json.dumps({"values": report.values, "modules": sorted(sys.modules)}))
"""


def test_the_report_is_made_without_any_key(model: Built) -> None:
    """A process that loads no key (no pepper, no session) makes the whole report without
    importing anything that opens one, and wiping every key and ciphertext changes nothing."""
    before = _report(model).values

    run = subprocess.run(
        [sys.executable, "-c", RUN_WITHOUT_KEYS, model.url],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    done = json.loads(run.stdout)
    with Session(model.engine) as session:
        for statement in (
            'UPDATE "grant" SET sealed_key = :nothing',
            "UPDATE principal SET wrapped_seed = :nothing, recovery_sealed_seed = :nothing",
            "UPDATE reporter_key SET sealed_case_key = :nothing",
            "UPDATE case_record SET ciphertext = :nothing",
        ):
            session.execute(text(statement), {"nothing": b""})
        wiped = annual_report(session=session, period=YEAR).values
        session.rollback()

    assert done["values"] == dict(before)
    assert [m for m in OPENS_KEYS if m in done["modules"]] == []
    assert dict(wiped) == dict(before)
