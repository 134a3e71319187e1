"""A financial disclosure cycle end to end, through both apps and a real SMTP server."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlmodel import select
from starlette.testclient import TestClient

from casework.cases.access_log import AccessEntry
from casework.cases.envelope import Case
from casework.disclosure.filers import staff_lookup
from casework.disclosure.tables import DisclosureFiler, DisclosureStatement
from casework.people.principals import Role
from casework.store.clock import today
from casework.store.db import transaction
from confide.settings import Settings
from gateway.app import create_app as create_gateway
from reviewer_console.app import create_app as create_console
from tests.conftest import OfficeFixture
from tests.gateway.conftest import csrf_token
from tests.gateway.filerkit import accept, mailing, post_form, sign_in
from tests.gateway.test_gateway_filers import ASSETS_AND_GIFT
from tests.mailbox import Mailbox
from tests.reviewer_console.consolekit import BASE_URL, Console

BAD = b"staff_id,email,name,grade,role\nS1,ana@example.org,Ana,P-5,x\nS2,nope,Ben,senior,x\n"
GOOD = (
    b"staff_id,email,name,grade,role\n"
    b"S1,ana@example.org,Ana Alvarez,P-5,programme\n"
    b"S2,ben@example.org,Ben Brown,D-1,programme\n"
    b"S3,cy@example.org,Cy Chen,C-5,consultant\n"
    b"S4,dee@example.org,Dee Diaz,G-5,procurement\n"
    b"S5,eli@example.org,Eli Eze,P-3,programme\n"
)
LINK = re.compile(r"https://gw\.example\.org(/filer/invitation/\S+)")


def _link(mailbox: Mailbox, address: str) -> str:
    match = LINK.search(Mailbox.body(mailbox.to(address)[-1]))
    assert match is not None
    return match[1]


def _case_of(engine: object, pepper: bytes, staff_id: str) -> str:
    with transaction(engine) as session:  # type: ignore[arg-type]
        return session.exec(
            select(DisclosureStatement.case_id)
            .join(DisclosureFiler, DisclosureFiler.id == DisclosureStatement.filer_id)
            .where(DisclosureFiler.staff_lookup == staff_lookup(pepper, staff_id))
        ).one()


def test_a_cycle_end_to_end(settings: Settings, office: OfficeFixture, mailbox: Mailbox) -> None:
    """Roster, invitations, filings, external review, three outcomes, reminders, non-filers."""
    settings = mailing(settings, mailbox)
    director = office.person("dora", Role.DIRECTOR)
    reviewer = office.person("rex", Role.REVIEWER)
    with (
        TestClient(create_gateway(settings), base_url=BASE_URL) as gateway,
        TestClient(create_console(settings), base_url=BASE_URL) as console_client,
    ):
        console = Console(console_client, settings, office.engine)
        console.act_as(director)
        opened = console.post(
            "/disclosure",
            {
                "year": "2026",
                "deadline": (today() + timedelta(days=10)).isoformat(),
                "reminder_days": "14, 7, 1",
                "grades": "P-5, D-1, D-2",
                "contractor_level": "4",
                "roles": "ethics, procurement, finance, audit",
            },
        )
        cycle_path = opened.headers["location"]
        routed = console.post("/routing", {"channel": "disclosure", "recipient": director.id})

        def upload(data: bytes) -> object:
            return console_client.post(
                f"{cycle_path}/roster",
                files={"roster": ("r.csv", data, "text/csv")},
                headers=console.headers(),
                follow_redirects=False,
            )

        refused, imported = upload(BAD), upload(GOOD)
        invited = console.post(f"{cycle_path}/invitations")

        assert opened.status_code == 303 and routed.status_code == 303
        assert refused.status_code == 400 and "nope" in refused.text and "senior" in refused.text
        assert imported.status_code == 200 and "grade P-3 does not file" in imported.text
        assert invited.status_code == 303 and len(mailbox.messages) == 4

        # Ana: nothing to disclose. Ben: a full statement, draft resumed, then amended. Cy: a gift.
        accept(gateway, _link(mailbox, "ana@example.org"))
        ana_home = gateway.get("/filer").text
        ana_path = re.search(r'href="(/filer/statements/\w+)"', ana_home)[1]  # type: ignore[index]
        post_form(gateway, ana_path, {"intent": "nothing", "certify": "yes"})
        gateway.cookies.clear()
        accept(gateway, _link(mailbox, "ben@example.org"))
        ben_path = re.search(r'href="(/filer/statements/\w+)"', gateway.get("/filer").text)[1]  # type: ignore[index]
        post_form(gateway, ben_path, {**ASSETS_AND_GIFT, "intent": "save"})
        gateway.cookies.clear()
        sign_in(gateway, "S2")
        assert "Flat in Lyon" in gateway.get(ben_path).text
        post_form(gateway, ben_path, {**ASSETS_AND_GIFT, "intent": "file", "certify": "yes"})
        post_form(
            gateway,
            ben_path,
            {
                **ASSETS_AND_GIFT,
                "assets.1.description": "Flat in Lyon (sold)",
                "intent": "file",
                "certify": "yes",
            },
        )
        gateway.cookies.clear()
        accept(gateway, _link(mailbox, "cy@example.org"))
        cy_path = re.search(r'href="(/filer/statements/\w+)"', gateway.get("/filer").text)[1]  # type: ignore[index]
        post_form(
            gateway,
            cy_path,
            {
                "gifts.0.giver": "Supplier X",
                "gifts.0.description": "Watch",
                "intent": "file",
                "certify": "yes",
            },
        )
        ana_case, ben_case, cy_case = (
            _case_of(office.engine, settings.pepper, s) for s in ("S1", "S2", "S3")
        )

        # The external reviewer reads Ben's statement, nothing else, and cannot change anything.
        granted = console.post(f"/cases/{ben_case}/grant", {"grantee": reviewer.id})
        console.act_as(reviewer)
        read = console.get(f"/cases/{ben_case}")
        other = console.get(f"/cases/{ana_case}")
        cycle_page = console.get(cycle_path)
        writes = [
            console.post(
                f"/cases/{ben_case}/{action}",
                {
                    "body": "x",
                    "to": "closed",
                    "outcome": "no_action",
                    "question": "x",
                    "advice": "x",
                },
            )
            for action in (
                "reply",
                "note",
                "status",
                "grant",
                "assign",
                "disclosure/question",
                "disclosure/advice",
                "identity",
            )
        ]
        assert granted.status_code in {200, 303}
        assert read.status_code == 200 and "Flat in Lyon (sold)" in read.text
        assert other.status_code == 403 and cycle_page.status_code == 403
        assert {w.status_code for w in writes} == {403}
        with transaction(office.engine) as session:
            opened_by_reviewer = session.exec(
                select(AccessEntry).where(
                    AccessEntry.actor_id == reviewer.id, AccessEntry.action == "open_case"
                )
            ).all()
        assert [e.case_id for e in opened_by_reviewer] == [ben_case]

        # The three outcomes.
        console.act_as(director)
        closed = console.post(f"/cases/{ana_case}/status", {"to": "closed", "outcome": "no_action"})
        asked = console.post(
            f"/cases/{ben_case}/disclosure/question", {"question": "When was the flat sold?"}
        )
        gateway.cookies.clear()
        sign_in(gateway, "S2")
        question_page = gateway.get(ben_path).text
        answered = gateway.post(
            ben_path + "/answer",
            follow_redirects=False,
            data={"body": "In March.", "csrf_token": csrf_token(question_page)},
        )
        console.post(f"/cases/{ben_case}/status", {"to": "closed", "outcome": "more_information"})
        advised = console.post(
            f"/cases/{cy_case}/disclosure/advice", {"advice": "Return the watch."}
        )
        gateway.cookies.clear()
        sign_in(gateway, "S3")
        cy_page = gateway.get(cy_path).text
        assert closed.status_code == 303 and asked.status_code == 303 and advised.status_code == 303
        assert "When was the flat sold?" in question_page and answered.status_code == 303
        assert "Return the watch." in cy_page
        ben_mail = Mailbox.body(mailbox.to("ben@example.org")[-1])
        assert "flat" not in ben_mail.lower() and "/filer/sign-in" in ben_mail
        with transaction(office.engine) as session:
            outcomes = sorted(
                str(session.get(Case, c).outcome) for c in (ana_case, ben_case, cy_case)
            )  # type: ignore[union-attr]
        assert outcomes == ["advice_given", "more_information", "no_action"]

        # Reminders go to the one who has not filed, once; the non-filers CSV names her.
        first = console.post(f"{cycle_path}/reminders")
        again = console.post(f"{cycle_path}/reminders")
        csv_text = console.get(f"{cycle_path}/non-filers.csv").text
        page = console.get(cycle_path).text
        assert (
            "reminded:1:0" in first.headers["location"]
            and "reminded:0:0" in again.headers["location"]
        )
        assert [m["Subject"] for m in mailbox.to("dee@example.org")][-1].startswith("Reminder")
        assert "dee@example.org" in csv_text and "ana@example.org" not in csv_text
        assert "3 of 4 filed" in page and "nothing to disclose 1 (33%)" in page
