"""Every table, imported in one place so that the metadata (and Alembic) sees them all."""

from sqlmodel import SQLModel

from . import (
    access_log,
    cases,
    consent,
    consent_log,
    disclosures,
    messages,
    office,
    principals,
    web_sessions,
)

TABLE_MODULES = (
    office,
    principals,
    cases,
    messages,
    web_sessions,
    access_log,
    consent,
    consent_log,
    disclosures,
)
metadata = SQLModel.metadata
