"""`confide report` and `confide import-history`: the annual report from the command line.

``confide report 2023`` prints every figure's table, as the console shows it, and with
``--csv DIR`` writes each as ``DIR/figure-N-ID-2023.csv`` and with ``--pdf FILE`` the
whole report; ``--from``/``--to`` report on any date range instead. Neither needs the
pepper or any key: the report is counted from clear metadata.

``confide import-history FILE.csv`` loads earlier years' totals per category
(:mod:`casework.statistics.history`); a file with any wrong line is refused whole, with
each error and its line number, and nothing is written.
"""

from __future__ import annotations

from pathlib import Path

import click

from casework.people.office import get_office
from casework.statistics.annual import AnnualReport, annual_report
from casework.statistics.history import HistoryFileError, import_history, read_history
from casework.store.clock import today
from casework.store.db import make_engine, transaction

from .annual_report.cells import table
from .annual_report.documents import figure_csv, report_pdf
from .annual_report.period import PeriodError, parse_period
from .annual_report.words import figure_heading, threshold_note, tr
from .cli_common import DATA_DIR_OPTION, load_settings


def _print_table(report: AnnualReport) -> None:
    for figure in report.figures:
        click.echo(f"\n{figure_heading(figure)}")
        shown = table(report, figure)
        if not shown.rows:
            click.echo(f"  {tr(figure.note)}")
            continue
        rows = [shown.header, *shown.rows]
        widths = [max(len(row[i]) for row in rows) for i in range(len(shown.header))]
        for row, level in zip(rows, (0, *shown.levels), strict=True):
            label = ("  " * level + row[0]).ljust(widths[0] + 4)
            cells = "  ".join(
                cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)
            )
            click.echo(f"  {label}  {cells}".rstrip())
        if figure.note:
            click.echo(f"  {tr(figure.note)}")


@click.command()
@click.argument("year", required=False)
@click.option("--from", "start", help="First day of a period (YYYY-MM-DD), with --to.")
@click.option("--to", "end", help="Last day of the period (YYYY-MM-DD).")
@click.option(
    "--csv",
    "csv_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Write each figure's table as CSV into this folder.",
)
@click.option(
    "--pdf",
    "pdf_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the whole report, charts included, as this PDF file.",
)
@DATA_DIR_OPTION
def report(
    *,
    year: str | None,
    start: str | None,
    end: str | None,
    csv_dir: Path | None,
    pdf_file: Path | None,
    data_dir: Path | None,
) -> None:
    """Print the annual report for YEAR (this year by default), and write CSV or PDF."""
    try:
        period = parse_period(year=year, start=start, end=end, default_year=today().year)
    except PeriodError as exc:
        raise click.ClickException(str(exc)) from exc
    settings = load_settings(data_dir, check=False)
    engine = make_engine(settings.resolved_database_url)
    try:
        with transaction(engine) as session:
            found = annual_report(session=session, period=period)
            office = get_office(session=session).name
    finally:
        engine.dispose()
    click.echo(f"Annual report {period.label} · {office}")
    if found.threshold:
        click.echo(threshold_note(found.threshold))
    _print_table(found)
    if csv_dir is not None:
        csv_dir.mkdir(parents=True, exist_ok=True)
        for figure in found.figures:
            name = f"figure-{figure.number}-{figure.id}-{period.label.replace(' ', '_')}.csv"
            (csv_dir / name).write_text(figure_csv(found, figure), encoding="utf-8-sig")
        click.echo(f"\nCSV: {len(found.figures)} file(s) in {csv_dir}")
    if pdf_file is not None:
        pdf_file.write_bytes(report_pdf(found, office, made_on=today()))
        click.echo(f"PDF: {pdf_file}")


@click.command("import-history")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@DATA_DIR_OPTION
def import_history_command(file: Path, data_dir: Path | None) -> None:
    """Load earlier years' totals per category from FILE (CSV: year,category,count)."""
    settings = load_settings(data_dir, check=False)
    engine = make_engine(settings.resolved_database_url)
    try:
        lines = read_history(file.read_bytes())
        with transaction(engine) as session:
            years = import_history(session=session, lines=lines)
    except HistoryFileError as exc:
        raise click.ClickException(f"{file} was not imported, nothing changed:\n{exc}") from exc
    finally:
        engine.dispose()
    first, last = min(line.year for line in lines), max(line.year for line in lines)
    click.echo(f"Imported {len(lines)} total(s) for {years} year(s), {first} to {last}.")


def register(group: click.Group) -> None:
    """Add these commands to the `confide` group."""
    group.add_command(report)
    group.add_command(import_history_command)
