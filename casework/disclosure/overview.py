"""Where a cycle stands: each filer's state, the counts, and a filer's own cycles.

A filer is in exactly one state (:class:`FilerState`), worked out from clear metadata only:
whether they were invited, have an account, have a draft (its existence, not its content),
filed, and when against their own due date. The rule is one SQL expression
(:func:`state_expression`), so the cycle page's counts are one grouped query and its lists
one filtered page of a fixed order (:data:`LIST_ORDER`), whatever the number of filers.

A list is ordered by what the database can sort without opening anything, in the order of
the index it reads (``ix_disclosure_filer_cycle_order``): the due date (earliest first, so
late joiners come last), then the filer row's id as a stable tie-break, so a page deep in
the list walks the index rather than sorting the cycle. Names are sealed, so they cannot be
the sort key (an order-preserving key would give away the names' order); the names of one
page are opened together by the caller (:func:`casework.disclosure.filers.contacts_of`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, literal, tuple_
from sqlmodel import Session, col, select

from casework.disclosure.tables import (
    DisclosureCycle,
    DisclosureDraft,
    DisclosureFiler,
    DisclosureStatement,
)
from casework.store.clock import today
from casework.store.ids import ID_CHARS
from intake_forms.languages import N_


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
    FilerState.NOT_INVITED: N_("Not invited yet"),
    FilerState.INVITED: N_("Invited, no account yet"),
    FilerState.NOT_STARTED: N_("Not started"),
    FilerState.DRAFT: N_("Draft"),
    FilerState.FILED: N_("Filed on time"),
    FilerState.LATE: N_("Filed late"),
    FilerState.NON_COMPLIANT: N_("Past due, not filed"),
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


def state_expression(on: date) -> Any:
    """A filer's state on day ``on`` as one SQL expression (the rule, said once).

    Filed (on time, or late against the filer's own due date) wins; otherwise past due is
    non-compliant; otherwise a draft, an account, or an invitation says how far they got.
    Used by the counts, the lists and the filer's home page alike, so the database works
    out every state and the cycle page never loads a row per filer to count them.
    """
    return case(
        (
            col(DisclosureStatement.filer_id).is_not(None),
            case(
                (col(DisclosureStatement.first_filed_on) > col(DisclosureFiler.due_on), "late"),
                else_="filed",
            ),
        ),
        (col(DisclosureFiler.due_on) < on, "non_compliant"),
        (col(DisclosureDraft.filer_id).is_not(None), "draft"),
        (col(DisclosureFiler.principal_id).is_not(None), "not_started"),
        (col(DisclosureFiler.invited_at).is_not(None), "invited"),
        else_="not_invited",
    )


def _with_state(query: Any) -> Any:
    """``query`` over the filers, joined to what their state is worked out from."""
    return (
        query.select_from(DisclosureFiler)
        .outerjoin(DisclosureDraft, col(DisclosureDraft.filer_id) == DisclosureFiler.id)
        .outerjoin(DisclosureStatement, col(DisclosureStatement.filer_id) == DisclosureFiler.id)
    )


LIST_ORDER = (col(DisclosureFiler.due_on), col(DisclosureFiler.id))
"""The order of every list of filers: due date, then a stable tie-break (an index's order)."""


@dataclass(frozen=True, slots=True)
class Cursor:
    """A place in :data:`LIST_ORDER`: the rows after it (or before it, ``backwards``)."""

    due_on: date
    filer_id: str
    backwards: bool = False

    def __str__(self) -> str:
        """As carried in a link: ``2026-12-31.<filer id>``."""
        return f"{self.due_on.isoformat()}.{self.filer_id}"

    @classmethod
    def parse(cls, text: str, *, backwards: bool = False) -> Cursor | None:
        """Read a cursor from a link (None for anything malformed)."""
        day, _, filer_id = text[:80].partition(".")
        if len(filer_id) != ID_CHARS or not all(c in "0123456789abcdef" for c in filer_id):
            return None
        try:
            return cls(date.fromisoformat(day), filer_id, backwards)
        except ValueError:
            return None


def cycle_statuses(
    *,
    session: Session,
    cycle_id: str,
    on: date | None = None,
    state: FilerState | None = None,
    limit: int | None = None,
    offset: int = 0,
    cursor: Cursor | None = None,
) -> list[FilerStatus]:
    """The filers of the cycle (one state; ``limit`` of them) in :data:`LIST_ORDER`.

    With a ``cursor`` the page starts right after it (or ends right before it), a range
    seek on the index whatever the page's depth; ``offset`` serves a page asked for by
    number alone.
    """
    on = on or today()
    state_column = state_expression(on)
    query = _with_state(select(DisclosureFiler, DisclosureStatement, state_column))
    query = query.where(DisclosureFiler.cycle_id == cycle_id)
    if state is not None:
        query = query.where(state_column == state.value)
    order = [column.asc() for column in LIST_ORDER]
    if cursor is not None:
        position = tuple_(*LIST_ORDER)
        place = tuple_(literal(cursor.due_on), literal(cursor.filer_id))
        query = query.where(position < place if cursor.backwards else position > place)
        order = [column.desc() for column in LIST_ORDER] if cursor.backwards else order
    query = query.order_by(*order).offset(offset or None).limit(limit)
    found = [
        FilerStatus(filer, FilerState(value), statement)
        for filer, statement, value in session.exec(query)
    ]
    return found[::-1] if cursor is not None and cursor.backwards else found


def state_counts(
    *, session: Session, cycle_id: str, on: date | None = None
) -> dict[FilerState, int]:
    """How many filers of the cycle are in each state (every state listed, zeros included)."""
    state_column = state_expression(on or today())
    query = _with_state(select(state_column, func.count()))
    query = query.where(DisclosureFiler.cycle_id == cycle_id).group_by(state_column)
    counted = {value: int(n) for value, n in session.exec(query)}
    return {state: counted.get(state.value, 0) for state in FilerState}


@dataclass(frozen=True, slots=True)
class OwnCycle:
    """A cycle as the filer sees it on their home page."""

    cycle: DisclosureCycle
    filer: DisclosureFiler
    state: FilerState
    statement: DisclosureStatement | None


def filer_cycles(*, session: Session, principal_id: str) -> list[OwnCycle]:
    """The cycles a signed-in filer is on, newest first, with where each stands."""
    on = today()
    query = _with_state(
        select(DisclosureFiler, DisclosureCycle, DisclosureStatement, state_expression(on))
    )
    query = (
        query.join(DisclosureCycle, col(DisclosureCycle.id) == DisclosureFiler.cycle_id)
        .where(DisclosureFiler.principal_id == principal_id)
        .order_by(col(DisclosureCycle.year).desc())
    )
    return [
        OwnCycle(cycle, filer, FilerState(value), statement)
        for filer, cycle, statement, value in session.exec(query)
    ]
