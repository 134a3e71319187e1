"""annual report: the office's small-numbers threshold and the history of earlier years

``office.small_count_threshold`` (0: off) makes the annual report show counts under it as
"fewer than N"; ``matter_history`` holds the yearly totals per category an office counted
by hand before Confide (``confide import-history``), so the trend reaches back seven years;
two indexes on ``case`` let the report count a year's matters from an index, and one on
``case_fact (name, value, case_id)`` lets it read a logged matter's kind and the training
counts from an index.

Revision ID: 0500_annual_report
Revises: 0300_disclosure
Create Date: 2026-11-28 10:30:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0500_annual_report"
down_revision = "0400_languages"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("office") as batch:
        batch.add_column(
            sa.Column("small_count_threshold", sa.Integer(), nullable=False, server_default="0")
        )
    op.create_table(
        "matter_history",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("imported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("year", "category"),
    )
    op.create_index(
        "ix_case_channel_category_received", "case", ["channel", "category", "received_on"]
    )
    op.create_index("ix_case_channel_received", "case", ["channel", "received_on"])
    op.create_index(
        "ix_case_fact_name_value_case", "case_fact", ["name", "value", "case_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_case_fact_name_value_case", table_name="case_fact")
    op.drop_index("ix_case_channel_received", table_name="case")
    op.drop_index("ix_case_channel_category_received", table_name="case")
    op.drop_table("matter_history")
    with op.batch_alter_table("office") as batch:
        batch.drop_column("small_count_threshold")
