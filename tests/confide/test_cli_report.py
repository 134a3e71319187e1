"""`confide report`: the figures in the terminal, one CSV per figure and the PDF."""

from pathlib import Path

from click.testing import CliRunner

from casework.store.clock import today
from confide.cli import main
from tests.conftest import OfficeFixture
from tests.factories import receipt_secrets, submit


def test_report_prints_and_writes_csv_and_pdf(
    office: OfficeFixture, settings, tmp_path: Path
) -> None:
    """Three advice requests this year show in figure 1, in every CSV file and the PDF."""
    for _ in range(3):
        _r, secrets = receipt_secrets(office.office_salt, settings.pepper)
        submit(office.engine, secrets, channel="advice", category="gifts", identity={"n": "A"})
    env = {
        "CONFIDE_DATABASE_URL": settings.database_url,
        "CONFIDE_DATA_DIR": str(settings.data_dir),
    }
    year = str(today().year)

    result = CliRunner().invoke(
        main,
        ["report", year, "--csv", str(tmp_path / "csv"), "--pdf", str(tmp_path / "r.pdf")],
        env=env,
    )
    files = sorted(p.name for p in (tmp_path / "csv").iterdir())
    matters = (tmp_path / "csv" / f"figure-1-matters-{year}.csv").read_text(encoding="utf-8-sig")

    assert result.exit_code == 0, result.output
    assert "Figure 3. Advice by topic" in result.output
    assert f"figure-1-matters-{year}.csv" in files and len(files) >= 7
    assert "Advice,0,3,100%" in matters
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


def test_a_wrong_period_is_refused(settings) -> None:
    """A range without its end says so, and writes nothing."""
    env = {
        "CONFIDE_DATABASE_URL": settings.database_url,
        "CONFIDE_DATA_DIR": str(settings.data_dir),
    }

    result = CliRunner().invoke(main, ["report", "--from", "2023-01-01"], env=env)

    assert result.exit_code == 1
    assert "give both the first and the last day" in result.output
