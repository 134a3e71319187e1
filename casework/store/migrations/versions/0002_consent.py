"""consent requests, disclosures, signed append-only consent log

The consent log becomes append-only in the database itself: triggers refuse UPDATE and
DELETE on SQLite and on PostgreSQL, so that not even a bug in the application can rewrite it.

Revision ID: 0002_consent
Revises: 0001
Create Date: 2026-11-28 00:17:11.870452
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002_consent"
down_revision = "0001"
branch_labels = None
depends_on = None

APPEND_ONLY_MESSAGE = "the consent log is append-only"
POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION consent_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}';
END;
$$ LANGUAGE plpgsql
"""


def _append_only() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_FUNCTION)
        op.execute(
            "CREATE TRIGGER consent_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE"
            " ON consent_log FOR EACH STATEMENT EXECUTE FUNCTION consent_log_append_only()"
        )
        return
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER consent_log_no_{event.lower()} BEFORE {event} ON consent_log"
            f" BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
        )


def _drop_append_only() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS consent_log_append_only ON consent_log")
        op.execute("DROP FUNCTION IF EXISTS consent_log_append_only()")
        return
    for event in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS consent_log_no_{event}")


def upgrade() -> None:
    op.create_table(
        "consent_request",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("request_ct", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["principal.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consent_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consent_request_case_id"), ["case_id"], unique=False)

    op.create_table(
        "consent_answer",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("request_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("answer_ct", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["consent_request.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consent_answer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consent_answer_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "disclosure",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("recipient", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("basis", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("consent_request_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("consent_mac", sa.LargeBinary(), nullable=True),
        sa.Column("consent_signature", sa.LargeBinary(), nullable=True),
        sa.Column("body_ct", sa.LargeBinary(), nullable=False),
        sa.Column("export_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
        ),
        sa.ForeignKeyConstraint(
            ["consent_request_id"],
            ["consent_request.id"],
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["principal.id"],
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["consent_log.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("disclosure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disclosure_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_disclosure_status"), ["status"], unique=False)

    with op.batch_alter_table("consent_log", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "disclosure_id",
                sqlmodel.sql.sqltypes.AutoString(length=32),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(
            sa.Column("approved_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "consent_request_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True
            )
        )
        batch_op.add_column(sa.Column("consent_mac", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("consent_signature", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("approval_signature", sa.LargeBinary(), nullable=True))
        batch_op.create_index(batch_op.f("ix_consent_log_basis"), ["basis"], unique=False)
        batch_op.create_index(batch_op.f("ix_consent_log_recipient"), ["recipient"], unique=False)
        batch_op.create_foreign_key(
            "fk_consent_log_approved_by", "principal", ["approved_by"], ["id"]
        )

    _append_only()


def downgrade() -> None:
    _drop_append_only()
    with op.batch_alter_table("consent_log", schema=None) as batch_op:
        batch_op.drop_constraint("fk_consent_log_approved_by", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_consent_log_recipient"))
        batch_op.drop_index(batch_op.f("ix_consent_log_basis"))
        batch_op.drop_column("approval_signature")
        batch_op.drop_column("consent_signature")
        batch_op.drop_column("consent_mac")
        batch_op.drop_column("consent_request_id")
        batch_op.drop_column("approved_by")
        batch_op.drop_column("disclosure_id")

    with op.batch_alter_table("disclosure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disclosure_status"))
        batch_op.drop_index(batch_op.f("ix_disclosure_case_id"))

    op.drop_table("disclosure")
    with op.batch_alter_table("consent_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_answer_request_id"))

    op.drop_table("consent_answer")
    with op.batch_alter_table("consent_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_request_case_id"))

    op.drop_table("consent_request")
