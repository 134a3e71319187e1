"""disclosure: drafts that survive a new invitation; indexes for the cycle page

A draft gets its own key, sealed to the filer (``filer_key``, with the public key it was
sealed to in ``sealed_to``) and to the office recovery key (``recovery_key``), so that the
director can give it back after the filer's keys change. Drafts saved before keep the three
columns empty and open as they did.

Revision ID: 0600_disclosure_drafts_and_lists
Revises: 0300_disclosure
Create Date: 2026-11-28 10:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0600_disclosure_drafts_and_lists"
down_revision = "0300_disclosure"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("disclosure_draft", schema=None) as batch_op:
        batch_op.add_column(sa.Column("filer_key", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("recovery_key", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("sealed_to", sa.LargeBinary(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("disclosure_draft", schema=None) as batch_op:
        batch_op.drop_column("sealed_to")
        batch_op.drop_column("recovery_key")
        batch_op.drop_column("filer_key")
