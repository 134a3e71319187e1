"""Filer pages on the gateway: invitation, sign-in, nothing to disclose, a full statement."""

from __future__ import annotations

from starlette.testclient import TestClient

from casework.disclosure.statements import statement_of
from casework.store.db import transaction
from confide.settings import Settings
from tests.conftest import OfficeFixture
from tests.gateway.filerkit import (
    PASSWORD,
    accept,
    invitation_path,
    open_cycle_with_roster,
    post_form,
    sign_in,
)
from tests.mailbox import Mailbox

ASSETS_AND_GIFT = {
    "assets.entries": "2",
    "assets.0.description": "Shares in Acme Ltd",
    "assets.0.value.amount": "25000",
    "assets.0.value.currency": "EUR",
    "assets.1.description": "Flat in Lyon",
    "assets.1.value.amount": "310000",
    "assets.1.value.currency": "EUR",
    "gifts.entries": "1",
    "gifts.0.giver": "Supplier X",
    "gifts.0.description": "Dinner for two",
    "gifts.0.value.amount": "180",
    "gifts.0.value.currency": "USD",
}


class TestFilerPages:
    """The filer's way through the gateway."""

    def test_unauthorized(self, client: TestClient, office: OfficeFixture) -> None:
        """Without a filer session every filer page sends the browser to the sign-in page."""
        for path in ("/filer", "/filer/totp", "/filer/statements/abc"):
            response = client.get(path, follow_redirects=False)

            assert response.status_code == 303
            assert response.headers["location"].startswith("/filer/sign-in")

    def test_invitation_then_nothing_to_disclose(
        self, client: TestClient, office: OfficeFixture, settings: Settings, mailbox: Mailbox
    ) -> None:
        """The mailed link sets a password and signs in; nothing to disclose is one step."""
        roster = open_cycle_with_roster(office, settings, mailbox)
        path = invitation_path(mailbox, "ana.alvarez@example.org")

        accepted = accept(client, path)
        statement_path = f"/filer/statements/{roster.filers['S100']}"
        uncertified = post_form(client, statement_path, {"intent": "nothing"})
        filed = post_form(client, statement_path, {"intent": "nothing", "certify": "yes"})

        assert accepted.status_code == 303 and accepted.headers["location"] == "/filer"
        assert uncertified.status_code == 422 and "certify" in uncertified.text
        assert filed.status_code == 303
        page = client.get(statement_path)
        assert "You certified that you have nothing to disclose" in page.text
        assert client.get(path).status_code == 404
        with transaction(office.engine) as session:
            statement = statement_of(session=session, filer_id=roster.filers["S100"])
            assert statement is not None and statement.nothing_to_disclose

    def test_a_weak_password_is_refused_and_shown_why(
        self, client: TestClient, office: OfficeFixture, settings: Settings, mailbox: Mailbox
    ) -> None:
        """zxcvbn's verdict reaches the page, and the link still works afterwards."""
        open_cycle_with_roster(office, settings, mailbox)
        path = invitation_path(mailbox, "ana.alvarez@example.org")

        weak = accept(client, path, "anaalvarez2026")

        assert weak.status_code == 400 and "Choose another password" in weak.text
        assert accept(client, path).status_code == 303

    def test_full_statement_with_groups_draft_and_amendment(
        self, client: TestClient, office: OfficeFixture, settings: Settings, mailbox: Mailbox
    ) -> None:
        """Add an entry without JS, save a draft, resume it, file two assets and a gift, amend."""
        roster = open_cycle_with_roster(office, settings, mailbox)
        accept(client, invitation_path(mailbox, "ben.brown@example.org"))
        path = f"/filer/statements/{roster.filers['S200']}"
        first_asset = {k: v for k, v in ASSETS_AND_GIFT.items() if k.startswith("assets.0")}

        added = post_form(
            client, path, {**first_asset, "assets.entries": "1", "_action": "add:assets"}
        )
        saved = post_form(client, path, {**ASSETS_AND_GIFT, "intent": "save"})
        client.post("/filer/sign-out", data={"csrf_token": _token(client, "/filer")})
        signed = sign_in(client, "s200")
        resumed = client.get(path)
        bad = post_form(
            client,
            path,
            {
                **ASSETS_AND_GIFT,
                "assets.1.value.amount": "lots",
                "intent": "file",
                "certify": "yes",
            },
        )
        filed = post_form(client, path, {**ASSETS_AND_GIFT, "intent": "file", "certify": "yes"})
        amended = post_form(
            client,
            path,
            {
                **ASSETS_AND_GIFT,
                "gifts.0.description": "Dinner for three",
                "intent": "file",
                "certify": "yes",
            },
        )

        assert 'id="entry-assets-1"' in added.text and 'value="Shares in Acme Ltd"' in added.text
        assert saved.status_code == 303 and signed.status_code == 303
        assert 'value="Flat in Lyon"' in resumed.text and 'value="Dinner for two"' in resumed.text
        assert bad.status_code == 422 and 'value="lots"' in bad.text and "Flat in Lyon" in bad.text
        assert filed.status_code == 303 and amended.status_code == 303
        page = client.get(path).text
        assert (
            "Version 1" in page
            and "Version 2" in page
            and "Asset or investment: 2, Gift or hospitality: 1" in page
        )
        with transaction(office.engine) as session:
            statement = statement_of(session=session, filer_id=roster.filers["S200"])
            assert statement is not None and (statement.versions, statement.kinds) == (
                2,
                "assets,gifts",
            )

    def test_sign_in_failures_all_look_the_same(
        self, client: TestClient, office: OfficeFixture, settings: Settings, mailbox: Mailbox
    ) -> None:
        """Unknown staff id, wrong password and an officer's own credentials get one answer."""
        open_cycle_with_roster(office, settings, mailbox)
        accept(client, invitation_path(mailbox, "ana.alvarez@example.org"))
        officer = office.person("olga")
        client.cookies.clear()

        answers = [
            sign_in(client, "S999"),
            sign_in(client, "S100", "wrong password entirely"),
            sign_in(client, officer.username, officer.password, officer.totp()),
        ]

        assert {a.status_code for a in answers} == {403}
        assert all("That staff id, password or code is not right." in a.text for a in answers)
        assert sign_in(client, "S100", PASSWORD).status_code == 303


def _token(client: TestClient, path: str) -> str:
    from tests.gateway.conftest import csrf_token

    return csrf_token(client.get(path).text)
