"""Filer pages: adding TOTP, copying last year's statement, answering only when asked."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
from starlette.testclient import TestClient

from casework.disclosure.cycles import open_cycle
from casework.disclosure.roster import import_roster, read_roster
from casework.disclosure.rules import QualificationRules
from casework.disclosure.tables import DisclosureCycle
from casework.store.clock import today
from casework.store.db import transaction
from confide.settings import Settings
from tests.conftest import OfficeFixture
from tests.gateway.conftest import csrf_token
from tests.gateway.filerkit import (
    PASSWORD,
    ROSTER,
    accept,
    invitation_path,
    open_cycle_with_roster,
    post_form,
    sign_in,
    statement_path_of,
)
from tests.mailbox import Mailbox


def test_totp_added_then_required(
    client: TestClient, office: OfficeFixture, settings: Settings, mailbox: Mailbox
) -> None:
    """A wrong code is refused with the page kept; once on, sign-in needs a code."""
    open_cycle_with_roster(office, settings, mailbox)
    accept(client, invitation_path(mailbox, "ana.alvarez@example.org"))
    page = client.get("/filer/totp").text
    secret = re.search(r'id="totp-secret">(\w+)<', page)[1]  # type: ignore[index]

    wrong = post_form(client, "/filer/totp", {"secret": secret, "code": "000000"})
    right = post_form(client, "/filer/totp", {"secret": secret, "code": pyotp.TOTP(secret).now()})
    client.cookies.clear()
    without = sign_in(client, "S100", PASSWORD)

    assert wrong.status_code == 400 and secret in wrong.text
    assert right.status_code == 303
    assert without.status_code == 403


def test_copy_last_year_and_no_answer_unless_asked(
    client: TestClient, office: OfficeFixture, settings: Settings, mailbox: Mailbox
) -> None:
    """Last year's entries come back as this year's draft; answering unasked is refused."""
    roster = open_cycle_with_roster(office, settings, mailbox)
    accept(client, invitation_path(mailbox, "ana.alvarez@example.org"))
    last_year = statement_path_of(client)
    post_form(
        client,
        last_year,
        {
            "gifts.0.giver": "Supplier X",
            "gifts.0.description": "Pen",
            "intent": "file",
            "certify": "yes",
        },
    )
    unasked = client.post(
        last_year + "/answer",
        follow_redirects=False,
        data={"body": "hello", "csrf_token": csrf_token(client.get(last_year).text)},
    )
    with transaction(office.engine) as session:
        old = session.get(DisclosureCycle, roster.cycle_id)
        assert old is not None
        old.year = 2025
        session.add(old)
        new = open_cycle(
            session=session,
            year=2026,
            deadline=today() + timedelta(days=20),
            reminder_days=(7,),
            rules=QualificationRules(),
            opened_by=roster.director_id,
            today=today(),
        )
        import_roster(
            session=session, pepper=settings.pepper, cycle=new, rows=read_roster(ROSTER, new)
        )

    this_year = statement_path_of(client)
    copied = post_form(client, this_year, {"intent": "copy"})
    page = client.get(copied.headers["location"]).text

    assert unasked.status_code == 422 and "has not asked you anything" in unasked.text
    assert this_year != last_year and copied.headers["location"].endswith("done=copied")
    assert 'value="Supplier X"' in page and "copied into your draft" in page
