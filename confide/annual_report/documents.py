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
from markupsafe import Markup

from casework.statistics.annual import AnnualReport
from casework.statistics.figures import Figure
from confide.annual_report.cells import table
from confide.annual_report.charts import chart
from confide.annual_report.words import figure_heading, period_label, threshold_note, tr
from confide.web.i18n import install
from reviewer_console.i18n import CONSOLE, _

TEMPLATES = Path(__file__).parent / "templates"
SHARED_TEMPLATES = Path(__file__).parent.parent / "web" / "templates"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "−")
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
    title = _(
        "%(heading)s (%(period)s)",
        heading=figure_heading(figure),
        period=period_label(report.period),
    )
    writer.writerow([safe_cell(title)])
    writer.writerow([safe_cell(cell) for cell in shown.header])
    for row in shown.rows:
        writer.writerow([safe_cell(cell) for cell in row])
    if report.threshold:
        writer.writerow([threshold_note(report.threshold)])
    return out.getvalue()


def find_figure(report: AnnualReport, figure_id: str) -> Figure | None:
    """The report's figure with this id, if any."""
    return next((f for f in report.figures if f.id == figure_id), None)


def report_context(report: AnnualReport, office_name: str) -> dict[str, Any]:
    """What the figures' template needs: every figure with its heading, note, chart and
    table, in the current language."""
    return {
        "report": report,
        "office_name": office_name,
        "period_label": period_label(report.period),
        "figures": [
            {
                "figure": f,
                "heading": figure_heading(f),
                "note": tr(f.note),
                "chart": chart(report, f),
                "table": table(report, f),
            }
            for f in report.figures
        ],
    }


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return f'"{escaped}"'


def page_footer(office_name: str, period: str) -> Markup:
    """The CSS ``content`` of each page's footer: the translated sentence, its page numbers
    as CSS counters (``"Office · annual report 2023 · page " counter(page) " of " ...``)."""
    sentence = _(
        "%(office)s · annual report %(period)s · page %(page)s of %(pages)s",
        office=office_name,
        period=period,
        page="\x00page\x00",
        pages="\x00pages\x00",
    )
    parts = [
        f"counter({part})" if index % 2 else _css_string(part)
        for index, part in enumerate(sentence.split("\x00"))
    ]
    # Every text in it is a quoted, escaped CSS string; the rest is counter(page|pages).
    return Markup(  # noqa: S704  # nosec B704
        " ".join(parts)
    )


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader([str(TEMPLATES), str(SHARED_TEMPLATES)]),
        autoescape=select_autoescape(["html"]),
        auto_reload=False,
    )
    install(env, CONSOLE)
    return env


def report_html(report: AnnualReport, office_name: str, *, made_on: date) -> str:
    """The printable HTML of the whole report (what the PDF is made from)."""
    footer = page_footer(office_name, period_label(report.period))
    context = report_context(report, office_name) | {"made_on": made_on, "footer": footer}
    return _environment().get_template("annual_report_print.html").render(context)


def report_pdf(report: AnnualReport, office_name: str, *, made_on: date) -> bytes:
    """The whole report as a PDF (WeasyPrint; nothing is fetched from anywhere)."""
    from weasyprint import HTML

    def no_fetch(url: str, *_args: Any, **_kwargs: Any) -> dict[str, Any]:
        raise ValueError(f"the report loads nothing from outside: {url}")

    html = HTML(string=report_html(report, office_name, made_on=made_on), url_fetcher=no_fetch)
    pdf: bytes = html.write_pdf()
    return pdf
