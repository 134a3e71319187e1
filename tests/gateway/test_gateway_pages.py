"""Pages, validation errors, receipts, sessions and error pages of the gateway."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from casework.cases.envelope import Case
from casework.people.sessions import WebSession
from gateway.app import create_app
from gateway.reporter_sessions import COOKIE_NAME
from tests.gateway.conftest import (
    BASE_URL,
    VALID_ANSWERS,
    csrf_token,
    log_in,
    receipt_from,
    submit_report,
)


def _without_tokens(html: str) -> str:
    """A page with its CSRF tokens and field values blanked, for comparing two pages."""
    return re.sub(r'value="[^"]*"|"X-CSRF-Token": "[^"]*"', "", html)


def _plain(html: str) -> str:
    """A page without tokens, with runs of white space made one space."""
    return re.sub(r"\s+", " ", re.sub(r"csrf_token=[^\"]*", "", _without_tokens(html)))


def _count(engine, table) -> int:
    with Session(engine) as session:
        return len(list(session.exec(select(table))))


def test_landing_explains_channels_anonymity_and_deadlines(client: TestClient) -> None:
    """The landing page lists the channels and says how to stay anonymous and what comes next."""

    page = client.get("/")

    assert page.status_code == 200
    assert 'href="/report/report"' in page.text
    assert "Tor Browser" in page.text
    assert "personal device" in page.text
    assert "office network" in page.text
    assert "within 7 days" in page.text
    assert "within 3 months" in page.text


def test_no_cookie_until_a_report_is_sent(client: TestClient) -> None:
    """Browsing the public pages sets no cookie at all."""

    responses = [client.get(path) for path in ("/", "/report/report", "/followup", "/nope")]

    assert all("set-cookie" not in r.headers for r in responses)
    assert not client.cookies


def test_receipt_page_comes_after_a_redirect_with_a_host_cookie(client: TestClient, app) -> None:
    """Submitting redirects (303) to the receipt, no-store, in five groups of four; a reload
    shows the same receipt again; the redirect sets a __Host- cookie."""

    sent = submit_report(client)
    reloaded = client.get("/receipt")

    assert [r.status_code for r in sent.history] == [303]
    assert sent.history[0].headers["location"] == "/receipt"
    assert sent.status_code == 200
    assert sent.headers["cache-control"] == "no-store"
    groups = re.findall(r'<span class="group">(\d+)</span>', sent.text)
    assert [len(g) for g in groups] == [4, 4, 4, 4, 4]
    assert "Write down this receipt" in sent.text
    assert re.findall(r'<span class="group">(\d+)</span>', reloaded.text) == groups
    cookie = sent.history[0].headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=")
    for attribute in ("Secure", "HttpOnly", "SameSite=strict", "Path=/"):
        assert attribute.lower() in cookie.lower()
    assert "domain" not in cookie.lower()
    assert _count(app.state.engine, WebSession) == 1
    assert "<style" not in sent.text
    assert "<script>" not in sent.text


def test_receipt_page_forms_carry_the_new_sessions_token(client: TestClient) -> None:
    """Right after submitting, the reporter can reply without reloading a page."""
    sent = submit_report(client)

    answer = client.post(
        "/case/reply",
        data={"body": "straight after", "csrf_token": csrf_token(sent.text)},
        headers={"HX-Request": "true"},
    )

    assert answer.status_code == 200
    assert "straight after" in answer.text


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"category": ""}, "category", "This answer is required."),
        ({"category": "<script>alert(1)</script>"}, "category", "Choose one of the options."),
        ({"what": "   \x00\x07  "}, "what", "This answer is required."),
        ({"when": "31/12/2023"}, "when", "Enter a date as YYYY-MM-DD"),
        ({"when": "2999-01-01"}, "when", "The date cannot be in the future."),
        ({"where_country": "XX"}, "where_country", "Choose a country from the list."),
        ({"reported_elsewhere": "maybe"}, "reported_elsewhere", "Answer yes or no."),
        ({"reported_elsewhere": "yes"}, "reported_where", "This answer is required."),
        ({"where": "x" * 501}, "where", "at most 500 characters"),
        ({"how_known": ["documents", "psychic"]}, "how_known", "Choose one of the options."),
    ],
    ids=[
        "missing-category",
        "script-category",
        "control-only-text",
        "bad-date",
        "future-date",
        "unknown-country",
        "not-yes-no",
        "conditional-required",
        "too-long",
        "unknown-choice",
    ],
)
def test_invalid_answers_get_a_message_per_field_and_keep_input(
    client: TestClient, app, changes: dict, field: str, message: str
) -> None:
    """A bad answer is reported next to its field, the other answers stay, nothing is stored."""
    answers = {**VALID_ANSWERS, "what": "kept-input-zebra <b>bold</b>", **changes}

    page = submit_report(client, answers)

    assert page.status_code == 422
    block = page.text.split(f'id="field-{field}"', 1)[1].split('<div class="field', 1)[0]
    assert message in block
    if "what" not in changes:
        assert "kept-input-zebra &lt;b&gt;bold&lt;/b&gt;" in page.text
    assert "<b>bold</b>" not in page.text
    assert _count(app.state.engine, Case) == 0
    assert "set-cookie" not in page.headers


def test_hidden_conditional_answers_are_not_stored(client: TestClient, app) -> None:
    """A name sent while "share identity" is "no" is dropped, and no identity record is made."""
    from casework.cases.envelope import CaseRecord

    answers = {**VALID_ANSWERS, "share_identity": "no", "identity_name": "Hidden Name"}

    sent = submit_report(client, answers)

    assert sent.status_code == 200
    with Session(app.state.engine) as session:
        kinds = [r.kind for r in session.exec(select(CaseRecord))]
    assert kinds == ["answers"]


@pytest.mark.parametrize(
    "typed",
    ["1234", "1234 5678 9012 3456 789a", "<script>", "1" * 21, ""],
    ids=["short", "letter", "markup", "too-many-digits", "empty"],
)
def test_malformed_receipt_says_so_and_keeps_input(client: TestClient, typed: str) -> None:
    """A receipt that is not 20 digits gets a plain message, with what was typed kept."""

    page = log_in(client, typed)

    assert page.status_code == 422
    assert "A receipt is 20 digits" in page.text
    assert 'value="&lt;script&gt;"' in page.text if typed == "<script>" else True
    assert "set-cookie" not in page.headers


def test_unknown_and_wrong_receipts_look_the_same(client: TestClient, app, monkeypatch) -> None:
    """An unknown receipt and a mistyped real one cost one Argon2id run and get the same page."""
    receipt = receipt_from(submit_report(client).text)
    client.cookies.clear()
    runs: list[str] = []
    original = app.state.admission.run

    async def counting(ticket, work):
        runs.append("kdf")
        return await original(ticket, work)

    monkeypatch.setattr(app.state.admission, "run", counting)
    wrong = receipt[:-1] + str((int(receipt[-1]) + 1) % 10)

    unknown_page = log_in(client, "0" * 20)
    wrong_page = log_in(client, wrong)

    assert unknown_page.status_code == wrong_page.status_code == 403
    assert _without_tokens(unknown_page.text) == _without_tokens(wrong_page.text)
    assert runs == ["kdf", "kdf"]
    assert not client.cookies


def test_logout_deletes_the_server_half(client: TestClient, app) -> None:
    """After logging out, the old cookie opens nothing and the session row is gone."""
    page = submit_report(client)
    cookie = client.cookies[COOKIE_NAME]

    out = client.post("/logout", data={"csrf_token": csrf_token(page.text)}, follow_redirects=False)
    client.cookies.set(COOKIE_NAME, cookie)
    again = client.get("/case", follow_redirects=False)

    assert out.status_code == 303
    assert "Max-Age=0" in out.headers["set-cookie"] or "max-age=0" in out.headers["set-cookie"]
    assert _count(app.state.engine, WebSession) == 0
    assert again.status_code == 303
    assert again.headers["location"] == "/followup?ended=1"


@pytest.mark.parametrize(
    "cookie",
    [b"", b"garbage", b"A" * 43, b"%00" * 10, "é".encode() * 43, b"A" * 44],
    ids=["empty", "garbage", "unknown-key", "nul", "non-ascii", "too-long"],
)
def test_case_page_without_a_live_session_goes_to_login(client: TestClient, cookie: bytes) -> None:
    """A missing, malformed or unknown cookie leads to the login page, not an error."""
    header = COOKIE_NAME.encode() + b"=" + cookie

    page = client.get("/case", headers={"cookie": header}, follow_redirects=False)

    assert page.status_code == 303
    assert page.headers["location"] == "/followup?ended=1"


def test_htmx_reply_returns_only_the_dialogue_fragment(client: TestClient) -> None:
    """An htmx reply renders the dialogue block only, with Vary: HX-Request."""
    page = submit_report(client)

    fragment = client.post(
        "/case/reply",
        data={"body": "fragment reply"},
        headers={"HX-Request": "true", "X-CSRF-Token": csrf_token(page.text)},
    )

    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<section id="dialogue">')
    assert "<html" not in fragment.text
    assert fragment.headers["vary"] == "HX-Request"


def test_empty_reply_is_refused_with_a_message(client: TestClient) -> None:
    """An empty answer is not stored and the page says why."""
    page = submit_report(client)

    answer = client.post("/case/reply", data={"body": "  ", "csrf_token": csrf_token(page.text)})

    assert answer.status_code == 422
    assert "Write your answer before sending it." in answer.text


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/nowhere", 404),
        ("GET", "/report/unknown-form", 404),
        ("DELETE", "/", 405),
        ("PUT", "/followup", 405),
    ],
    ids=["unknown-path", "unknown-form", "delete", "put"],
)
def test_http_errors_render_a_page(client: TestClient, method: str, path: str, status: int) -> None:
    """404 and 405 are readable pages with the security headers."""
    token = csrf_token(client.get("/followup").text)

    page = client.request(method, path, headers={"X-CSRF-Token": token})

    assert page.status_code == status
    assert "<h1>" in page.text
    assert "content-security-policy" in page.headers


def test_unexpected_errors_never_show_a_stack_trace(
    gateway_settings, office, monkeypatch, capfd
) -> None:
    """An exception inside a route becomes the generic 500 page, with no trace or message."""
    import gateway.report_routes as routes

    def explode(*_args, **_kwargs):
        raise RuntimeError("secret-canary-in-exception")

    monkeypatch.setattr(routes, "get_form", explode)
    app = create_app(gateway_settings)
    with TestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as client:
        page = client.get("/report/report")

    assert page.status_code == 500
    assert "Traceback" not in page.text
    assert "secret-canary-in-exception" not in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    assert "secret-canary-in-exception" not in capfd.readouterr().err


def test_onion_location_is_sent_when_configured(gateway_settings, office) -> None:
    """With an onion address configured, every page advertises it."""
    onion = "http://" + "a" * 56 + ".onion"
    app = create_app(gateway_settings.with_overrides(onion_address=onion))

    with TestClient(app, base_url=BASE_URL) as client:
        page = client.get("/followup")

    assert page.headers["onion-location"] == onion + "/followup"
    assert onion in page.text


def test_empty_form_is_served_from_fields_rendered_once(client: TestClient, app) -> None:
    """The empty form's fields are rendered once and kept, and the page is the same as one
    rendered field by field (as a form shown again with answers is)."""
    from types import SimpleNamespace

    from intake_forms import get_form

    pages, form = app.state.pages, get_form("report")
    first = client.get("/report/report")
    kept = pages.blank_fields(form, "main")

    field_by_field = pages.templates.env.get_template("form.html").render(
        request=SimpleNamespace(
            state=SimpleNamespace(csrf_token=""), url=SimpleNamespace(path="/report/report")
        ),
        form=form,
        values={"unused": []},
        errors={},
        busy=0,
        files_dropped=False,
    )

    assert kept is pages.blank_fields(form, "main")
    assert 'name="where_country"' in kept
    assert _plain(first.text) == _plain(field_by_field)
