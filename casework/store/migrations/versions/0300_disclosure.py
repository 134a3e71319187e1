"""financial disclosure programme: cycles, filers, drafts, statements and reminders

A cycle is a year with a filing deadline, reminder days and the qualification rules it was
opened with; a filer is someone on its roster, found by a keyed hash of the staff id, with
name and email stored only encrypted.

Revision ID: 0300_disclosure
Revises: 0201_protection
Create Date: 2026-11-28 07:40:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0300_disclosure"
down_revision = "0201_protection"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "disclosure_cycle",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("reminder_days", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("rules_json", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("opened_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("opened_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("closed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["opened_by"], ["principal.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("year"),
    )
    op.create_table(
        "disclosure_filer",
        sa.Column("staff_lookup", sa.LargeBinary(length=32), nullable=False),
        sa.Column("name_ct", sa.LargeBinary(), nullable=False),
        sa.Column("email_ct", sa.LargeBinary(), nullable=False),
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("cycle_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("joined_late", sa.Boolean(), nullable=False),
        sa.Column("principal_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("invited_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("added_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["cycle_id"], ["disclosure_cycle.id"]),
        sa.ForeignKeyConstraint(["principal_id"], ["principal.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cycle_id", "staff_lookup"),
    )
    op.create_index("ix_disclosure_filer_cycle_id", "disclosure_filer", ["cycle_id"])
    op.create_index("ix_disclosure_filer_principal_id", "disclosure_filer", ["principal_id"])
    op.create_index("ix_disclosure_filer_staff_lookup", "disclosure_filer", ["staff_lookup"])
    op.create_table(
        "disclosure_draft",
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("filer_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("saved_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["filer_id"], ["disclosure_filer.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("filer_id"),
    )
    op.create_table(
        "disclosure_statement",
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("filer_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("cycle_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("nothing_to_disclose", sa.Boolean(), nullable=False),
        sa.Column("kinds", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("versions", sa.Integer(), nullable=False),
        sa.Column("first_filed_on", sa.Date(), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.ForeignKeyConstraint(["cycle_id"], ["disclosure_cycle.id"]),
        sa.ForeignKeyConstraint(["filer_id"], ["disclosure_filer.id"]),
        sa.PrimaryKeyConstraint("case_id"),
        sa.UniqueConstraint("filer_id"),
    )
    op.create_index("ix_disclosure_statement_cycle_id", "disclosure_statement", ["cycle_id"])
    op.create_index(
        "ix_disclosure_statement_nothing_to_disclose", "disclosure_statement", ["nothing_to_disclose"]
    )


    op.create_table(
        "disclosure_reminder",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("filer_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("days_before", sa.Integer(), nullable=False),
        sa.Column("sent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["filer_id"], ["disclosure_filer.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("filer_id", "days_before"),
    )
    op.create_index("ix_disclosure_reminder_filer_id", "disclosure_reminder", ["filer_id"])


def downgrade() -> None:
    op.drop_table("disclosure_reminder")
    op.drop_table("disclosure_statement")
    op.drop_table("disclosure_draft")
    op.drop_table("disclosure_filer")
    op.drop_table("disclosure_cycle")
