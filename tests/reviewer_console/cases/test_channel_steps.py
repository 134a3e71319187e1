"""The office's own channels in the console: protection steps, urgent risk, written conditions."""

from __future__ import annotations

import re

import pytest
from consolekit import Console
from sqlmodel import select

from casework.cases.determinations import CaseDetermination
from casework.cases.dialogue import read_messages
from casework.cases.envelope import Case
from casework.people.principals import Role, get_principal
from casework.protection.steps import ProtectionStep
from casework.referrals.consent import Recipient
from casework.store.blobs import BlobStore
from casework.store.clock import today
from casework.store.db import transaction
from crypto import derive_keys
from crypto.seedwrap import unwrap_seed
from tests.conftest import PASSWORD
from tests.factories import consented_referral, receipt_secrets, submit

IDENTITY = {"identity_name": "Amina Diallo", "identity_email": "amina@example.org"}


@pytest.fixture(params=[False, True], ids=["plain", "htmx"])
def htmx(request: pytest.FixtureRequest) -> bool:
    """Every view is tested as a full page and as an htmx fragment."""
    return bool(request.param)


def _case(office, settings, person, channel: str, urgent: str = "no"):
    _receipt, secrets = receipt_secrets(office.office_salt, settings.pepper)
    facts = {"urgent_risk": urgent} if channel == "protection" else {}
    case_id, key = submit(
        office.engine,
        secrets,
        channel=channel,
        category="harassment",
        answers={"link": "It followed my report."},
        identity=IDENTITY,
        recipients=[person.id],
        facts=facts,
    )
    return case_id, key, secrets


def _status(console: Console, case_id: str) -> str:
    with transaction(console.engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.status


class TestProtectionSteps:
    """POST /cases/{case_id}/protection/{step} and the protection part of the case page."""

    def test_unauthorized(self, console: Console, office, settings) -> None:
        """Without a session, or as a director without a grant, no step is taken."""
        case_id, _key, _ = _case(office, settings, office.person("olga"), "protection")
        url = f"/cases/{case_id}/protection/measure"

        assert console.post(url, {"measure": "x"}).status_code == 303
        console.act_as(office.person("dana", Role.DIRECTOR))
        assert console.post(url, {"measure": "x"}).status_code == 403

    def test_urgent_risk_is_shown_first(self, console: Console, office, settings, htmx) -> None:
        """An urgent risk is the first thing on the case page; without one there is no banner."""
        olga = office.person("olga")
        urgent, _k, _ = _case(office, settings, olga, "protection", urgent="yes")
        calm, _k2, _ = _case(office, settings, olga, "protection", urgent="no")
        console.act_as(olga)

        page = console.get(f"/cases/{urgent}", htmx=htmx).text
        other = console.get(f"/cases/{calm}", htmx=htmx).text

        assert page.index('id="urgent-risk"') < page.index("<h1>")
        assert 'id="urgent-risk"' not in other

    def test_branches_through_the_console(self, console: Console, office, settings, htmx) -> None:
        """Information, a refused and a valid determination, the panel, the referral, a measure."""
        olga = office.person("olga")
        case_id, key, secrets = _case(office, settings, olga, "protection")
        console.act_as(olga)
        ok = 200 if htmx else 303
        base = f"/cases/{case_id}/protection"
        for to in ("acknowledged", "info_requested"):
            assert console.post(f"/cases/{case_id}/status", {"to": to}, htmx=htmx).status_code == ok

        assert console.post(f"{base}/information", {"day": ""}, htmx=htmx).status_code == ok
        page = console.get(f"/cases/{case_id}").text
        assert re.search(r"preliminary review\s+due in 30 days", page)
        refused = console.post(f"{base}/determination", {"letter": "Reviewed."}, htmx=htmx)
        assert refused.status_code == 400
        assert "A determination needs one of its reason codes." in refused.text
        assert _status(console, case_id) == "under_review"
        done = console.post(
            f"{base}/determination", {"reason": "no_causal_link", "letter": "No link."}, htmx=htmx
        )
        assert done.status_code == ok
        assert "the requester may ask until" in console.get(f"/cases/{case_id}").text
        request = {"requested_on": today().isoformat()}
        assert console.post(f"{base}/panel-request", request, htmx=htmx).status_code == ok
        assert (
            console.post(f"{base}/panel-result", {"result": "overturned"}, htmx=htmx).status_code
            == ok
        )
        no_basis = console.post(f"{base}/referral", {"referral": ""}, htmx=htmx)
        assert no_basis.status_code == 400
        assert "consent log first" in no_basis.text
        assert _status(console, case_id) == "panel_review"
        referral = _referral(console, office, olga, case_id=case_id, key=key, secrets=secrets)
        assert console.post(f"{base}/referral", {"referral": referral}, htmx=htmx).status_code == ok
        measure = {"measure": "Work from another floor during the investigation."}
        assert console.post(f"{base}/measure", measure, htmx=htmx).status_code == ok

        page = console.get(f"/cases/{case_id}").text
        assert "Work from another floor during the investigation." in page
        assert "Referred for investigation" in page
        with transaction(console.engine) as session:
            kinds = sorted(s.kind for s in session.exec(select(ProtectionStep)))
            reasons = [d.reason for d in session.exec(select(CaseDetermination))]
        assert kinds == ["interim_measure", "panel_request", "referral"]
        assert reasons == ["no_causal_link"]
        assert _status(console, case_id) == "referred"

    def test_unknown_step_is_not_found(self, console: Console, office, settings) -> None:
        """A step the channel does not have is not a route."""
        olga = office.person("olga")
        case_id, _key, _ = _case(office, settings, olga, "protection")
        console.act_as(olga)

        assert console.post(f"/cases/{case_id}/protection/promote", {}).status_code == 404


def _referral(console: Console, office, person, *, case_id: str, key: bytes, secrets) -> str:
    with transaction(office.engine) as session:
        principal = get_principal(session=session, principal_id=person.id)
        assert principal is not None
        keys = derive_keys(unwrap_seed(principal.wrapped_seed, PASSWORD))
    return consented_referral(
        office.engine,
        case_id=case_id,
        case_key=key,
        reporter=secrets,
        officer_id=person.id,
        officer_keys=keys,
        blobs=BlobStore(console.settings.blob_dir),
        recipient=Recipient.INVESTIGATIONS,
    )


class TestDecisions:
    """Closing the declarations and advice with their own outcomes (POST .../status)."""

    def test_unauthorized(self, console: Console, office, settings) -> None:
        """A director without a grant cannot decide."""
        case_id, _k, _ = _case(office, settings, office.person("olga"), "outside-activity")
        console.act_as(office.person("dana", Role.DIRECTOR))

        assert console.post(f"/cases/{case_id}/status", {"to": "acknowledged"}).status_code == 403

    def test_conditions_are_written_to_the_person(
        self, console: Console, office, settings, htmx
    ) -> None:
        """ "Approved with conditions" without conditions is refused; with them they are a reply."""
        olga = office.person("olga")
        case_id, key, _ = _case(office, settings, olga, "outside-activity")
        console.act_as(olga)
        ok = 200 if htmx else 303
        console.post(f"/cases/{case_id}/status", {"to": "acknowledged"}, htmx=htmx)
        close = {"to": "closed", "outcome": "approved_with_conditions"}

        refused = console.post(f"/cases/{case_id}/status", {**close, "text": "  "}, htmx=htmx)
        conditions = "Not during working hours; no use of the office's name."
        done = console.post(f"/cases/{case_id}/status", {**close, "text": conditions}, htmx=htmx)

        assert refused.status_code == 400
        assert "write the conditions to the person" in refused.text
        assert done.status_code == ok
        with transaction(console.engine) as session:
            case = session.get(Case, case_id)
            replies = read_messages(
                session=session, case_id=case_id, case_key=key, include_internal=False
            )
        assert (case.status, case.outcome) == ("closed", "approved_with_conditions")
        assert [m.body for m in replies] == [conditions]

    @pytest.mark.parametrize(
        ("channel", "outcome", "accepted"),
        [
            ("advice", "advice_given", True),
            ("advice", "approved", False),
            ("gift", "hand_over", True),
            ("gift", "substantiated", False),
            ("outside-activity", "not_approved", True),
            ("retaliation-advice", "referred_elsewhere", True),
        ],
        ids=[
            "advice-given",
            "advice-approved",
            "gift-hand-over",
            "gift-substantiated",
            "outside-no",
            "retaliation-advice",
        ],
    )
    def test_only_the_channel_s_outcomes(
        self, console: Console, office, settings, *, channel: str, outcome: str, accepted: bool
    ) -> None:
        """Each channel closes with its own outcomes and refuses another channel's."""
        olga = office.person("olga")
        case_id, _k, _ = _case(office, settings, olga, channel)
        console.act_as(olga)
        console.post(f"/cases/{case_id}/status", {"to": "acknowledged"})

        response = console.post(f"/cases/{case_id}/status", {"to": "closed", "outcome": outcome})

        assert response.status_code == (303 if accepted else 400)
        assert _status(console, case_id) == ("closed" if accepted else "acknowledged")
