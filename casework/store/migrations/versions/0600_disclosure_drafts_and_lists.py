"""disclosure: drafts that survive a new invitation; indexes for the cycle page

A draft gets its own key, sealed to the filer (``filer_key``, with the public key it was
sealed to in ``sealed_to``) and to the office recovery key (``recovery_key``), so that the
director can give it back after the filer's keys change. Drafts saved before keep the three
columns empty and open as they did.

The cycle page's counts, lists and statistics are answered from covering indexes (the
filer's cycle, due date, id, account and invitation; a cycle's statements with their flag
and kinds); the single-column cycle indexes they start with are dropped.

Revision ID: 0600_disclosure_drafts_and_lists
Revises: 0300_disclosure
Create Date: 2026-11-28 10:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0600_disclosure_drafts_and_lists"
down_revision = "0500_annual_report"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("disclosure_draft", schema=None) as batch_op:
        batch_op.add_column(sa.Column("filer_key", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("recovery_key", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("sealed_to", sa.LargeBinary(length=32), nullable=True))
    op.create_index(
        "ix_disclosure_filer_cycle_order",
        "disclosure_filer",
        ["cycle_id", "due_on", "id", "principal_id", "invited_at"],
    )
    op.drop_index("ix_disclosure_filer_cycle_id", table_name="disclosure_filer")
    op.create_index(
        "ix_disclosure_statement_cycle_figures",
        "disclosure_statement",
        ["cycle_id", "case_id", "nothing_to_disclose", "kinds"],
    )
    op.drop_index("ix_disclosure_statement_cycle_id", table_name="disclosure_statement")


def downgrade() -> None:
    op.create_index("ix_disclosure_statement_cycle_id", "disclosure_statement", ["cycle_id"])
    op.drop_index("ix_disclosure_statement_cycle_figures", table_name="disclosure_statement")
    op.create_index("ix_disclosure_filer_cycle_id", "disclosure_filer", ["cycle_id"])
    op.drop_index("ix_disclosure_filer_cycle_order", table_name="disclosure_filer")
    with op.batch_alter_table("disclosure_draft", schema=None) as batch_op:
        batch_op.drop_column("sealed_to")
        batch_op.drop_column("recovery_key")
        batch_op.drop_column("filer_key")
