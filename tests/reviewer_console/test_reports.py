"""GET /reports, its CSV and PDF downloads, the director's small-numbers threshold, and the
report in French."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from consolekit import Console
from pypdf import PdfReader

from casework.people.principals import Role
from casework.store.clock import today
from confide.web.i18n import FORMS
from intake_forms.advice import ADVICE_TOPICS

YEAR = today().year
COUNT_CELL = re.compile(r'<td class="num">([^<]*)</td>')


def _log(console: Console, category: str, kind: str = "service", **extra: str) -> None:
    """Log a matter through the console's own form (dated this year)."""
    data = {
        "kind": kind,
        "category": category,
        "via": "phone",
        "on": max(today() - timedelta(days=1), today().replace(month=1, day=1)).isoformat(),
        "summary": "Logged for the report.",
        **extra,
    }
    assert console.post("/logged", data).status_code == 303


@pytest.fixture(params=[False, True], ids=["plain", "htmx"])
def htmx(request: pytest.FixtureRequest) -> bool:
    """Every view is tested as a full page and as an htmx request."""
    return bool(request.param)


class TestAnnualReport:
    """The report page, its downloads and the threshold."""

    def test_unauthorized(self, console: Console, office) -> None:
        """Signed out: sign in; the external reviewer sees none of it; an officer cannot set
        the threshold."""
        paths = ("/reports", "/reports/figure/matters.csv", "/reports/annual.pdf")
        signed_out = [console.get(p).headers.get("location") for p in paths]
        console.act_as(office.person("rita", Role.REVIEWER))
        reviewer = [console.get(p).status_code for p in paths]
        console.act_as(office.person("olga"))
        officer = console.post("/reports/threshold", {"threshold": "5"}).status_code

        assert signed_out == ["/login"] * 3
        assert reviewer == [403] * 3
        assert officer == 403

    def test_the_page_shows_each_figure_with_its_chart_and_table(
        self, console: Console, office, htmx: bool
    ) -> None:
        """Matters logged this year show in figure 1, with a chart, a table and downloads."""
        console.act_as(office.person("olga"))
        for _ in range(3):
            _log(console, "training", sessions="2", participants="30")
        _log(console, "employment", kind="advice")

        page = console.get(f"/reports?year={YEAR}", htmx=htmx)

        assert page.status_code == 200
        assert f"<h1>Annual report {YEAR}</h1>" in page.text
        assert "Figure 1. Matters handled by category" in page.text
        assert page.text.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') >= 6
        assert '<td class="num">6</td>' in page.text  # six sessions
        assert '<td class="num">90</td>' in page.text  # 90 participants
        assert f"/reports/figure/matters.csv?year={YEAR}" in page.text
        assert f"/reports/annual.pdf?year={YEAR}" in page.text
        assert " style=" not in page.text.split("<main")[1]

    def test_a_period_that_is_not_one_is_explained(self, console: Console, office) -> None:
        """A range that ends before it starts: 400, the reason, the picker kept."""
        console.act_as(office.person("olga"))

        page = console.get("/reports?from=2023-06-30&to=2023-01-01")

        assert page.status_code == 400
        assert "the period ends before it starts" in page.text
        assert 'value="2023-06-30"' in page.text

    def test_csv_and_pdf_downloads(self, console: Console, office) -> None:
        """Each figure downloads as CSV, the report as a PDF whose text has the figures."""
        console.act_as(office.person("olga"))
        _log(console, "coherence")

        csv = console.get(f"/reports/figure/matters.csv?year={YEAR}")
        missing = console.get(f"/reports/figure/nothing.csv?year={YEAR}")
        pdf = console.get(f"/reports/annual.pdf?year={YEAR}")
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)

        assert csv.headers["content-type"].startswith("text/csv")
        assert "attachment" in csv.headers["content-disposition"]
        assert f"Category,{YEAR - 1},{YEAR},Share,Change" in csv.content.decode("utf-8-sig")
        assert missing.status_code == 404
        assert pdf.headers["content-type"] == "application/pdf"
        assert f"Annual report {YEAR}" in text
        assert "Figure 1. Matters handled by category" in text

    def test_the_director_sets_the_threshold(self, console: Console, office) -> None:
        """Saved, it turns small counts into "fewer than N"; a wrong value is refused."""
        console.act_as(office.person("dora", Role.DIRECTOR))
        _log(console, "coherence")

        bad = console.post("/reports/threshold", {"threshold": "five"})
        too_high = console.post("/reports/threshold", {"threshold": "1000"})
        saved = console.post("/reports/threshold", {"threshold": "5", "back": f"year={YEAR}"})
        page = console.get(f"/reports?year={YEAR}&saved=1")

        assert (bad.status_code, too_high.status_code) == (400, 400)
        assert "choose a whole number" in bad.text
        assert "choose a threshold from 0 (off) to 100" in too_high.text
        assert saved.status_code == 303
        assert saved.headers["location"] == f"/reports?saved=1&year={YEAR}"
        assert "The small-numbers threshold is saved." in page.text
        assert "fewer than 5" in page.text
        assert '<td class="num">1</td>' not in page.text

    def test_the_report_in_french_has_french_titles_and_the_same_counts(
        self, console: Console, office
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

    def test_a_period_error_reads_in_french(self, console: Console, office) -> None:
        """A range that ends before it starts: the reason in French, 400."""
        console.act_as(office.person("olga"))
        console.get("/language/fr?next=/reports")

        page = console.get("/reports?from=2023-06-30&to=2023-01-01")

        assert page.status_code == 400
        assert "la période se termine avant de commencer" in page.text
