"""inbox copies on grant: case metadata and one composite index per sort

Each grant row gets a copy of the case metadata the inbox filters and sorts by, and an
index ``(principal_id, <sort column>, case_id)`` per sort, so that a principal's inbox page
is one index range (casework/cases/inbox.py). The single-column ``principal_id`` index is dropped:
every composite index starts with it. Existing grants are filled from their cases; the
server defaults exist only for that backfill and are dropped again (on SQLite a column
default cannot be dropped without rebuilding the table, and every insert names the columns).

Revision ID: 0003_inbox
Revises: 0002_consent
Create Date: 2026-11-28 02:00:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003_inbox"
down_revision = "0002_consent"
branch_labels = None
depends_on = None

NO_DATE = "9999-12-31"
SORT_COLUMNS = ("received_on", "ack_due_on", "feedback_due_on", "last_activity_on")
# grant column, its type, its backfill default, the expression over "case" that fills it
COPIES = (
    ("case_channel", sqlmodel.sql.sqltypes.AutoString(length=64), "''", "channel"),
    ("case_category", sqlmodel.sql.sqltypes.AutoString(length=64), "''", "category"),
    ("case_status", sqlmodel.sql.sqltypes.AutoString(length=16), "'received'", "status"),
    ("case_received_on", sa.Date(), f"'{NO_DATE}'", "received_on"),
    ("case_acknowledged", sa.Boolean(), "false", "acknowledged_on IS NOT NULL"),
    ("case_ack_due_on", sa.Date(), f"'{NO_DATE}'", f"COALESCE(ack_due_on, '{NO_DATE}')"),
    (
        "case_feedback_due_on",
        sa.Date(),
        f"'{NO_DATE}'",
        f"COALESCE(feedback_due_on, '{NO_DATE}')",
    ),
    ("case_last_activity_on", sa.Date(), f"'{NO_DATE}'", "last_activity_on"),
    ("case_assigned_to", sqlmodel.sql.sqltypes.AutoString(length=32), None, "assigned_to"),
    ("case_shredded", sa.Boolean(), "false", "shredded"),
)


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for name, type_, default, _ in COPIES:
        op.add_column(
            "grant",
            sa.Column(
                name,
                type_,
                nullable=default is None,
                server_default=None if default is None else sa.text(default),
            ),
        )
    assignments = ", ".join(
        f'{name} = (SELECT {source} FROM "case" WHERE "case".id = "grant".case_id)'
        for name, _, _, source in COPIES
    )
    op.execute(f'UPDATE "grant" SET {assignments}')
    if postgres:
        for name, _, default, _ in COPIES:
            if default is not None:
                op.alter_column("grant", name, server_default=None)
    with op.batch_alter_table("grant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grant_principal_id"))
        for column in SORT_COLUMNS:
            batch_op.create_index(
                f"ix_grant_inbox_{column}",
                ["principal_id", f"case_{column}", "case_id"],
                unique=False,
            )


def downgrade() -> None:
    with op.batch_alter_table("grant", schema=None) as batch_op:
        for column in SORT_COLUMNS:
            batch_op.drop_index(f"ix_grant_inbox_{column}")
        batch_op.create_index(batch_op.f("ix_grant_principal_id"), ["principal_id"], unique=False)
        for name, _, _, _ in reversed(COPIES):
            batch_op.drop_column(name)
