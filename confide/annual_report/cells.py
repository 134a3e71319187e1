"""The text of every cell of a figure's table, once for the page, the PDF, the CSV and the
terminal, so a suppressed count reads "fewer than N" everywhere and nothing else can leak it.

A table has the figure's label column, one column per count column, then a share column
(when the figure has ``share_of``) and a change column (``change``: the last column against
the one before, or each row against the row above). Shares and changes are rounded to
whole percent; one that cannot be given (a suppressed count, or nothing the year before)
is shown as a dash.
"""

from __future__ import annotations

from dataclasses import dataclass

from casework.statistics.annual import AnnualReport
from casework.statistics.figures import Figure, Row
from confide.annual_report.words import hidden_text, tr
from reviewer_console.i18n import _

DASH = "–"


@dataclass(frozen=True, slots=True)
class Table:
    """A figure's table as text: its header and its rows (label first)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    levels: tuple[int, ...]
    totals: tuple[bool, ...]


def count_text(report: AnnualReport, key: str, *, plain: bool = False) -> str:
    """``1,294`` (``1294`` when ``plain``), or "fewer than N" / "not shown" when hidden."""
    count = report.count(key)
    if count is None:
        return hidden_text(report, key)
    return str(count) if plain else f"{count:,}"


def percent(value: float | None, *, signed: bool = False) -> str:
    """A share or a change in whole percent, or a dash when there is none."""
    if value is None:
        return DASH
    rounded = round(value * 100)
    if signed and rounded > 0:
        return f"+{rounded}%"
    return f"−{-rounded}%" if rounded < 0 else f"{rounded}%"


def _change(report: AnnualReport, figure: Figure, row: Row, above: Row | None) -> str:
    if figure.change == "columns" and len(row.keys) >= 2:
        return percent(report.change(row.keys[-2], row.keys[-1]), signed=True)
    if figure.change == "rows" and above is not None:
        return percent(report.change(above.keys[-1], row.keys[-1]), signed=True)
    return DASH if figure.change == "columns" else ""


def table(report: AnnualReport, figure: Figure, *, plain: bool = False) -> Table:
    """The figure's table as text in the current language (``plain``: counts without
    thousands separators)."""
    header = [tr(figure.row_heading), *(tr(column) for column in figure.columns)]
    if figure.share_of:
        header.append(_("Share"))
    if figure.change:
        header.append(_("Change"))
    rows = []
    above: Row | None = None
    for row in figure.rows:
        cells = [tr(row.label), *(count_text(report, key, plain=plain) for key in row.keys)]
        if figure.share_of:
            cells.append(percent(report.share(row.keys[-1], figure.share_of)))
        if figure.change:
            cells.append(_change(report, figure, row, above))
        rows.append(tuple(cells))
        above = row
    return Table(
        tuple(header),
        tuple(rows),
        tuple(row.level for row in figure.rows),
        tuple(row.total for row in figure.rows),
    )
