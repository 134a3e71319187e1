"""Clear facts: the answers a channel declares as clear metadata, kept for the statistics.

A form marks a field ``clear`` (a topic, a kind of request, a "nothing to disclose" flag)
and its channel's policy lists it in ``clear_fields``; at submission each such answer is
stored here as a row, in the clear, beside the sealed answers. The category is the one
clear fact every channel shares, so it is a column of the case instead. Only enumerated
values (choices, yes/no, numbers) may be clear: the form refuses a free-text clear field.
"""

from collections.abc import Mapping

from sqlalchemy import Index
from sqlmodel import Field, Session, SQLModel, select


class ClearFact(SQLModel, table=True):
    """One clear answer of a case (a name from its policy, an enumerated value)."""

    __tablename__ = "case_fact"
    # The annual report finds the few matters with a given fact (a logged matter's kind)
    # and sums the training counts from this index alone, never a scan of the facts.
    __table_args__ = (Index("ix_case_fact_name_value_case", "name", "value", "case_id"),)

    case_id: str = Field(foreign_key="case.id", primary_key=True, max_length=32)
    name: str = Field(primary_key=True, max_length=32)
    value: str = Field(max_length=64, index=True)


def add_facts(*, session: Session, case_id: str, facts: Mapping[str, str]) -> None:
    """Store the clear facts of a new case."""
    for name, value in facts.items():
        session.add(ClearFact(case_id=case_id, name=name, value=value))


def facts_of(*, session: Session, case_id: str) -> dict[str, str]:
    """The clear facts of one case, by name."""
    rows = session.exec(select(ClearFact).where(ClearFact.case_id == case_id))
    return {row.name: row.value for row in rows}
