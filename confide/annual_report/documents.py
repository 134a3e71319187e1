"""The report's downloads: each figure's table as CSV, the whole report as a PDF.

CSV cells are the same text as the page's (:mod:`confide.annual_report.cells`), counts
without thousands separators. A spreadsheet runs a cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return as a formula (CSV injection), so such a cell is
written with a leading apostrophe, unless it is a plain number or percentage ("+12%").

The PDF is the page's figures (chart and table) laid out by WeasyPrint for A4, with the
period, the office, the day it was made and the small-numbers note: the text stays text, so
it can be searched and pasted into the board's report.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from casework.statistics.annual import AnnualReport
from casework.statistics.figures import Figure
from confide.annual_report.cells import table
from confide.annual_report.charts import chart

TEMPLATES = Path(__file__).parent / "templates"
SHARED_TEMPLATES = Path(__file__).parent.parent / "web" / "templates"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "−")
THRESHOLD_NOTE = (
    "Counts under {n} are shown as fewer than {n}; a count that would give one back"
    " through a total is not shown."
)
NUMBER = re.compile(r"[+\-−]?\d+(\.\d+)?%?")


def safe_cell(text: str) -> str:
    """The cell as a spreadsheet will not run it as a formula."""
    if text.startswith(FORMULA_START) and not NUMBER.fullmatch(text):
        return "'" + text
    return text


def figure_csv(report: AnnualReport, figure: Figure) -> str:
    """One figure's table as CSV (a title line, the header, the rows)."""
    shown = table(report, figure, plain=True)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(f"Figure {figure.number}. {figure.title} ({report.period.label})")])
    writer.writerow([safe_cell(cell) for cell in shown.header])
    for row in shown.rows:
        writer.writerow([safe_cell(cell) for cell in row])
    if report.threshold:
        writer.writerow([THRESHOLD_NOTE.format(n=report.threshold)])
    return out.getvalue()


def find_figure(report: AnnualReport, figure_id: str) -> Figure | None:
    """The report's figure with this id, if any."""
    return next((f for f in report.figures if f.id == figure_id), None)


def report_context(report: AnnualReport, office_name: str) -> dict[str, Any]:
    """What the figures' template needs: every figure with its chart and its table."""
    return {
        "report": report,
        "office_name": office_name,
        "figures": [
            {"figure": f, "chart": chart(report, f), "table": table(report, f)}
            for f in report.figures
        ],
    }


def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader([str(TEMPLATES), str(SHARED_TEMPLATES)]),
        autoescape=select_autoescape(["html"]),
        auto_reload=False,
    )


def report_html(report: AnnualReport, office_name: str, *, made_on: date) -> str:
    """The printable HTML of the whole report (what the PDF is made from)."""
    context = report_context(report, office_name) | {"made_on": made_on}
    return _environment().get_template("annual_report_print.html").render(context)


def report_pdf(report: AnnualReport, office_name: str, *, made_on: date) -> bytes:
    """The whole report as a PDF (WeasyPrint; nothing is fetched from anywhere)."""
    from weasyprint import HTML

    def no_fetch(url: str, *_args: Any, **_kwargs: Any) -> dict[str, Any]:
        raise ValueError(f"the report loads nothing from outside: {url}")

    html = HTML(string=report_html(report, office_name, made_on=made_on), url_fetcher=no_fetch)
    pdf: bytes = html.write_pdf()
    return pdf
