"""notifications: staff e-mail addresses and the sent reminders digests

``staff_address`` holds one address per staff principal (the only clear contact detail
Confide keeps, and only for staff); ``digest_sent`` records that a principal's daily
reminders digest went out on a day, which is what makes ``confide reminders`` idempotent.

Revision ID: 0200_notifications
Revises: 0005_referrals
Create Date: 2026-11-28 07:40:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0200_notifications"
down_revision = "0006_log_seals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_address",
        sa.Column("principal_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.ForeignKeyConstraint(["principal_id"], ["principal.id"]),
        sa.PrimaryKeyConstraint("principal_id"),
    )
    op.create_table(
        "digest_sent",
        sa.Column("principal_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["principal_id"], ["principal.id"]),
        sa.PrimaryKeyConstraint("principal_id", "day"),
    )


def downgrade() -> None:
    op.drop_table("digest_sent")
    op.drop_table("staff_address")
