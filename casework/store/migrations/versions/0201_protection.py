"""determinations and the steps of a request for protection

``case_determination``: a determination a channel's policy declares, with its reason code
(clear metadata: codes, day, who). ``protection_step``: a referral for investigation, an
interim measure or an Ethics Panel review request on a request for protection; a referral
and an interim measure involving anyone outside the office point to their referral (its
consent-log entry), an interim measure's text is a sealed case record.

Revision ID: 0201_protection
Revises: 0200_notifications
Create Date: 2026-11-28 08:00:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0201_protection"
down_revision = "0200_notifications"
branch_labels = None
depends_on = None


def _id(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=32), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "case_determination",
        _id("id"),
        _id("case_id"),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        _id("decided_by"),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.ForeignKeyConstraint(["decided_by"], ["principal.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("case_determination", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_determination_case_id"), ["case_id"], unique=False
        )
    op.create_table(
        "protection_step",
        _id("id"),
        _id("case_id"),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        _id("recorded_by"),
        _id("referral_id", nullable=True),
        _id("record_id", nullable=True),
        sa.Column("result", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("result_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.ForeignKeyConstraint(["recorded_by"], ["principal.id"]),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"]),
        sa.ForeignKeyConstraint(["record_id"], ["case_record.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("protection_step", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_protection_step_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("protection_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_step_case_id"))
    op.drop_table("protection_step")
    with op.batch_alter_table("case_determination", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_determination_case_id"))
    op.drop_table("case_determination")
