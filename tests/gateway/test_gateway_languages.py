"""Languages at the gateway: the list, the choice, the guess, RTL, and what is stored."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from jinja2 import Environment
from sqlmodel import select
from starlette.testclient import TestClient

from casework.cases.access import case_key_for
from casework.cases.dialogue import message_plaintext, read_messages, split_plaintext
from casework.cases.envelope import Case
from casework.cases.workflow import read_answers
from casework.people.sessions import WebSession
from casework.store.db import transaction
from confide.web.i18n import install, ltr
from confide.web.language import LANGUAGE_COOKIE, safe_next
from intake_forms import get_form
from intake_forms.documents import written_in
from intake_forms.languages import LANGUAGES, Domain, negotiate, using
from tests.gateway.conftest import log_in, receipt_from, report_and_reply_in, submit_report

HTML_TAG = re.compile(r"<html lang=\"([^\"]+)\" dir=\"([^\"]+)\">")


def _html_tag(text: str) -> tuple[str, str]:
    match = HTML_TAG.search(text)
    assert match, "no <html lang dir>"
    return match.group(1), match.group(2)


def test_every_public_page_lists_the_six_languages_each_named_in_itself(
    client: TestClient,
) -> None:
    """The list is on each page, each link GET, with lang and hreflang and its own name."""
    for path in ("/", "/report/report", "/followup", "/filer/sign-in", "/nope"):
        page = client.get(path)

        for language in LANGUAGES:
            link = (
                f'href="/language/{language.code}?next={path}" lang="{language.tag}" '
                f'hreflang="{language.tag}"'
            )
            assert link in page.text, (path, language.code)
            assert f">{language.name}</a>" in page.text


def test_no_cookie_before_a_choice_even_with_a_guess(client: TestClient) -> None:
    """Accept-Language picks the page's language, and no cookie is set for it."""
    page = client.get("/", headers={"Accept-Language": "ar-EG,ar;q=0.9,en;q=0.5"})

    assert _html_tag(page.text) == ("ar", "rtl")
    assert "set-cookie" not in page.headers
    assert not client.cookies


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr-CH, fr;q=0.9, en;q=0.8", "fr"),
        ("de-DE,de;q=0.9", None),
        ("de;q=1.0, es;q=0.4, ru;q=0.5", "ru"),
        ("zh-CN,zh;q=0.9", "zh_Hans"),
        ("zh-Hans-SG", "zh_Hans"),
        ("zh-TW,zh-Hant;q=0.9", None),
        ("en;q=0, fr;q=0.1", "fr"),
        ("fr;q=abc, es", "es"),
        ("*", None),
        ("", None),
    ],
    ids=[
        "fr",
        "unknown",
        "weights",
        "zh-cn",
        "zh-hans",
        "traditional",
        "zero",
        "bad-q",
        "star",
        "empty",
    ],
)
def test_accept_language_is_a_guess_among_ours(header: str, expected: str | None) -> None:
    """Weights are honoured, Traditional Chinese is not taken for Simplified."""
    assert negotiate(header) == expected


def test_choosing_a_language_sets_the_cookie_and_comes_back(client: TestClient) -> None:
    """The link sets a Secure HttpOnly host cookie and goes back; every page then follows it."""
    chosen = client.get("/language/ar?next=/followup", follow_redirects=False)
    page = client.get("/followup", headers={"Accept-Language": "fr"})

    assert chosen.status_code == 303
    assert chosen.headers["location"] == "/followup"
    cookie = chosen.headers["set-cookie"]
    assert cookie.startswith(f"{LANGUAGE_COOKIE}=ar;")
    for attribute in ("Secure", "HttpOnly", "SameSite=lax", "Path=/"):
        assert attribute.lower() in cookie.lower()
    assert "max-age" not in cookie.lower() and "expires" not in cookie.lower()
    assert _html_tag(page.text) == ("ar", "rtl")
    assert 'aria-current="true">العربية</a>' in page.text


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
        "/%2F%2Fevil.example",
        "javascript:alert(1)",
        "/report/../..//evil",
        "/followup?x=1",
        "",
    ],
    ids=[
        "scheme-relative",
        "absolute",
        "backslash",
        "encoded",
        "javascript",
        "dots",
        "query",
        "empty",
    ],
)
def test_the_way_back_never_leaves_the_site(client: TestClient, target: str) -> None:
    """Anything but a plain path of this site goes back to the home page."""
    response = client.get("/language/fr", params={"next": target}, follow_redirects=False)

    assert response.status_code == 303
    assert response.headers["location"] in ("/", target)
    assert response.headers["location"].startswith("/")
    assert not response.headers["location"].startswith("//")
    assert safe_next(target) == response.headers["location"]


def test_an_unknown_language_sets_nothing(client: TestClient) -> None:
    """A code that is not one of the six goes back without a cookie."""
    response = client.get("/language/xx?next=/", follow_redirects=False)

    assert response.status_code == 303
    assert "set-cookie" not in response.headers


def test_a_forged_language_cookie_is_dropped(client: TestClient) -> None:
    """A language cookie that is not a code is removed before anything reads it."""
    client.cookies.set(LANGUAGE_COOKIE, "zz<script>")

    page = client.get("/", headers={"Accept-Language": "ru"})

    assert _html_tag(page.text) == ("ru", "ltr")


def test_blank_fields_are_kept_per_language(client: TestClient, app) -> None:
    """The blank-fields cache is keyed by language: each language renders its own copy."""
    pages, form = app.state.pages, get_form("report")

    client.get("/report/report")
    client.get("/report/report", headers={"Accept-Language": "ar"})
    client.get("/report/report", headers={"Accept-Language": "ar"})

    languages = sorted(key[0] for key in pages._blank if key[1] == form.id)
    assert languages.count("ar") == len(form.sections) and languages.count("en") == len(
        form.sections
    )
    with using("ar"):
        assert pages.blank_fields(form, "main") is pages.blank_fields(form, "main")


def test_the_receipt_digits_stay_left_to_right_in_arabic(client: TestClient) -> None:
    """In Arabic the receipt is marked dir=ltr and numbers in sentences are isolated."""
    client.get("/language/ar?next=/")

    sent = submit_report(client)

    assert _html_tag(sent.text) == ("ar", "rtl")
    assert '<p class="receipt" id="receipt" dir="ltr">' in sent.text
    assert '<bdi dir="ltr">' in sent.text
    assert len(receipt_from(sent.text)) == 20


def test_answers_and_replies_are_sealed_with_their_language(
    client: TestClient, app, officer
) -> None:
    """A report sent in French names French inside its sealed answers and its reply, and
    nowhere in the clear."""
    report_and_reply_in(client, "fr", "Bonjour")

    with transaction(app.state.engine) as session:
        case = session.exec(select(Case)).one()
        key = case_key_for(
            session=session, case_id=case.id, principal_id=officer.person.id, keys=officer.keys
        )
        document = read_answers(session=session, case_id=case.id, case_key=key)
        messages = read_messages(
            session=session, case_id=case.id, case_key=key, include_internal=False
        )
        clear = json.dumps(case.model_dump(mode="json"))
    assert document["language"] == "fr" and written_in(document).english == "French"
    assert [(m.language, m.body) for m in messages] == [("fr", "Bonjour")]
    assert '"fr"' not in clear


def test_message_plaintext_round_trips_and_old_messages_read_as_english() -> None:
    """A tagged body reads back with its language; an untagged (older) one reads as English."""
    assert split_plaintext(message_plaintext("Hola", "es")) == ("es", "Hola")
    assert split_plaintext(b"written before languages") == ("en", "written before languages")
    assert split_plaintext(message_plaintext("no language", None)) == ("en", "no language")


def test_old_answers_read_as_english() -> None:
    """A stored answers document without a language was written in English."""
    assert written_in({"form": "report", "version": 1, "answers": {}}).code == "en"
    assert written_in({"language": "ar"}).code == "ar"
    assert written_in({"language": "xx"}).code == "en"


def test_numbers_are_isolated_only_in_right_to_left_languages() -> None:
    """|ltr isolates in Arabic and only escapes elsewhere."""
    with using("ar"):
        assert str(ltr("2026-12-01")) == '<bdi dir="ltr">2026-12-01</bdi>'
    with using("fr"):
        assert str(ltr("<1>")) == "&lt;1&gt;"


def _catalog(tmp_path: Path, code: str, messages: dict[str, str]) -> Domain:
    catalog = Catalog(locale=code.split("_", maxsplit=1)[0], domain="test")
    for source, translation in messages.items():
        catalog.add(source, translation)
    folder = tmp_path / code / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "test.mo").open("wb") as file:
        write_mo(file, catalog)
    return Domain(tmp_path, "test")


def test_concurrent_renders_each_keep_their_own_language(tmp_path: Path) -> None:
    """Two requests rendering at once, in two languages, never see each other's language."""
    _catalog(tmp_path, "ru", {"Sent on %(date)s.": "Отправлено %(date)s."})
    domain = _catalog(tmp_path, "fr", {"Sent on %(date)s.": "Envoyé le %(date)s."})
    env = Environment(autoescape=True)
    install(env, domain)
    template = env.from_string(
        '<html lang="{{ current_language().tag }}">{% trans %}Sent on {{ date }}.{% endtrans %}'
    )

    async def render(code: str) -> str:
        with using(code):
            await asyncio.sleep(0.01)  # the other render runs meanwhile
            return template.render(date="<b>1</b>")

    async def both() -> list[str]:
        return list(await asyncio.gather(render("fr"), render("ru"), render("es")))

    french, russian, spanish = asyncio.run(both())

    assert french == '<html lang="fr">Envoyé le &lt;b&gt;1&lt;/b&gt;.'
    assert russian == '<html lang="ru">Отправлено &lt;b&gt;1&lt;/b&gt;.'
    assert spanish == '<html lang="es">Sent on &lt;b&gt;1&lt;/b&gt;.'


def test_choosing_a_language_never_ends_a_quiet_reporter_session(client: TestClient, app) -> None:
    """A reporter quiet for longer than a filer's idle limit chooses a language: still in."""
    receipt = receipt_from(submit_report(client).text)
    client.cookies.clear()
    log_in(client, receipt)
    with transaction(app.state.engine) as session:
        for row in session.exec(select(WebSession)):
            row.last_seen_at = row.last_seen_at - timedelta(hours=2)
            session.add(row)

    client.get("/language/ru?next=/case")
    page = client.get("/case", follow_redirects=False)

    assert page.status_code == 200
    assert _html_tag(page.text) == ("ru", "ltr")


def test_countries_are_listed_in_the_order_of_the_reader_s_language(client: TestClient) -> None:
    """In Spanish, Germany is «Alemania» and is listed among the A's, not among the G's."""
    page = client.get("/report/report", headers={"Accept-Language": "es"}).text
    english = client.get("/report/report", headers={"Accept-Language": "en"}).text

    def order(html: str) -> list[str]:
        return re.findall(r'<option value="([A-Z]{2})"', html)

    spanish, english_order = order(page), order(english)
    assert spanish.index("DE") < spanish.index("AO")  # Alemania before Angola
    assert english_order.index("AO") < english_order.index("DE")  # Angola before Germany
    assert sorted(spanish) == sorted(english_order)
