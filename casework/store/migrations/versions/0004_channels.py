"""channel policies: generic due dates, milestones and clear facts; other channels' columns off case

The case keeps only what every channel shares. ``feedback_due_on`` (the EU Directive's
feedback deadline, a report-channel notion) becomes ``due_on``, the next deadline of the
case's channel policy, named by the new ``due_rule`` (backfilled ``feedback`` wherever a
date is set: until now every case was a report). ``filer_id`` becomes ``submitter_id`` (the
signed-in principal who submitted, any channel). ``determination``, ``cycle``,
``nothing_to_disclose`` and ``review_outcome`` belong to channels that will have their own
tables; nothing has ever written them, and the upgrade refuses to run (losing nothing) if a
row holds a value. New tables: ``case_milestone`` (dated events deadlines run from) and
``case_fact`` (answers a channel keeps in the clear for the statistics).

Revision ID: 0004_channels
Revises: 0003_inbox
Create Date: 2026-11-28 07:30:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004_channels"
down_revision = "0003_inbox"
branch_labels = None
depends_on = None

MOVED_OFF_CASE = ("determination", "cycle", "nothing_to_disclose", "review_outcome")
NO_DATE = "9999-12-31"


def _refuse_if_used() -> None:
    bind = op.get_bind()
    used = " OR ".join(f"{name} IS NOT NULL" for name in MOVED_OFF_CASE)
    count = bind.exec_driver_sql(f'SELECT COUNT(*) FROM "case" WHERE {used}').scalar()
    if count:
        raise RuntimeError(
            f"{count} cases hold values in {', '.join(MOVED_OFF_CASE)}: move them to their"
            " channel's table before upgrading"
        )


def upgrade() -> None:
    _refuse_if_used()
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_feedback_due_on"))
        batch_op.alter_column("feedback_due_on", new_column_name="due_on")
        batch_op.alter_column("filer_id", new_column_name="submitter_id")
        batch_op.add_column(
            sa.Column(
                "due_rule",
                sqlmodel.sql.sqltypes.AutoString(length=32),
                nullable=False,
                server_default="",
            )
        )
        for name in MOVED_OFF_CASE:
            batch_op.drop_column(name)
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_due_on"), ["due_on"], unique=False)
    op.execute("""UPDATE "case" SET due_rule = 'feedback' WHERE due_on IS NOT NULL""")
    with op.batch_alter_table("grant", schema=None) as batch_op:
        batch_op.drop_index("ix_grant_inbox_feedback_due_on")
        batch_op.alter_column("case_feedback_due_on", new_column_name="case_due_on")
    with op.batch_alter_table("grant", schema=None) as batch_op:
        batch_op.create_index(
            "ix_grant_inbox_due_on", ["principal_id", "case_due_on", "case_id"], unique=False
        )
    op.create_table(
        "case_milestone",
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.PrimaryKeyConstraint("case_id", "name"),
    )
    op.create_table(
        "case_fact",
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.PrimaryKeyConstraint("case_id", "name"),
    )
    with op.batch_alter_table("case_fact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_fact_value"), ["value"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("case_fact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_fact_value"))
    op.drop_table("case_fact")
    op.drop_table("case_milestone")
    with op.batch_alter_table("grant", schema=None) as batch_op:
        batch_op.drop_index("ix_grant_inbox_due_on")
        batch_op.alter_column("case_due_on", new_column_name="case_feedback_due_on")
    with op.batch_alter_table("grant", schema=None) as batch_op:
        batch_op.create_index(
            "ix_grant_inbox_feedback_due_on",
            ["principal_id", "case_feedback_due_on", "case_id"],
            unique=False,
        )
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_due_on"))
        batch_op.add_column(sa.Column("review_outcome", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("nothing_to_disclose", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("cycle", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("determination", sa.String(length=64), nullable=True))
        batch_op.drop_column("due_rule")
        batch_op.alter_column("submitter_id", new_column_name="filer_id")
        batch_op.alter_column("due_on", new_column_name="feedback_due_on")
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_feedback_due_on"), ["feedback_due_on"], unique=False
        )
