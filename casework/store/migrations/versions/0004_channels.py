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


def _rename(table: str, old: str, new: str) -> None:
    # Native on SQLite (>= 3.25) and PostgreSQL: no table rebuild, so rows that other
    # tables reference never leave (a rebuilt "case" would trip their foreign keys).
    op.execute(f'ALTER TABLE "{table}" RENAME COLUMN {old} TO {new}')


def upgrade() -> None:
    _refuse_if_used()
    op.drop_index("ix_case_feedback_due_on", table_name="case")
    _rename("case", "feedback_due_on", "due_on")
    _rename("case", "filer_id", "submitter_id")
    op.add_column(
        "case",
        sa.Column(
            "due_rule",
            sqlmodel.sql.sqltypes.AutoString(length=32),
            nullable=False,
            server_default="",
        ),
    )
    for name in MOVED_OFF_CASE:  # none is indexed or a key: a native DROP COLUMN
        op.execute(f'ALTER TABLE "case" DROP COLUMN {name}')
    op.create_index("ix_case_due_on", "case", ["due_on"], unique=False)
    op.execute("""UPDATE "case" SET due_rule = 'feedback' WHERE due_on IS NOT NULL""")
    op.drop_index("ix_grant_inbox_feedback_due_on", table_name="grant")
    _rename("grant", "case_feedback_due_on", "case_due_on")
    op.create_index(
        "ix_grant_inbox_due_on", "grant", ["principal_id", "case_due_on", "case_id"], unique=False
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
    op.create_index("ix_case_fact_value", "case_fact", ["value"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_case_fact_value", table_name="case_fact")
    op.drop_table("case_fact")
    op.drop_table("case_milestone")
    op.drop_index("ix_grant_inbox_due_on", table_name="grant")
    _rename("grant", "case_due_on", "case_feedback_due_on")
    op.create_index(
        "ix_grant_inbox_feedback_due_on",
        "grant",
        ["principal_id", "case_feedback_due_on", "case_id"],
        unique=False,
    )
    op.drop_index("ix_case_due_on", table_name="case")
    op.add_column("case", sa.Column("review_outcome", sa.String(length=64), nullable=True))
    op.add_column("case", sa.Column("nothing_to_disclose", sa.Boolean(), nullable=True))
    op.add_column("case", sa.Column("cycle", sa.String(length=16), nullable=True))
    op.add_column("case", sa.Column("determination", sa.String(length=64), nullable=True))
    op.execute('ALTER TABLE "case" DROP COLUMN due_rule')
    _rename("case", "submitter_id", "filer_id")
    _rename("case", "due_on", "feedback_due_on")
    op.create_index("ix_case_feedback_due_on", "case", ["feedback_due_on"], unique=False)
