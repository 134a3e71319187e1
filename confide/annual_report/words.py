"""The report's words in the reader's language: the console's catalog, read at render time.

Figures hold message ids (marked ``N_`` where they are defined, in
:mod:`casework.statistics`); the page, the PDF and the CSV translate them here, in the
current language (the request's in the console; English, the default, on the command
line). A row label that is a form's choice (an advice topic, a service, a report's
category) is translated by the forms' catalog, where it already is.
"""

from __future__ import annotations

from casework.statistics.annual import AnnualReport
from casework.statistics.counts import Period
from casework.statistics.figures import Figure
from confide.web.i18n import translate_form_text
from reviewer_console.i18n import CONSOLE, _


def tr(text: str) -> str:
    """A label of the report (a console message, else a form's string) in the current language."""
    if not text:
        return ""
    translated = CONSOLE.gettext(text)
    return translated if translated != text else translate_form_text(text)


def figure_title(figure: Figure) -> str:
    """The figure's title, translated, then its values filled in."""
    return CONSOLE.gettext(figure.title, **dict(figure.title_values))


def figure_heading(figure: Figure) -> str:
    """``Figure 2. Matters by year, 2017 to 2023``."""
    return _("Figure %(number)s. %(title)s", number=figure.number, title=figure_title(figure))


def period_label(period: Period) -> str:
    """``2023``, or ``2023-01-01 to 2023-06-30``, in the current language."""
    year = period.calendar_year
    if year is not None:
        return str(year)
    return _("%(start)s to %(end)s", start=period.start.isoformat(), end=period.end.isoformat())


def hidden_text(report: AnnualReport, key: str) -> str:
    """ "fewer than N" or "not shown", in the current language."""
    message, values = report.hidden(key)
    return CONSOLE.gettext(message, **values)


def threshold_note(threshold: int) -> str:
    """The small-numbers note under a CSV table or the command line's tables."""
    return _(
        "Counts under %(n)s are shown as fewer than %(n)s; a count that would give one back"
        " through a total is not shown.",
        n=threshold,
    )
