"""Matters for the annual report benchmark: one year of 100,000, and six years before it.

The report reads clear metadata only, so only what it reads is written, in bulk with
SQLAlchemy core, in the shapes the real interfaces write: ``case`` rows of every channel in
the model office's proportions (advice, outside activities, gifts, retaliation advice and
formal requests, matters an officer logs with their ``kind`` fact, training with its
counts, reports), determinations and referrals on the formal requests, and a disclosure
cycle of the report's year with its filers and statements (a statement is a case of the
``disclosure`` channel). Ciphertext, grants and receipts play no part in the report and are
left out (:mod:`bench.office` seeds those for the inbox).
"""

from __future__ import annotations

import random
import secrets
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.engine import Engine

from casework.cases.determinations import CaseDetermination
from casework.cases.envelope import Case
from casework.cases.facts import ClearFact
from casework.disclosure.tables import DisclosureCycle, DisclosureFiler, DisclosureStatement
from casework.protection.steps import ProtectionStep
from intake_forms.advice import ADVICE_TOPICS

BATCH = 5000
TOPICS = [t.value for t in ADVICE_TOPICS]
SERVICES = (("fd_programme", 480), ("training", 47), ("standard_setting", 120), ("coherence", 34))
REPORT_CATEGORIES = ("fraud", "misuse", "abuse", "harassment", "conflict", "other")
# (channel, weight) in the model office's proportions of 2023 (per 1,294 matters).
CHANNELS = (
    ("advice", 313),
    ("outside-activity", 100),
    ("gift", 40),
    ("retaliation-advice", 30),
    ("protection", 16),
    ("logged", 795),
    ("report", 40),
)
LOGGED_KINDS = (
    ("advice", 100),
    ("outside_activity", 23),
    ("gift", 23),
    ("retaliation", 14),
    ("service", 681),
)


def _category(rng: random.Random, channel: str, kind: str | None) -> str:
    if channel in ("advice",) or kind in ("advice",):
        return rng.choice(TOPICS)
    if channel == "report":
        return rng.choice(REPORT_CATEGORIES)
    if kind == "service":
        return rng.choices([c for c, _ in SERVICES], weights=[w for _, w in SERVICES])[0]
    return "other"


def _matter(
    rng: random.Random, year: int, officer: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    channel = rng.choices([c for c, _ in CHANNELS], weights=[w for _, w in CHANNELS])[0]
    kind = None
    if channel == "logged":
        kind = rng.choices([k for k, _ in LOGGED_KINDS], weights=[w for _, w in LOGGED_KINDS])[0]
    received = date(year, 1, 1) + timedelta(days=rng.randrange(365))
    closed = rng.random() < 0.8
    case_id = secrets.token_hex(16)
    category = _category(rng, channel, kind)
    case = {
        "id": case_id,
        "channel": channel,
        "form_version": 1,
        "category": category,
        "status": "closed" if closed else "received",
        "received_on": received,
        "acknowledged_on": None,
        "ack_due_on": None,
        "due_on": None,
        "due_rule": "",
        "closed_on": received + timedelta(days=20) if closed else None,
        "outcome": (
            "advice_given" if channel != "report" else rng.choice(("substantiated", "no_action"))
        )
        if closed
        else None,
        "submitter_id": officer if channel == "logged" else None,
        "assigned_to": None,
        "last_activity_on": received,
        "awaiting_office": False,
        "shredded": False,
    }
    facts = []
    if kind is not None:
        facts.append({"case_id": case_id, "name": "kind", "value": kind})
        facts.append({"case_id": case_id, "name": "via", "value": "phone"})
        if category == "training":
            facts.append({"case_id": case_id, "name": "sessions", "value": "1"})
            facts.append(
                {"case_id": case_id, "name": "participants", "value": str(rng.randint(5, 60))}
            )
    return case, facts


def _decisions(engine: Engine, officer: str, year: int) -> None:
    with engine.begin() as connection:
        ids = [
            r[0]
            for r in connection.execute(
                text(
                    "SELECT id FROM \"case\" WHERE channel = 'protection'"
                    " AND received_on BETWEEN :a AND :b"
                ),
                {"a": date(year, 1, 1), "b": date(year, 12, 31)},
            )
        ]
        reasons = ("no_protected_activity", "no_causal_link", "prima_facie")
        rows = [
            {
                "id": secrets.token_hex(16),
                "case_id": i,
                "code": "preliminary_review",
                "reason": reasons[n % 3],
                "decided_on": date(year, 12, 31),
                "decided_by": officer,
            }
            for n, i in enumerate(ids[: len(ids) // 2])
        ]
        if rows:
            connection.execute(insert(CaseDetermination.__table__), rows)  # type: ignore[attr-defined]
        steps = [
            {
                "id": secrets.token_hex(16),
                "case_id": r["case_id"],
                "kind": "referral",
                "day": date(year, 12, 31),
                "recorded_by": officer,
                "referral_id": None,
                "record_id": None,
                "result": "",
                "result_on": None,
            }
            for r in rows
            if r["reason"] == "prima_facie"
        ]
        if steps:
            connection.execute(insert(ProtectionStep.__table__), steps)  # type: ignore[attr-defined]


def _cycle(engine: Engine, officer: str, year: int, statements: int, rng: random.Random) -> None:
    cycle_id = secrets.token_hex(16)
    now = datetime.now(UTC)
    with engine.begin() as connection:
        connection.execute(
            insert(DisclosureCycle.__table__),
            [
                {  # type: ignore[attr-defined]
                    "id": cycle_id,
                    "year": year,
                    "deadline": date(year, 5, 1),
                    "reminder_days": "14,7,1",
                    "rules_json": "{}",
                    "status": "closed",
                    "opened_by": officer,
                    "opened_at": now,
                    "closed_at": now,
                }
            ],
        )
        for start in range(0, statements, BATCH):
            filers, cases, rows = [], [], []
            for _ in range(min(BATCH, statements - start)):
                filer_id, case_id = secrets.token_hex(16), secrets.token_hex(16)
                nothing = rng.random() < 0.84
                filers.append(
                    {
                        "id": filer_id,
                        "cycle_id": cycle_id,
                        "staff_lookup": secrets.token_bytes(32),
                        "name_ct": b"x",
                        "email_ct": b"x",
                        "due_on": date(year, 5, 1),
                        "joined_late": False,
                        "principal_id": None,
                        "invited_at": None,
                        "added_at": now,
                    }
                )
                outcome = (
                    None
                    if nothing
                    else rng.choice(("no_action", "more_information", "advice_given"))
                )
                cases.append(
                    {
                        "id": case_id,
                        "channel": "disclosure",
                        "form_version": 1,
                        "category": "",
                        "status": "closed" if outcome else "received",
                        "received_on": date(year, 4, 1),
                        "acknowledged_on": None,
                        "ack_due_on": None,
                        "due_on": None,
                        "due_rule": "",
                        "closed_on": None,
                        "outcome": outcome,
                        "submitter_id": None,
                        "assigned_to": None,
                        "last_activity_on": date(year, 4, 1),
                        "awaiting_office": False,
                        "shredded": False,
                    }
                )
                rows.append(
                    {
                        "case_id": case_id,
                        "filer_id": filer_id,
                        "cycle_id": cycle_id,
                        "nothing_to_disclose": nothing,
                        "kinds": "" if nothing else "gifts",
                        "versions": 1,
                        "first_filed_on": date(year, 4, 1),
                        "filed_on": date(year, 4, 1),
                    }
                )
            connection.execute(insert(DisclosureFiler.__table__), filers)  # type: ignore[attr-defined]
            connection.execute(insert(Case.__table__), cases)  # type: ignore[attr-defined]
            connection.execute(insert(DisclosureStatement.__table__), rows)  # type: ignore[attr-defined]


def seed_matters(
    engine: Engine,
    officer: str,
    *,
    year: int,
    matters: int,
    earlier: int,
    statements: int,
    seed: int = 12,
) -> None:
    """``matters`` in ``year``, ``earlier`` spread over the six years before, a cycle."""
    rng = random.Random(seed)
    plan = [(year, matters)] + [(year - back, earlier // 6) for back in range(1, 7)]
    for when, count in plan:
        for start in range(0, count, BATCH):
            pairs = [_matter(rng, when, officer) for _ in range(min(BATCH, count - start))]
            with engine.begin() as connection:
                connection.execute(insert(Case.__table__), [c for c, _f in pairs])  # type: ignore[attr-defined]
                facts = [f for _c, fs in pairs for f in fs]
                if facts:
                    connection.execute(insert(ClearFact.__table__), facts)  # type: ignore[attr-defined]
    _decisions(engine, officer, year)
    _decisions(engine, officer, year - 1)
    _cycle(engine, officer, year, statements, rng)
    # What autovacuum does after a bulk load on PostgreSQL: statistics, and the visibility
    # map that lets the report count from its index alone.
    command = "VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"
    with engine.connect() as plain:
        plain.execution_options(isolation_level="AUTOCOMMIT").execute(text(command))
