"""GET/POST /logged: an officer logs a matter; training counts add up; bad input is kept."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from consolekit import Console
from sqlmodel import select

from casework.cases.envelope import Case, CaseRecord, Grant, ReporterKey
from casework.cases.facts import facts_of
from casework.people.principals import Role
from casework.store.clock import today
from casework.store.db import transaction

SUMMARY = "Called about a job offer from a supplier; advised to declare and recuse."
VALID = {
    "kind": "advice",
    "category": "employment",
    "via": "phone",
    "on": (today() - timedelta(days=3)).isoformat(),
    "summary": SUMMARY,
}
TRAINING = {
    "kind": "service",
    "category": "training",
    "via": "in_person",
    "on": today().isoformat(),
    "summary": "Induction course for new staff.",
    "sessions": "3",
    "participants": "74",
}
FIELD_ERROR = re.compile(r'<p class="field-error" id="e-([^"]+)">([^<]+)</p>')


@pytest.fixture(params=[False, True], ids=["plain", "htmx"])
def htmx(request: pytest.FixtureRequest) -> bool:
    """Every view is tested as a full page and as an htmx fragment."""
    return bool(request.param)


class TestLogMatter:
    """GET and POST /logged."""

    def test_unauthorized(self, console: Console, office) -> None:
        """Signed out: sign in; an external reviewer may neither see nor log."""
        assert console.get("/logged").status_code == 303
        console.act_as(office.person("rita", Role.REVIEWER))

        assert console.get("/logged").status_code == 403
        assert console.post("/logged", VALID).status_code == 403

    def test_logs_a_sealed_matter_granted_to_the_officer(
        self, console: Console, office, htmx
    ) -> None:
        """The matter is a case dated the day it happened, summary sealed, granted to its author."""
        olga = office.person("olga")
        console.act_as(olga)

        response = console.post("/logged", VALID, htmx=htmx)

        assert response.status_code == 303
        case_id = response.headers["location"].removeprefix("/cases/")
        with transaction(console.engine) as session:
            case = session.get(Case, case_id)
            grants = [
                g.principal_id for g in session.exec(select(Grant).where(Grant.case_id == case_id))
            ]
            records = session.exec(select(CaseRecord).where(CaseRecord.case_id == case_id)).all()
            facts = facts_of(session=session, case_id=case_id)
            reporter_key = session.get(ReporterKey, case_id)
        assert (case.channel, case.category, case.received_on) == (
            "logged",
            "employment",
            today() - timedelta(days=3),
        )
        assert (case.submitter_id, grants, reporter_key) == (olga.id, [olga.id], None)
        assert facts == {"kind": "advice", "via": "phone"}
        assert [r.kind for r in records] == ["answers"]
        assert all(SUMMARY.encode() not in r.ciphertext for r in records)
        assert SUMMARY in unescape(console.get(f"/cases/{case_id}").text)

    def test_concerned_person_only_with_their_agreement(self, console: Console, office) -> None:
        """A name is kept (sealed apart) only when the person agreed; otherwise it is dropped."""
        console.act_as(office.person("olga"))
        agreed = {**VALID, "concerned_agreed": "yes", "concerned_name": "Ana Ruiz"}
        refused = {**VALID, "concerned_agreed": "no", "concerned_name": "Ben Ode"}

        kinds = []
        for data in (agreed, refused):
            case_id = console.post("/logged", data).headers["location"].removeprefix("/cases/")
            with transaction(console.engine) as session:
                rows = session.exec(select(CaseRecord).where(CaseRecord.case_id == case_id)).all()
                kinds.append(sorted(r.kind for r in rows))

        assert kinds == [["answers", "identity"], ["answers"]]

    def test_training_counts_add_up(self, console: Console, office, htmx) -> None:
        """Two training sessions logged: the page shows their summed sessions and participants."""
        console.act_as(office.person("olga"))
        console.post("/logged", TRAINING)
        console.post("/logged", {**TRAINING, "sessions": "2", "participants": "26"})
        console.post("/logged", VALID)

        page = console.get("/logged", htmx=htmx).text

        totals = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
        assert "5 sessions for 100 participants (2 logged)" in totals

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            ({"summary": ""}, {"summary": "This answer is required."}),
            ({"category": "lunch"}, {"category": "Choose one of the options."}),
            ({"on": "2999-01-01"}, {"on": "The date cannot be in the future."}),
            ({**TRAINING, "sessions": ""}, {"sessions": "This answer is required."}),
            ({**TRAINING, "participants": "-4"}, {"participants": "Enter a number of at least 0."}),
            (
                {"concerned_agreed": "yes", "concerned_name": ""},
                {"concerned_name": "This answer is required."},
            ),
        ],
        ids=[
            "no-summary",
            "unknown-category",
            "future-date",
            "training-without-sessions",
            "negative-participants",
            "agreed-without-name",
        ],
    )
    def test_bad_input_is_named_and_kept(self, console: Console, office, changes, expected) -> None:
        """Each bad answer gets its message; what was typed is shown again; nothing is stored."""
        console.act_as(office.person("olga"))
        data = {**VALID, **changes}

        response = console.post("/logged", data)

        assert response.status_code == 400
        assert dict(FIELD_ERROR.findall(response.text)) == expected
        page = unescape(response.text)
        for name, value in data.items():
            if name not in expected and len(value) > 3 and name != "category":
                assert value in page, name
        with transaction(console.engine) as session:
            assert session.exec(select(Case)).first() is None
