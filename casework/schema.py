"""Every table, imported in one place so that the metadata (and Alembic) sees them all."""

from sqlmodel import SQLModel

from casework.cases import access_log, envelope, facts, messages, milestones
from casework.channels.disclosure import cycles, filers, reminders, statements
from casework.people import office, principals, sessions
from casework.referrals import consent, consent_log, recording

TABLE_MODULES = (
    office,
    principals,
    envelope,
    milestones,
    facts,
    messages,
    sessions,
    access_log,
    consent,
    consent_log,
    recording,
    cycles,
    filers,
    statements,
    reminders,
)
metadata = SQLModel.metadata
