"""Consent and referrals in the console, and no export without a consent-log entry (G4)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from consolekit import Console
from sqlmodel import select

from casework.cases.access_log import AccessEntry
from casework.people.principals import Role
from casework.referrals.consent import ConsentRequest
from casework.referrals.consent_log import ConsentEntry, verify_consent_log
from casework.referrals.recording import Referral, ReferralStatus
from casework.store.db import transaction
from casework.store.ids import case_reference
from reviewer_console.app import route_table
from reviewer_console.permissions import SecuredRoute
from tests.factories import make_case

CANARY = "CANARY-7f3e-the-supplier-was-acme"


@pytest.fixture
def people(office):
    """An officer and the director, both granted on new reports; and an officer without."""
    return {
        "officer": office.person("officer"),
        "director": office.person("director", Role.DIRECTOR),
        "outsider": office.person("outsider"),
    }


@pytest.fixture
def case(console: Console, office, people) -> str:
    """A report granted to the officer and the director, with a file."""
    case_id, _key = make_case(
        console.engine,
        console.settings,
        office,
        answers={"what": CANARY},
        identity={"name": "Reporter Name"},
        recipients=[people["officer"].id, people["director"].id],
        files=[("evidence.pdf", b"%PDF " + CANARY.encode())],
    )
    return case_id


def _exception(console: Console, case_id: str, **extra: str):
    data = {
        "recipient": "security",
        "basis": "danger_to_person",
        "what": "the report",
        "justification": "credible threat to a colleague",
        "answers": "1",
        **extra,
    }
    return console.post(f"/cases/{case_id}/referrals", data)


class TestReferralPage:
    """The referrals page of a case."""

    def test_unauthorized(self, console: Console, case: str, people) -> None:
        """Without a session the page sends you to sign in; without a grant it is refused."""
        console.act_as(None)
        anonymous = console.get(f"/cases/{case}/referrals")
        console.act_as(people["outsider"])
        outsider = console.get(f"/cases/{case}/referrals")

        assert anonymous.status_code == 303
        assert outsider.status_code == 403

    @pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
    def test_page_lists_requests_and_referrals(
        self, console: Console, case: str, people, htmx: bool
    ) -> None:
        """A grant holder sees the forms; htmx gets only the block."""
        console.act_as(people["officer"])

        response = console.get(f"/cases/{case}/referrals", htmx=htmx)

        assert response.status_code == 200
        assert "Ask the reporter for consent" in response.text
        assert ("<html" in response.text) is not htmx
        assert response.headers["vary"] == "HX-Request"

    def test_asking_consent_keeps_input_on_error(self, console: Console, case: str, people) -> None:
        """A request with no reason is refused with a message and the text kept."""
        console.act_as(people["officer"])

        response = console.post(
            f"/cases/{case}/consents", {"what": "my name", "recipient": "legal", "why": ""}
        )

        assert response.status_code == 400
        assert "my name" in response.text

    def test_exception_waits_for_a_second_officer(
        self, console: Console, case: str, people
    ) -> None:
        """An exception recorded by one officer has no effect until the director approves."""
        console.act_as(people["officer"])
        recorded = _exception(console, case)
        with transaction(console.engine) as session:
            referral = session.exec(select(Referral)).one()
        refused_export = console.get(f"/cases/{case}/referrals/{referral.id}/export")
        self_approval = console.post(f"/cases/{case}/referrals/{referral.id}/approve")
        console.act_as(people["director"])
        approved = console.post(f"/cases/{case}/referrals/{referral.id}/approve")
        export = console.get(f"/cases/{case}/referrals/{referral.id}/export")

        assert recorded.status_code == 303
        assert "zip" not in refused_export.headers.get("content-type", "")
        assert self_approval.status_code == 400
        assert approved.status_code == 303
        assert export.headers["content-type"] == "application/zip"
        assert "attachment" in export.headers["content-disposition"]
        with transaction(console.engine) as session:
            entry = session.exec(select(ConsentEntry)).one()
            assert verify_consent_log(session=session).count == 1
            actions = {e.action for e in session.exec(select(AccessEntry))}
        assert entry.approved_by == people["director"].id
        assert {"referral", "referral_approval", "export"} <= actions
        archive = zipfile.ZipFile(io.BytesIO(export.content))
        assert CANARY in archive.read("answers.json").decode()

    def test_consent_basis_needs_a_given_consent(self, console: Console, case: str, people) -> None:
        """Choosing consent as the basis without a given consent records nothing."""
        console.act_as(people["officer"])
        console.post(
            f"/cases/{case}/consents",
            {"what": "the report", "recipient": "investigations", "why": "to investigate"},
        )
        with transaction(console.engine) as session:
            request_id = session.exec(select(ConsentRequest)).one().id

        response = console.post(
            f"/cases/{case}/referrals",
            {"recipient": "investigations", "basis": "consent", "what": "x", "consent": request_id},
        )

        assert response.status_code == 400
        assert "not been given" in response.text
        with transaction(console.engine) as session:
            assert session.exec(select(Referral)).all() == []


class TestConsentLog:
    """The director's consent log page and CSV."""

    def test_unauthorized(self, console: Console, people) -> None:
        """Officers and anonymous visitors do not see the office-wide log."""
        console.act_as(None)
        anonymous = console.get("/consent-log")
        console.act_as(people["officer"])
        officer = console.get("/consent-log.csv")

        assert anonymous.status_code == 303
        assert officer.status_code == 403

    @pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
    def test_log_and_csv_show_metadata_only(
        self, console: Console, case: str, people, htmx: bool
    ) -> None:
        """Entries appear with recipient and basis; the CSV carries no content."""
        console.act_as(people["officer"])
        _exception(console, case)
        with transaction(console.engine) as session:
            referral_id = session.exec(select(Referral)).one().id
        console.act_as(people["director"])
        console.post(f"/cases/{case}/referrals/{referral_id}/approve")

        page = console.get("/consent-log?basis=danger_to_person", htmx=htmx)
        empty = console.get("/consent-log?basis=public_health", htmx=htmx)
        csv = console.get("/consent-log.csv")

        assert "the Security Office" in page.text
        assert case_reference(case) in page.text
        assert "No referrals recorded" in empty.text
        header, row = csv.text.splitlines()[:2]
        assert header.startswith("entry,recorded_on,case_id")
        assert header.endswith(
            "case_reference,recipient_label,basis_label,recorded_by_username,approved_by_username"
        )
        assert case in row and case_reference(case) in row
        assert "the Security Office" in row and ",security," in row
        assert CANARY not in csv.text and "credible threat" not in csv.text


def _walk_get_routes() -> list[SecuredRoute]:
    return [r for r in route_table() if isinstance(r, SecuredRoute) and "GET" in (r.methods or ())]


def test_every_route_delivers_what_it_declares(console: Console, case: str, people) -> None:
    """Walking the route table, every route delivers only what it declares (G4)."""
    console.act_as(people["officer"])
    _exception(console, case)
    with transaction(console.engine) as session:
        referral = session.exec(select(Referral)).one()
        attachment_id = re.search(
            r"/files/([0-9a-f]{32})", console.get(f"/cases/{case}").text
        ).group(1)  # type: ignore[union-attr]
    assert referral.status == ReferralStatus.AWAITING_APPROVAL
    console.act_as(people["director"])
    params = {
        "case_id": case,
        "attachment_id": attachment_id,
        "referral_id": referral.id,
        "cycle_id": "0" * 32,
        "principal_id": people["officer"].id,
        "token": "x",
        "code": "fr",
        "figure_id": "matters",
    }
    seen: dict[str, int] = {}

    for entry in _walk_get_routes():
        url = entry.path_format.format(**{k: params[k] for k in entry.param_convertors})
        response = console.get(url)
        attachment = "attachment" in response.headers.get("content-disposition", "")
        seen[entry.purpose] = seen.get(entry.purpose, 0) + 1

        if entry.purpose == "page":
            assert not attachment, url
        elif entry.purpose == "export":
            assert not attachment and response.status_code != 200, url
        elif entry.purpose == "metadata":
            assert CANARY not in response.text, url
        elif entry.purpose == "download":
            with transaction(console.engine) as session:
                assert session.exec(
                    select(AccessEntry).where(AccessEntry.action == "download_file")
                ).first(), url

    assert seen.get("export", 0) >= 1


def test_the_command_line_has_no_export(tmp_path) -> None:
    """No `confide` command produces decrypted case material."""
    from confide.cli import main

    def names(group, prefix=""):
        for name, command in group.commands.items():
            yield prefix + name
            if hasattr(command, "commands"):
                yield from names(command, prefix + name + " ")

    commands = set(names(main))

    assert commands == {
        "init",
        "officer",
        "officer add",
        "officer email",
        "migrate",
        "verify-logs",
        "serve",
        "demo",
        "totp",
        "maintenance",
        "backup",
        "restore",
        "reminders",
        # The annual report's figures come from clear metadata only (it never opens a key).
        "report",
        "import-history",
    }
