"""Every table, imported in one place so that the metadata (and Alembic) sees them all."""

from sqlmodel import SQLModel

from casework.cases import access_log, determinations, envelope, facts, messages, milestones
from casework.disclosure import tables as disclosure_tables
from casework.notifications import addresses, reminders
from casework.people import office, principals, sessions
from casework.protection import steps
from casework.referrals import consent, consent_log, recording
from casework.statistics import history

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
    addresses,
    determinations,
    steps,
    disclosure_tables,
    reminders,
    history,
)
metadata = SQLModel.metadata
