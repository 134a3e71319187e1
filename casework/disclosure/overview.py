"""Where a cycle stands: each filer's state, the counts, and a filer's own cycles.

A filer is in exactly one state (:class:`FilerState`), worked out from clear metadata only:
whether they were invited, have an account, have a draft (its existence, not its content),
filed, and when against their own due date. One query reads a cycle's filers with their
draft and statement (outer joins, indexed by cycle), so the cycle page costs one pass over
the cycle's filers whatever their states.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from casework.disclosure.tables import (
    DisclosureCycle,
    DisclosureDraft,
    DisclosureFiler,
    DisclosureStatement,
)
from casework.store.clock import today


class FilerState(enum.StrEnum):
    """Where one filer of a cycle stands (the compliance page's columns, in order)."""

    NOT_INVITED = "not_invited"
    INVITED = "invited"
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    FILED = "filed"
    LATE = "late"
    NON_COMPLIANT = "non_compliant"


STATE_LABELS = {
    FilerState.NOT_INVITED: "Not invited yet",
    FilerState.INVITED: "Invited, no account yet",
    FilerState.NOT_STARTED: "Not started",
    FilerState.DRAFT: "Draft",
    FilerState.FILED: "Filed on time",
    FilerState.LATE: "Filed late",
    FilerState.NON_COMPLIANT: "Past due, not filed",
}
UNFILED = frozenset(
    {
        FilerState.NOT_INVITED,
        FilerState.INVITED,
        FilerState.NOT_STARTED,
        FilerState.DRAFT,
        FilerState.NON_COMPLIANT,
    }
)


@dataclass(frozen=True, slots=True)
class FilerStatus:
    """One filer's row of the cycle page (clear metadata only)."""

    filer: DisclosureFiler
    state: FilerState
    statement: DisclosureStatement | None


def state_of(
    filer: DisclosureFiler, has_draft: bool, statement: DisclosureStatement | None, on: date
) -> FilerState:
    """The state of one filer on day ``on``."""
    if statement is not None:
        return FilerState.LATE if statement.first_filed_on > filer.due_on else FilerState.FILED
    if filer.due_on < on:
        return FilerState.NON_COMPLIANT
    if has_draft:
        return FilerState.DRAFT
    if filer.principal_id is not None:
        return FilerState.NOT_STARTED
    return FilerState.INVITED if filer.invited_at is not None else FilerState.NOT_INVITED


def cycle_statuses(*, session: Session, cycle_id: str, on: date | None = None) -> list[FilerStatus]:
    """Every filer of the cycle with their state, in roster order."""
    on = on or today()
    query = (
        select(DisclosureFiler, DisclosureDraft.id, DisclosureStatement)
        .outerjoin(DisclosureDraft, col(DisclosureDraft.filer_id) == DisclosureFiler.id)
        .outerjoin(DisclosureStatement, col(DisclosureStatement.filer_id) == DisclosureFiler.id)
        .where(DisclosureFiler.cycle_id == cycle_id)
        .order_by(col(DisclosureFiler.added_at), col(DisclosureFiler.id))
    )
    return [
        FilerStatus(filer, state_of(filer, draft_id is not None, statement, on), statement)
        for filer, draft_id, statement in session.exec(query)
    ]


def state_counts(statuses: list[FilerStatus]) -> dict[FilerState, int]:
    """How many filers are in each state (every state listed, zeros included)."""
    counted = Counter(s.state for s in statuses)
    return {state: counted.get(state, 0) for state in FilerState}


@dataclass(frozen=True, slots=True)
class OwnCycle:
    """A cycle as the filer sees it on their home page."""

    cycle: DisclosureCycle
    filer: DisclosureFiler
    state: FilerState
    statement: DisclosureStatement | None


def filer_cycles(*, session: Session, principal_id: str) -> list[OwnCycle]:
    """The cycles a signed-in filer is on, newest first, with where each stands."""
    query = (
        select(DisclosureFiler, DisclosureCycle, DisclosureDraft.id, DisclosureStatement)
        .join(DisclosureCycle, col(DisclosureCycle.id) == DisclosureFiler.cycle_id)
        .outerjoin(DisclosureDraft, col(DisclosureDraft.filer_id) == DisclosureFiler.id)
        .outerjoin(DisclosureStatement, col(DisclosureStatement.filer_id) == DisclosureFiler.id)
        .where(DisclosureFiler.principal_id == principal_id)
        .order_by(col(DisclosureCycle.year).desc())
    )
    on = today()
    return [
        OwnCycle(cycle, filer, state_of(filer, draft_id is not None, statement, on), statement)
        for filer, cycle, draft_id, statement in session.exec(query)
    ]
