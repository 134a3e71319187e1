"""The model office of 2023, built through the project's own interfaces, for the report tests.

Its figures are those of the annual report the project is built from: 1,294 matters in
2023 (advice 553, services 741), 1,156 in 2022, seven years of trend (2017-2022 imported as
history), advice by topic, retaliation advice and formal requests with their
determinations and referrals, 47 training sessions for 1,200 participants, and a 2023
disclosure cycle of 1,022 statements (855 with nothing to disclose; of the others 43
closed with no action, 19 after more information, 105 with advice).

Matters arrive as the gateway and the console make them (``submit_case`` with a receipt
for the gateway's channels, without one for a logged matter, dated in 2023); protection
requests go through the workflow's steps; filers are invited through a real SMTP server,
accept their links, and file; officers review. The cheap test KDF keeps it quick.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from casework.cases.access import case_key_for
from casework.cases.envelope import Case
from casework.cases.intake import Submission, submit_case
from casework.cases.workflow import change_status
from casework.channels.disclosure.policy import MORE_INFORMATION, NO_ACTION
from casework.channels.policy import CLOSED
from casework.disclosure.cycles import get_cycle, open_cycle
from casework.disclosure.review import give_advice, request_information
from casework.disclosure.roster import import_roster, read_roster
from casework.disclosure.rules import QualificationRules
from casework.disclosure.statements import file_statement
from casework.disclosure.tables import DisclosureFiler
from casework.notifications.disclosure import invite_filer, link_account
from casework.people.filer_auth import accept_filer_invitation, staff_lookup_of
from casework.people.office import set_channel_recipients
from casework.people.principals import Principal, Role
from casework.protection.workflow import determine, information_complete, refer_for_investigation
from casework.referrals.consent import Recipient
from casework.statistics.history import import_history, read_history
from casework.store.blobs import BlobStore
from casework.store.clock import today
from casework.store.db import transaction
from crypto import TEST_KDF, PrincipalKeys, derive_keys
from crypto.seedwrap import unwrap_seed
from intake_forms import get_form, validate
from intake_forms.disclosure import DISCLOSURE_FORM
from tests.conftest import PASSWORD, OfficeFixture
from tests.factories import consented_referral, receipt_secrets
from tests.mailbox import Mailbox, running_mailbox

YEAR = 2023
FILER_PASSWORD = "Vq7#pLm2xZ!rT9"
GIFT = {"gifts.0.giver": ["Supplier X"], "gifts.0.description": ["Dinner"]}

# (channel, category, logged kind, how many) for 2023: 1,294 matters.
GATEWAY_2023 = (
    ("advice", "outside_activities", 60),
    ("advice", "conflict_of_interest", 50),
    ("advice", "misconduct", 70),
    ("advice", "employment", 58),
    ("advice", "financial_disclosure", 30),
    ("advice", "other", 45),
    ("outside-activity", "yes", 100),
    ("gift", "kept", 40),
    ("retaliation-advice", "reported_misconduct", 30),
)
LOGGED_2023 = (
    ("outside_activity", "outside_activities", 23),
    ("advice", "conflict_of_interest", 32),
    ("gift", "gifts", 23),
    ("advice", "financial_disclosure", 22),
    ("retaliation", "other", 14),
    ("service", "fd_programme", 480),
    ("service", "standard_setting", 120),
    ("service", "coherence", 34),
)
TRAINING_SESSIONS = 47
TRAINING_PARTICIPANTS = 1200
PROTECTION_REQUESTS = 16
DETERMINATIONS = (
    "prima_facie",
    "prima_facie",
    "no_protected_activity",
    "no_protected_activity",
    "no_protected_activity",
    "no_causal_link",
    "no_causal_link",
)
REFERRED = 2
STATEMENTS = 1022
NOTHING = 855
REVIEWED = {NO_ACTION: 43, MORE_INFORMATION: 19, "advice_given": 105}

HISTORY = {
    2017: {
        "outside_activities": 300,
        "fd_programme": 400,
        "training": 102,
        "retaliation_advice": 10,
    },
    2018: {
        "outside_activities": 330,
        "fd_programme": 440,
        "training": 123,
        "retaliation_advice": 12,
    },
    2019: {
        "outside_activities": 350,
        "fd_programme": 470,
        "training": 131,
        "retaliation_advice": 17,
    },
    2020: {
        "outside_activities": 380,
        "fd_programme": 500,
        "training": 138,
        "retaliation_advice": 18,
        "retaliation_request": 5,
    },
    2021: {
        "outside_activities": 400,
        "fd_programme": 520,
        "training": 145,
        "retaliation_advice": 15,
        "retaliation_request": 7,
    },
    2022: {
        "outside_activities": 160,
        "conflict_of_interest": 75,
        "misconduct": 60,
        "gifts": 55,
        "employment": 50,
        "financial_disclosure": 45,
        "other": 40,
        "retaliation_advice": 35,
        "retaliation_request": 8,
        "fd_programme": 450,
        "training": 40,
        "standard_setting": 110,
        "coherence": 28,
    },
}
"""Earlier years' totals by category (2022: 1,156 matters; 2020-2022 retaliation advice
requests 18, 15, 35)."""


def history_csv() -> bytes:
    """The history file an office would import for 2017-2022."""
    lines = ["year,category,count"]
    lines += [f"{y},{c},{n}" for y, counts in HISTORY.items() for c, n in counts.items()]
    return ("\n".join(lines) + "\n").encode()


@dataclass
class ModelOffice:
    """The office's engine, its officer (id and keys) and its director."""

    engine: Engine
    officer: str
    officer_keys: PrincipalKeys
    director: str


def _day(i: int) -> date:
    return date(YEAR, 1, 1) + timedelta(days=i % 365)


def _document(form_id: str, body: dict[str, Any]) -> bytes:
    form = get_form(form_id)
    return json.dumps(
        {"form": form_id, "version": form.version, "language": "en", "answers": body}
    ).encode()


def _gateway(office: OfficeFixture, pepper: bytes, engine: Engine) -> None:
    i = 0
    for channel, category, count in GATEWAY_2023:
        with transaction(engine) as session:
            for _n in range(count):
                _receipt, secrets = receipt_secrets(office.office_salt, pepper)
                submit_case(
                    session=session,
                    submission=Submission(
                        channel,
                        get_form(channel).version,
                        category,
                        _document(channel, {"question": "..."}),
                        identity=_document(channel, {"identity_name": "A"}),
                    ),
                    reporter=secrets,
                    received_on=_day(i),
                )
                i += 1


def _logged(engine: Engine, officer: str) -> None:
    rows = [*LOGGED_2023, ("service", "training", TRAINING_SESSIONS)]
    i = 0
    with transaction(engine) as session:
        for kind, category, count in rows:
            for n in range(count):
                facts = {"kind": kind, "via": "phone"}
                if category == "training":
                    share = TRAINING_PARTICIPANTS // TRAINING_SESSIONS
                    extra = TRAINING_PARTICIPANTS % TRAINING_SESSIONS
                    facts |= {"sessions": "1", "participants": str(share + (n < extra))}
                submit_case(
                    session=session,
                    submission=Submission(
                        "logged",
                        1,
                        category,
                        _document("logged", {}),
                        facts=facts,
                        submitter_id=officer,
                    ),
                    reporter=None,
                    received_on=_day(i),
                    also_grant=[officer],
                )
                i += 1


def _protection(office: OfficeFixture, pepper: bytes, world: ModelOffice, blobs: BlobStore) -> None:
    engine = world.engine
    for n in range(PROTECTION_REQUESTS):
        _receipt, secrets = receipt_secrets(office.office_salt, pepper)
        with transaction(engine) as session:
            case, key = submit_case(
                session=session,
                submission=Submission(
                    "protection",
                    get_form("protection").version,
                    "performance_appraisal",
                    _document("protection", {"urgent_risk": "no"}),
                    identity=_document("protection", {"identity_name": "A"}),
                ),
                reporter=secrets,
                received_on=_day(20 * n),
                also_grant=[world.officer],
            )
            case_id = case.id
            if n >= len(DETERMINATIONS):
                continue
            for to in ("acknowledged", "info_requested"):
                change_status(session=session, case=case, actor_id=world.officer, to=to)
            information_complete(session=session, case=case, actor_id=world.officer, day=None)
            determine(
                session=session,
                case=case,
                case_key=key,
                actor_id=world.officer,
                reason=DETERMINATIONS[n],
                letter="We have reviewed your request.",
            )
        if n < REFERRED:
            referral = consented_referral(
                engine,
                case_id=case_id,
                case_key=key,
                reporter=secrets,
                officer_id=world.officer,
                officer_keys=world.officer_keys,
                blobs=blobs,
                recipient=Recipient.INVESTIGATIONS,
            )
            with transaction(engine) as session:
                found = session.get(Case, case_id)
                assert found is not None
                refer_for_investigation(
                    session=session, case=found, actor_id=world.officer, referral_id=referral
                )


def _roster(count: int) -> bytes:
    lines = ["staff_id,email,name,grade,role"]
    lines += [f"S{n:05d},f{n}@example.org,Filer {n},P-5,programme" for n in range(count)]
    return ("\n".join(lines) + "\n").encode()


def _filers(
    engine: Engine, pepper: bytes, director: str, box: Mailbox
) -> list[tuple[str, str, bytes]]:
    """Open the 2023 cycle, invite every filer, accept every link: (filer, principal, seed)."""
    with transaction(engine) as session:
        opened = open_cycle(
            session=session,
            year=YEAR,
            deadline=today() + timedelta(days=60),
            reminder_days=(14, 7, 1),
            rules=QualificationRules(),
            opened_by=director,
            today=today(),
        )
        cycle = get_cycle(session=session, cycle_id=opened.id)
        assert cycle is not None
        added = import_roster(
            session=session,
            pepper=pepper,
            cycle=cycle,
            rows=read_roster(_roster(STATEMENTS), cycle),
        )
        for filer in added:
            invite_filer(
                session=session,
                pepper=pepper,
                filer=filer,
                cycle=cycle,
                invited_by=director,
                smtp=box.smtp,
                gateway_url="https://gw",
            )
        filer_ids, cycle_id = [f.id for f in added], cycle.id
    tokens = [Mailbox.body(m).split("/filer/invitation/")[1].split()[0] for m in box.messages]
    enrolled = []
    with transaction(engine) as session:
        for filer_id, token in zip(filer_ids, tokens, strict=True):
            signed = accept_filer_invitation(
                session=session,
                pepper=pepper,
                token=token,
                password=FILER_PASSWORD,
                params=TEST_KDF,
            )
            link_account(
                session=session,
                staff_lookup=staff_lookup_of(signed.principal.username),
                principal_id=signed.principal.id,
            )
            enrolled.append((filer_id, signed.principal.id, signed.seed))
    return [(cycle_id, *row) for row in enrolled]  # type: ignore[misc]


def _disclosure(world: ModelOffice, pepper: bytes) -> None:
    engine = world.engine
    with running_mailbox() as box:
        enrolled = _filers(engine, pepper, world.director, box)
    outcomes = [code for code, n in REVIEWED.items() for _ in range(n)]
    with transaction(engine) as session:
        cycle = get_cycle(session=session, cycle_id=enrolled[0][0])
        assert cycle is not None
        for n, (_cycle, filer_id, principal_id, seed) in enumerate(enrolled):
            filer = session.get(DisclosureFiler, filer_id)
            principal = session.get(Principal, principal_id)
            assert filer is not None and principal is not None
            values = {} if n < NOTHING else GIFT
            statement = file_statement(
                session=session,
                cycle=cycle,
                filer=filer,
                principal=principal,
                seed=seed,
                validated=validate(DISCLOSURE_FORM, values, today=today()),
            )
            if n >= NOTHING:
                _review(session, world, statement.case_id, outcomes[n - NOTHING])


def _review(session: Any, world: ModelOffice, case_id: str, outcome: str) -> None:
    case = session.get(Case, case_id)
    if outcome == NO_ACTION:
        change_status(
            session=session, case=case, actor_id=world.officer, to=CLOSED, outcome=NO_ACTION
        )
        return
    key = case_key_for(
        session=session, case_id=case_id, principal_id=world.officer, keys=world.officer_keys
    )
    if outcome == MORE_INFORMATION:
        request_information(
            session=session,
            case=case,
            case_key=key,
            actor_id=world.officer,
            question="Who gave it?",
        )
        change_status(
            session=session, case=case, actor_id=world.officer, to=CLOSED, outcome=MORE_INFORMATION
        )
        return
    give_advice(
        session=session, case=case, case_key=key, actor_id=world.officer, advice="Return it."
    )


def build_model_office(office: OfficeFixture, pepper: bytes, blobs: BlobStore) -> ModelOffice:
    """Every matter, decision, statement and imported year of the model office."""
    officer, director = office.person("olga"), office.person("dora", Role.DIRECTOR)
    engine = office.engine
    with transaction(engine) as session:
        principal = session.get(Principal, officer.id)
        assert principal is not None
        keys = derive_keys(unwrap_seed(principal.wrapped_seed, PASSWORD))
        for channel in ("disclosure", "protection"):
            set_channel_recipients(session=session, channel=channel, principal_ids=[officer.id])
        import_history(session=session, lines=read_history(history_csv()))
    world = ModelOffice(engine, officer.id, keys, director.id)
    _gateway(office, pepper, engine)
    _logged(engine, officer.id)
    _protection(office, pepper, world, blobs)
    _disclosure(world, pepper)
    return world
