"""Bar charts as SVG, drawn on the server with presentation attributes only.

Why not a charting library: the console's Content-Security-Policy (``style-src 'self'``,
no script) blocks the ``<style>`` element pygal puts in every chart and the ``style=""``
attributes matplotlib writes on every shape, and both would add scripts or fonts to
carry. These charts are a few dozen ``<rect>`` and ``<text>`` elements whose colours,
sizes and fonts are SVG presentation attributes (``fill``, ``font-size``), which no CSP
governs; the same markup goes inline into the page and into the PDF (WeasyPrint draws it).

Each chart is ``role="img"`` with a ``<title>`` and a ``<desc>`` that reads out every
value, and each bar is a ``<rect class="bar">`` with ``data-label`` and ``data-value``.
A suppressed count draws no bar, only "fewer than N" where its bar would be.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from casework.statistics.annual import AnnualReport
from casework.statistics.figures import Figure
from confide.annual_report.words import figure_heading, hidden_text, tr
from reviewer_console.i18n import _

WIDTH = 640
LABEL_WIDTH = 230
ROW_HEIGHT = 24
BAR_HEIGHT = 16
VBAR_HEIGHT = 200
FONT = 'font-family="DejaVu Sans, Helvetica, Arial, sans-serif"'
INK = "#1f2933"
MUTED = "#52606d"
SERIES_COLOURS = ("#9fb3c8", "#0b4f8a")
"""The year before in a light blue, the period itself in the office's dark blue."""


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its label, series, count (None when suppressed) and the text beside it."""

    label: str
    series: int
    value: int | None
    text: str


def _bars(report: AnnualReport, figure: Figure) -> list[Bar]:
    bars = []
    for row in figure.rows:
        if not row.bar:
            continue
        for series, column in enumerate(figure.series):
            key = row.keys[column]
            value = report.count(key)
            text = f"{value:,}" if value is not None else hidden_text(report, key)
            bars.append(Bar(tr(row.label), series, value, text))
    return bars


def _text(
    x: float, y: float, content: str, *, anchor: str = "start", size: int = 12, fill: str = INK
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" {FONT} font-size="{size}" fill="{fill}"'
        f' text-anchor="{anchor}">{escape(content)}</text>'
    )


def _rect(bar: Bar, series: int, box: tuple[float, float, float, float]) -> str:
    x, y, width, height = box
    colour = SERIES_COLOURS[bar.series] if series > 1 else SERIES_COLOURS[-1]
    return (
        f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{max(width, 1):.1f}"'
        f' height="{max(height, 1):.1f}" fill="{colour}"'
        f' data-label="{escape(bar.label)}" data-value="{bar.value}"/>'
    )


def _legend(figure: Figure, y: float) -> list[str]:
    if len(figure.series) < 2:
        return []
    parts, x = [], float(LABEL_WIDTH)
    for series, column in enumerate(figure.series):
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12"'
            f' fill="{SERIES_COLOURS[series]}"/>'
        )
        parts.append(_text(x + 18, y, tr(figure.columns[column]), size=11, fill=MUTED))
        x += 110
    return parts


def _hbar(figure: Figure, bars: list[Bar]) -> tuple[list[str], float]:
    series = len(figure.series)
    top = 26.0 if series > 1 else 6.0
    most = max([b.value or 0 for b in bars] + [1])
    room = WIDTH - LABEL_WIDTH - 110
    parts = _legend(figure, 14)
    step = 14.0 if series > 1 else float(BAR_HEIGHT)
    advance = step * series + (10 if series > 1 else ROW_HEIGHT - BAR_HEIGHT)
    y = top
    for index, bar in enumerate(bars):
        if bar.series == 0:
            parts.append(_text(LABEL_WIDTH - 8, y + step * series / 2 + 4, bar.label, anchor="end"))
        bar_y = y + bar.series * step
        length = room * (bar.value or 0) / most
        if bar.value is not None:
            parts.append(_rect(bar, series, (LABEL_WIDTH, bar_y, length, step - 2)))
        parts.append(
            _text(LABEL_WIDTH + length + 6, bar_y + step - 4, bar.text, size=11, fill=MUTED)
        )
        if bar.series == series - 1 or index == len(bars) - 1:
            y += advance
    return parts, y + 4


def _vbar(figure: Figure, bars: list[Bar]) -> tuple[list[str], float]:
    most = max([b.value or 0 for b in bars] + [1])
    slot = (WIDTH - 40) / max(len(bars), 1)
    width = min(slot * 0.6, 64)
    base = VBAR_HEIGHT + 20
    parts = [
        f'<line x1="20" y1="{base}" x2="{WIDTH - 20}" y2="{base}" stroke="{MUTED}"'
        ' stroke-width="1"/>'
    ]
    for index, bar in enumerate(bars):
        centre = 20 + slot * index + slot / 2
        height = VBAR_HEIGHT * (bar.value or 0) / most
        if bar.value is not None:
            parts.append(_rect(bar, 1, (centre - width / 2, base - height, width, height)))
        parts.append(_text(centre, base - height - 6, bar.text, anchor="middle", fill=MUTED))
        parts.append(_text(centre, base + 18, bar.label, anchor="middle"))
    return parts, base + 28


def _named(figure: Figure, bar: Bar) -> str:
    if len(figure.series) < 2:
        return bar.label
    return _(
        "%(label)s (%(series)s)",
        label=bar.label,
        series=tr(figure.columns[figure.series[bar.series]]),
    )


def chart(report: AnnualReport, figure: Figure) -> Markup:
    """The figure's chart as inline SVG (empty when the figure has no rows to draw)."""
    bars = _bars(report, figure)
    if not bars:
        return Markup("")
    parts, height = (_vbar if figure.chart == "vbar" else _hbar)(figure, bars)
    ident = f"chart-{figure.id}"
    drawn = sum(1 for b in bars if b.value is not None)
    described = "; ".join(
        _("%(label)s: %(value)s", label=_named(figure, b), value=b.text) for b in bars
    )
    # Every text put in the markup went through html.escape (labels, titles, values).
    return Markup(  # noqa: S704  # nosec B704
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{ident}" role="img"'
        f' aria-labelledby="{ident}-title {ident}-desc" width="{WIDTH}" height="{height:.0f}"'
        f' viewBox="0 0 {WIDTH} {height:.0f}" data-bars="{drawn}">'
        f'<title id="{ident}-title">{escape(figure_heading(figure))}</title>'
        f'<desc id="{ident}-desc">{escape(described)}</desc>' + "".join(parts) + "</svg>"
    )
