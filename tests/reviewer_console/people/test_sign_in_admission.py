"""Sign-in work at the console is bounded: past the queue, 503 with Retry-After, nothing done."""

from __future__ import annotations

import re

from consolekit import Console
from sqlmodel import select

from casework.cases.access_log import AccessEntry
from casework.people.principals import Principal
from casework.store.db import transaction
from reviewer_console.people.auth import BUSY


def _saturate(console: Console) -> list:
    admission = console.client.app.state.admission  # type: ignore[attr-defined]
    tickets = []
    while (ticket := admission.try_admit()) is not None:
        tickets.append(ticket)
    return tickets


class TestSignInAdmission:
    """POST /login waits for the Argon2id pool or is refused at once."""

    def test_unauthorized(self, console: Console) -> None:
        """Without a session the inbox still sends the browser to sign in."""
        assert console.get("/inbox").status_code == 303

    def test_full_pool_refuses_with_retry_after_and_does_nothing(
        self, console: Console, office
    ) -> None:
        """503 + Retry-After, the username kept, no count, no log entry, no session."""
        officer = office.person("olga")
        held = _saturate(console)

        response = console.login(officer)

        assert response.status_code == 503
        assert re.fullmatch(r"\d+", response.headers["retry-after"])
        assert BUSY in response.text
        assert 'value="olga"' in response.text
        assert "set-cookie" not in response.headers
        with transaction(console.engine) as session:
            assert session.get(Principal, officer.id).failed_logins == 0
            assert list(session.exec(select(AccessEntry))) == []
        for ticket in held:
            ticket.release()
        assert console.login(officer).status_code == 303

    def test_signed_in_pages_are_served_while_the_pool_is_full(
        self, console: Console, office
    ) -> None:
        """A flood that fills the pool does not stop a signed-in officer's inbox."""
        held = _saturate(console)
        console.act_as(office.person("olga"))

        response = console.get("/inbox")

        assert response.status_code == 200
        for ticket in held:
            ticket.release()
