"""Issue #13: a French console shows no stored English code. Role names, account statuses,
the inbox's filters, the Ethics Panel result, a cycle's status and the notice after an
action all read in French."""

from __future__ import annotations

from consolekit import Console

from casework.people.principals import Role
from casework.store.clock import today
from tests.casework.disclosure.conftest import cycle_with_roster
from tests.factories import receipt_secrets, submit


def _protection_case_awaiting_the_panel(console: Console, office, settings, person, *also) -> str:
    """A protection case granted to ``person`` and ``also``, determined by ``person``, with a
    panel review requested (its result pending)."""
    _receipt, secrets = receipt_secrets(office.office_salt, settings.pepper)
    case_id, _key = submit(
        office.engine,
        secrets,
        channel="protection",
        category="harassment",
        answers={"link": "It followed my report."},
        identity={"identity_name": "Amina Diallo", "identity_email": "amina@example.org"},
        recipients=[person.id, *(p.id for p in also)],
        facts={"urgent_risk": "no"},
    )
    console.act_as(person)
    base = f"/cases/{case_id}/protection"
    for to in ("acknowledged", "info_requested"):
        assert console.post(f"/cases/{case_id}/status", {"to": to}).status_code == 303
    assert console.post(f"{base}/information", {"day": ""}).status_code == 303
    letter = {"reason": "no_causal_link", "letter": "No link."}
    assert console.post(f"{base}/determination", letter).status_code == 303
    requested = {"requested_on": today().isoformat()}
    assert console.post(f"{base}/panel-request", requested).status_code == 303
    return case_id


def test_the_inbox_case_page_cycle_and_people_pages_show_no_english_code(
    console: Console, office, settings
) -> None:
    """In French: the inbox's status filter, the case page's panel result and colleagues'
    roles, the cycle's status and notice, the people page's roles and statuses, and the
    access log's details."""
    olga = office.person("olga")
    dora = office.person("dora", Role.DIRECTOR)
    case_id = _protection_case_awaiting_the_panel(console, office, settings, olga, dora)
    roster = b"staff_id,email,name,grade,role\nP001,p1@example.org,Person 001,D-1,programme\n"
    cycle_id = cycle_with_roster(console.engine, settings.pepper, dora, roster).id
    assert console.get("/language/fr?next=/inbox").status_code == 303

    inbox = console.get("/inbox").text
    case_page = console.get(f"/cases/{case_id}").text
    console.act_as(dora)
    assert console.get("/language/fr?next=/people").status_code == 303
    cycle = console.get(f"/disclosure/{cycle_id}?done=invited:3").text
    reminded = console.get(f"/disclosure/{cycle_id}?done=reminded:2:1").text
    unknown = console.get(f"/disclosure/{cycle_id}?done=%3Cscript%3E").text
    people = console.get("/people").text
    log = console.get("/log").text.split('id="log-list"')[1]

    assert '<html lang="fr"' in inbox
    assert ">Reçu</option>" in inbox and ">Received</option>" not in inbox
    assert "<strong>en attente</strong>" in case_page and ">pending<" not in case_page
    assert "(déontologue)" in case_page and "(directeur ou directrice)" in case_page
    assert "(officer)" not in case_page and "(director)" not in case_page
    assert "<strong>ouvert</strong>" in cycle and ">open<" not in cycle
    assert "3 invitations envoyées." in cycle and "Done:" not in cycle
    assert "2 rappels envoyés. 1 rappel n'a pas pu être envoyé." in reminded.replace("&#39;", "'")
    assert 'id="cycle-notice"' not in unknown and "script" not in unknown.split("<main")[1]
    assert ">déontologue<" in people and ">directeur ou directrice<" in people
    assert ">actif<" in people
    for code in (">officer<", ">director<", ">active<"):
        assert code not in people
    assert "de « " in log and "from " not in log
