"""The annual report in French: titles, headings and row labels translated, counts unchanged."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from consolekit import Console
from pypdf import PdfReader

from casework.store.clock import today
from confide.web.i18n import FORMS
from intake_forms.advice import ADVICE_TOPICS

YEAR = today().year
COUNT_CELL = re.compile(r'<td class="num">([^<]*)</td>')


def _log(console: Console, category: str, kind: str = "service", **extra: str) -> None:
    data = {
        "kind": kind,
        "category": category,
        "via": "phone",
        "on": max(today() - timedelta(days=1), today().replace(month=1, day=1)).isoformat(),
        "summary": "Logged for the report.",
        **extra,
    }
    assert console.post("/logged", data).status_code == 303


def test_the_report_in_french_has_french_titles_and_the_same_counts(
    console: Console, office
) -> None:
    """The same report read in English, then in French (the console's language choice):
    figure titles, column headings, row labels and the CSV and PDF in French, every count
    cell the same."""
    console.act_as(office.person("olga"))
    for _ in range(3):
        _log(console, "training", sessions="2", participants="30")
    _log(console, "employment", kind="advice")
    english = console.get(f"/reports?year={YEAR}")

    chosen = console.get("/language/fr?next=/reports")
    french = console.get(f"/reports?year={YEAR}")
    csv = console.get(f"/reports/figure/matters.csv?year={YEAR}").content.decode("utf-8-sig")
    pdf = console.get(f"/reports/annual.pdf?year={YEAR}")
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    employment = next(t.label for t in ADVICE_TOPICS if t.value == "employment")

    assert chosen.status_code == 303
    assert '<html lang="fr" dir="ltr">' in french.text
    assert f"<h1>Rapport annuel {YEAR}</h1>" in french.text
    assert "Figure 1. Affaires traitées, par catégorie" in french.text
    assert f"Figure 2. Affaires par année, de {YEAR - 6} à {YEAR}" in french.text
    assert "Figure 6. Formation et sensibilisation" in french.text
    assert '<th scope="row">Séances</th>' in french.text
    assert '<th scope="row">Conseils</th>' in french.text
    assert '<th scope="col" class="num">Part</th>' in french.text
    assert FORMS.translations("fr").gettext(employment) in french.text
    assert "Figure 1. Matters handled by category" not in french.text
    assert "Télécharger ce tableau au format CSV" in french.text
    assert COUNT_CELL.findall(french.text) == COUNT_CELL.findall(english.text)
    assert '<td class="num">6</td>' in french.text  # six sessions
    assert '<td class="num">90</td>' in french.text  # 90 participants
    assert f"Figure 1. Affaires traitées, par catégorie ({YEAR})" in csv
    assert f"Catégorie,{YEAR - 1},{YEAR},Part,Variation" in csv
    assert f"Rapport annuel {YEAR}" in pdf_text
    assert "Formation et sensibilisation" in pdf_text


def test_a_period_error_reads_in_french(console: Console, office) -> None:
    """A range that ends before it starts: the reason in French, 400."""
    console.act_as(office.person("olga"))
    console.get("/language/fr?next=/reports")

    page = console.get("/reports?from=2023-06-30&to=2023-01-01")

    assert page.status_code == 400
    assert "la période se termine avant de commencer" in page.text
