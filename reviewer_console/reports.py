"""The annual report: figures as charts with their tables, CSV and PDF downloads.

``GET /reports`` shows the report for a calendar year (``?year=``, this year by default)
or any date range (``?from=&to=``): a plain GET form, so the period picker works with
JavaScript off. Every figure's table downloads as CSV (``/reports/figure/<id>.csv``), the
whole report as a PDF (``/reports/annual.pdf``); all three read one
:class:`casework.statistics.annual.AnnualReport`, counted from clear metadata only, with
the office's small-numbers threshold applied. The director sets that threshold here
(``POST /reports/threshold``). Officers and the director see the report; the external
reviewer does not.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from casework.people.office import (
    MAX_SMALL_COUNT_THRESHOLD,
    ThresholdError,
    get_office,
    set_small_count_threshold,
)
from casework.statistics.annual import AnnualReport, annual_report
from casework.statistics.counts import Period
from casework.store.clock import today
from confide.annual_report.documents import (
    figure_csv,
    find_figure,
    report_context,
    report_pdf,
)
from confide.annual_report.period import MAX_YEARS, PeriodError, parse_period
from reviewer_console.errors import error_page
from reviewer_console.i18n import CONSOLE, N_
from reviewer_console.permissions import CASEWORKERS, DIRECTOR, SecuredRoute, route
from reviewer_console.web import db, form_fields, render

PICKER_YEARS = 12


def _period(request: Request) -> Period:
    query = request.query_params
    return parse_period(
        year=query.get("year"),
        start=query.get("from"),
        end=query.get("to"),
        default_year=today().year,
    )


def _query(period: Period) -> str:
    if period.calendar_year is not None:
        return urlencode({"year": period.calendar_year})
    return urlencode({"from": period.start.isoformat(), "to": period.end.isoformat()})


async def _report(request: Request, period: Period) -> tuple[AnnualReport, str]:
    def work(session: Session) -> tuple[AnnualReport, str]:
        return annual_report(session=session, period=period), get_office(session=session).name

    return await db(request, work)


def _picker(request: Request) -> dict[str, Any]:
    year = today().year
    return {
        "years": list(range(year, year - PICKER_YEARS, -1)),
        "max_years": MAX_YEARS,
        "max_threshold": MAX_SMALL_COUNT_THRESHOLD,
        "query": request.query_params,
        "error": None,
        "threshold_error": None,
        "saved": request.query_params.get("saved") == "1",
    }


async def report_page(request: Request) -> Response:
    """The report for the period asked (this year by default), or the picker with an error."""
    context = _picker(request)
    try:
        period = _period(request)
    except PeriodError as error:
        context["error"] = error.translated(CONSOLE)
        return render(request, "annual_report.html", context, status_code=400)
    report, office = await _report(request, period)
    context |= report_context(report, office) | {"csv_query": _query(period)}
    return render(request, "annual_report.html", context)


async def _download_period(request: Request) -> Period | Response:
    try:
        return _period(request)
    except PeriodError:
        return await report_page(request)


async def figure_download(request: Request) -> Response:
    """One figure's table as CSV (cells as on the page, formulas defused)."""
    period = await _download_period(request)
    if isinstance(period, Response):
        return period
    report, _office = await _report(request, period)
    figure = find_figure(report, str(request.path_params["figure_id"]))
    if figure is None:
        return error_page(request, 404)
    name = f"figure-{figure.number}-{figure.id}-{period.label.replace(' ', '_')}.csv"
    return Response(
        figure_csv(report, figure).encode("utf-8-sig"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


async def pdf_download(request: Request) -> Response:
    """The whole report as a PDF, charts included."""
    period = await _download_period(request)
    if isinstance(period, Response):
        return period
    report, office = await _report(request, period)
    pdf = await run_in_threadpool(report_pdf, report, office, made_on=today())
    name = f"annual-report-{period.label.replace(' ', '_')}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _whole(text: str) -> int:
    if not (text.isascii() and text.isdigit()):
        raise ThresholdError(
            N_("choose a whole number from 0 (off) to %(most)s"), most=MAX_SMALL_COUNT_THRESHOLD
        )
    return int(text)


async def set_threshold(request: Request) -> Response:
    """The director sets the small-numbers threshold (0 turns it off)."""
    fields = await form_fields(request)
    text = fields.get("threshold", "").strip()
    back = fields.get("back", "")
    back = back if back.startswith(("year=", "from=")) else ""
    try:
        threshold = _whole(text)

        def work(session: Session) -> None:
            set_small_count_threshold(session=session, threshold=threshold)

        await db(request, work)
    except ThresholdError as error:
        context = _picker(request) | {"threshold_error": error.translated(CONSOLE)}
        return render(request, "annual_report.html", context, status_code=400)
    suffix = f"&{back}" if back else ""
    return RedirectResponse(f"/reports?saved=1{suffix}", status_code=303)


def routes() -> list[SecuredRoute]:
    """The report: officers and the director read it; the director sets the threshold."""
    return [
        route("/reports", report_page, roles=CASEWORKERS),
        route(
            "/reports/figure/{figure_id}.csv",
            figure_download,
            roles=CASEWORKERS,
            purpose="metadata",
        ),
        route("/reports/annual.pdf", pdf_download, roles=CASEWORKERS, purpose="metadata"),
        route("/reports/threshold", set_threshold, methods=["POST"], roles=DIRECTOR),
    ]
