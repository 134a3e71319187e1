"""The case page: decryption for grant holders, identity on a reason, dialogue, status, grants."""

from __future__ import annotations

import json

import pytest
from consolekit import Console
from sqlmodel import select

from casework.cases.access_log import AccessAction, AccessEntry
from casework.cases.dialogue import read_messages
from casework.cases.envelope import Case, CaseStatus
from casework.cases.messages import Attachment
from casework.channels.report.policy import feedback_due
from casework.people.principals import Role
from casework.store.clock import today
from casework.store.db import transaction
from tests.factories import make_case


@pytest.fixture(params=[False, True], ids=["plain", "htmx"])
def htmx(request: pytest.FixtureRequest) -> bool:
    """Every view is tested as a full page and as an htmx fragment."""
    return bool(request.param)


def _log(console: Console, action: AccessAction) -> list[AccessEntry]:
    with transaction(console.engine) as session:
        return list(session.exec(select(AccessEntry).where(AccessEntry.action == action)))


class TestCasePage:
    """GET /cases/{case_id}."""

    def test_unauthorized(self, console: Console, office, settings) -> None:
        """No session, no grant, or a director without a grant: the case stays closed."""
        olga = office.person("olga")
        case_id, _ = make_case(office.engine, settings, office, recipients=[olga.id])

        assert console.get(f"/cases/{case_id}").status_code == 303
        for person in (office.person("pete"), office.person("dana", Role.DIRECTOR)):
            console.act_as(person)
            assert console.get(f"/cases/{case_id}").status_code == 403

    def test_decrypts_answers_and_logs_the_opening(
        self, console: Console, office, settings, htmx: bool
    ) -> None:
        """A grant holder reads the answers; the identity stays closed; the opening is logged."""
        olga = office.person("olga")
        case_id, _ = make_case(
            office.engine,
            settings,
            office,
            recipients=[olga.id],
            answers={"what_happened": "Invoices <b>inflated</b>", "people": ["A", "B"]},
            identity={"name": "CANARY-NAME"},
        )
        console.act_as(olga)

        response = console.get(f"/cases/{case_id}", htmx=htmx)

        assert response.status_code == 200
        assert response.headers["vary"] == "HX-Request"
        assert "Invoices &lt;b&gt;inflated&lt;/b&gt;" in response.text
        assert '<li><span class="answer">B</span></li>' in response.text
        assert "CANARY-NAME" not in response.text
        assert ("<html" in response.text) is not htmx
        assert [(e.actor_id, e.case_id) for e in _log(console, AccessAction.OPEN_CASE)] == [
            (olga.id, case_id)
        ]


class TestIdentity:
    """POST /cases/{case_id}/identity."""

    def test_unauthorized(self, console: Console, office, settings) -> None:
        """A reviewer holding a grant still cannot open an identity."""
        reviewer = office.person("rita", Role.REVIEWER)
        case_id, _ = make_case(
            office.engine, settings, office, recipients=[reviewer.id], identity={"name": "N"}
        )
        console.act_as(reviewer)

        assert (
            console.post(f"/cases/{case_id}/identity", {"reason": "protection_measure"}).status_code
            == 403
        )

    def test_needs_a_reason_and_logs_only_its_code(
        self, console: Console, office, settings, htmx: bool
    ) -> None:
        """Without a reason nothing opens; with one the identity shows and the code is logged."""
        olga = office.person("olga")
        case_id, _ = make_case(
            office.engine, settings, office, recipients=[olga.id], identity={"name": "CANARY-NAME"}
        )
        console.act_as(olga)

        refused = console.post(f"/cases/{case_id}/identity", {"reason": ""}, htmx=htmx)
        opened = console.post(
            f"/cases/{case_id}/identity", {"reason": "protection_measure"}, htmx=htmx
        )

        assert refused.status_code == 400
        assert "CANARY-NAME" not in refused.text
        assert opened.status_code == 200
        assert "CANARY-NAME" in opened.text
        entries = _log(console, AccessAction.REVEAL_IDENTITY)
        assert [(e.actor_id, e.case_id, e.detail) for e in entries] == [
            (olga.id, case_id, "reason:protection_measure")
        ]


class TestDialogue:
    """POST /cases/{case_id}/reply and /note."""

    def test_unauthorized(self, console: Console, office, settings) -> None:
        """An officer without a grant cannot write to the case."""
        case_id, _ = make_case(
            office.engine, settings, office, recipients=[office.person("olga").id]
        )
        console.act_as(office.person("pete"))

        assert console.post(f"/cases/{case_id}/reply", {"body": "hello"}).status_code == 403

    def test_reply_and_internal_note(self, console: Console, office, settings, htmx: bool) -> None:
        """A reply reaches the reporter and clears "awaiting office"; a note never does."""
        olga = office.person("olga")
        case_id, key = make_case(office.engine, settings, office, recipients=[olga.id])
        console.act_as(olga)

        reply = console.post(
            f"/cases/{case_id}/reply", {"body": "Thank you, we are looking into it."}, htmx=htmx
        )
        note = console.post(
            f"/cases/{case_id}/note", {"body": "CANARY-NOTE check the ledger"}, htmx=htmx
        )
        empty = console.post(f"/cases/{case_id}/reply", {"body": "   "}, htmx=htmx)

        assert reply.status_code == (200 if htmx else 303)
        assert note.status_code == (200 if htmx else 303)
        assert empty.status_code == 400
        if htmx:
            assert 'id="dialogue"' in note.text and "CANARY-NOTE" in note.text
        with transaction(office.engine) as session:
            case = session.get(Case, case_id)
            assert case.awaiting_office is False
            assert case.last_activity_on == today()
            reporter_view = read_messages(
                session=session, case_id=case_id, case_key=key, include_internal=False
            )
        assert [m.body for m in reporter_view] == ["Thank you, we are looking into it."]
        assert len(_log(console, AccessAction.REPLY)) == 1
        assert len(_log(console, AccessAction.NOTE)) == 1


class TestStatus:
    """POST /cases/{case_id}/status."""

    def test_unauthorized(self, console: Console, office, settings) -> None:
        """A director without a grant cannot change the status."""
        case_id, _ = make_case(
            office.engine, settings, office, recipients=[office.person("olga").id]
        )
        console.act_as(office.person("dana", Role.DIRECTOR))

        assert console.post(f"/cases/{case_id}/status", {"to": "acknowledged"}).status_code == 403

    def test_workflow(self, console: Console, office, settings, htmx: bool) -> None:
        """Acknowledge starts the feedback clock; closing needs an outcome; no skipping back."""
        olga = office.person("olga")
        case_id, _ = make_case(office.engine, settings, office, recipients=[olga.id])
        console.act_as(olga)
        ok = 200 if htmx else 303

        assert (
            console.post(
                f"/cases/{case_id}/status", {"to": "closed", "outcome": "no_action"}, htmx=htmx
            ).status_code
            == 400
        )
        assert (
            console.post(f"/cases/{case_id}/status", {"to": "acknowledged"}, htmx=htmx).status_code
            == ok
        )
        with transaction(office.engine) as session:
            case = session.get(Case, case_id)
            assert case.acknowledged_on == today()
            assert case.due_on == feedback_due(case.received_on, today())
        assert (
            console.post(f"/cases/{case_id}/status", {"to": "in_review"}, htmx=htmx).status_code
            == ok
        )
        assert (
            console.post(f"/cases/{case_id}/status", {"to": "closed"}, htmx=htmx).status_code == 400
        )
        assert (
            console.post(
                f"/cases/{case_id}/status", {"to": "closed", "outcome": "advice_given"}, htmx=htmx
            ).status_code
            == ok
        )
        with transaction(office.engine) as session:
            case = session.get(Case, case_id)
            assert (case.status, case.outcome, case.closed_on) == (
                CaseStatus.CLOSED,
                "advice_given",
                today(),
            )
        details = [e.detail for e in _log(console, AccessAction.STATUS_CHANGE)]
        assert details == [
            "received->acknowledged",
            "acknowledged->in_review",
            "in_review->closed:advice_given",
        ]


class TestGrant:
    """POST /cases/{case_id}/grant."""

    def test_unauthorized(self, console: Console, office, settings) -> None:
        """Without a grant one cannot grant (not even oneself)."""
        pete = office.person("pete")
        case_id, _ = make_case(
            office.engine, settings, office, recipients=[office.person("olga").id]
        )
        console.act_as(pete)

        assert console.post(f"/cases/{case_id}/grant", {"grantee": pete.id}).status_code == 403

    def test_grant_holder_grants_a_colleague_who_can_then_read(
        self, console: Console, office, settings, htmx: bool
    ) -> None:
        """The case key is re-sealed to the colleague, logged, and opens for them."""
        olga, pete = office.person("olga"), office.person("pete")
        case_id, _ = make_case(
            office.engine, settings, office, recipients=[olga.id], answers={"what": "CANARY"}
        )
        console.act_as(olga)

        response = console.post(f"/cases/{case_id}/grant", {"grantee": pete.id}, htmx=htmx)

        assert response.status_code == (200 if htmx else 303)
        assert [(e.actor_id, e.detail) for e in _log(console, AccessAction.GRANT)] == [
            (olga.id, f"to:{pete.id}")
        ]
        console.act_as(pete)
        assert "CANARY" in console.get(f"/cases/{case_id}").text


class TestDownload:
    """GET /cases/{case_id}/files/{attachment_id}."""

    def test_unauthorized(self, console: Console, office, settings) -> None:
        """An officer without a grant cannot download."""
        case_id, _ = make_case(
            office.engine,
            settings,
            office,
            recipients=[office.person("olga").id],
            files=[("a.pdf", b"%PDF")],
        )
        with transaction(office.engine) as session:
            attachment = session.exec(select(Attachment)).one()
        console.act_as(office.person("pete"))

        assert console.get(f"/cases/{case_id}/files/{attachment.id}").status_code == 403

    @pytest.mark.parametrize(
        ("name", "ascii_part"),
        [
            ("report.pdf", 'filename="report.pdf"'),
            (
                'evil"; filename=x.html\r\nX-Injected: 1.pdf',
                'filename="evil__ filename_x.htmlX-Injected_ 1.pdf"',
            ),
            ("../../etc/passwd", 'filename="_.._etc_passwd"'),
            ("Prüfbericht – Ω.pdf", 'filename="Pr_fbericht _ _.pdf"'),
        ],
        ids=["plain", "header-injection", "path", "unicode"],
    )
    def test_streams_plaintext_as_a_sandboxed_attachment(
        self, console: Console, office, settings, name: str, ascii_part: str
    ) -> None:
        """The file decrypts as it streams, always as a download the browser will not render."""
        olga = office.person("olga")
        content = b"<html><script>alert(1)</script></html>" + bytes(range(256)) * 600
        case_id, _ = make_case(
            office.engine, settings, office, recipients=[olga.id], files=[(name, content)]
        )
        with transaction(office.engine) as session:
            attachment = session.exec(select(Attachment)).one()
        console.act_as(olga)

        response = console.get(f"/cases/{case_id}/files/{attachment.id}")

        assert response.status_code == 200
        assert response.content == content
        assert response.headers["content-type"] == "application/octet-stream"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-security-policy"] == "sandbox; default-src 'none'"
        disposition = response.headers["content-disposition"]
        assert disposition.startswith("attachment; ")
        assert ascii_part in disposition
        assert "\r" not in disposition and "\n" not in disposition
        assert [e.case_id for e in _log(console, AccessAction.DOWNLOAD_FILE)] == [case_id]

    def test_attachment_of_another_case_is_not_found(
        self, console: Console, office, settings
    ) -> None:
        """An attachment id from another case does not download through this case's grant."""
        olga = office.person("olga")
        mine, _ = make_case(office.engine, settings, office, recipients=[olga.id])
        make_case(office.engine, settings, office, recipients=[olga.id], files=[("b.pdf", b"x")])
        with transaction(office.engine) as session:
            other = session.exec(select(Attachment)).one()
        console.act_as(olga)

        assert console.get(f"/cases/{mine}/files/{other.id}").status_code == 404


def test_answers_json_is_rendered_generically(console: Console, office, settings) -> None:
    """Answers whose shape the form does not expect (objects, booleans) still render."""
    olga = office.person("olga")
    answers = {"when": {"from": "2024-01", "to": "2024-03"}, "reported_elsewhere": False, "who": []}
    case_id, _ = make_case(office.engine, settings, office, recipients=[olga.id], answers=answers)
    console.act_as(olga)

    text = console.get(f"/cases/{case_id}").text

    assert "2024-03" in text and ">No<" in text.replace("\n", "")
    assert json.dumps(answers) not in text
