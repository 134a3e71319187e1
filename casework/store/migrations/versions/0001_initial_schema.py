"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28 00:08:50.512129
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "access_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("actor_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("detail", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("prev_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("entry_hash", sa.LargeBinary(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_log_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_access_log_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_access_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_access_log_case_id"), ["case_id"], unique=False)

    op.create_table(
        "office",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("office_salt", sa.LargeBinary(), nullable=False),
        sa.Column("recovery_public", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "principal",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("wrapped_seed", sa.LargeBinary(), nullable=False),
        sa.Column("recovery_sealed_seed", sa.LargeBinary(), nullable=False),
        sa.Column("box_public", sa.LargeBinary(), nullable=False),
        sa.Column("verify_key", sa.LargeBinary(), nullable=False),
        sa.Column("totp_ct", sa.LargeBinary(), nullable=True),
        sa.Column("totp_last_step", sa.Integer(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("password_changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("principal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_principal_username"), ["username"], unique=True)

    op.create_table(
        "case",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("acknowledged_on", sa.Date(), nullable=True),
        sa.Column("ack_due_on", sa.Date(), nullable=True),
        sa.Column("feedback_due_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("determination", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("filer_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("cycle", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("nothing_to_disclose", sa.Boolean(), nullable=True),
        sa.Column("review_outcome", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("assigned_to", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("last_activity_on", sa.Date(), nullable=False),
        sa.Column("awaiting_office", sa.Boolean(), nullable=False),
        sa.Column("shredded", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assigned_to"],
            ["principal.id"],
        ),
        sa.ForeignKeyConstraint(
            ["filer_id"],
            ["principal.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_ack_due_on"), ["ack_due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_assigned_to"), ["assigned_to"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_case_awaiting_office"), ["awaiting_office"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_case_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_channel"), ["channel"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_case_feedback_due_on"), ["feedback_due_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_case_last_activity_on"), ["last_activity_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_case_received_on"), ["received_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_status"), ["status"], unique=False)

    op.create_table(
        "channel_recipient",
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("principal_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["principal_id"],
            ["principal.id"],
        ),
        sa.PrimaryKeyConstraint("channel", "principal_id"),
    )
    op.create_table(
        "invitation",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("token_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("invited_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["invited_by"],
            ["principal.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_table(
        "case_record",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("padded_size", sa.Integer(), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("case_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_record_case_id"), ["case_id"], unique=False)

    op.create_table(
        "consent_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("recipient", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("basis", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("body_ct", sa.LargeBinary(), nullable=False),
        sa.Column("export_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("prev_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("entry_hash", sa.LargeBinary(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["principal.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consent_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consent_log_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_consent_log_recorded_on"), ["recorded_on"], unique=False
        )

    op.create_table(
        "grant",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("principal_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("sealed_key", sa.LargeBinary(), nullable=False),
        sa.Column("granted_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
        ),
        sa.ForeignKeyConstraint(
            ["granted_by"],
            ["principal.id"],
        ),
        sa.ForeignKeyConstraint(
            ["principal_id"],
            ["principal.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "principal_id"),
    )
    with op.batch_alter_table("grant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_grant_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_grant_principal_id"), ["principal_id"], unique=False)

    op.create_table(
        "message",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("author", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("author_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("internal", sa.Boolean(), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("padded_size", sa.Integer(), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["principal.id"],
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "seq"),
    )
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_message_case_id"), ["case_id"], unique=False)

    op.create_table(
        "reporter_key",
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("lookup_id", sa.LargeBinary(length=32), nullable=False),
        sa.Column("box_public", sa.LargeBinary(), nullable=False),
        sa.Column("verify_key", sa.LargeBinary(), nullable=False),
        sa.Column("sealed_case_key", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
        ),
        sa.PrimaryKeyConstraint("case_id"),
        sa.UniqueConstraint("lookup_id"),
    )
    op.create_table(
        "web_session",
        sa.Column("id", sa.LargeBinary(length=32), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("principal_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("server_half", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
        ),
        sa.ForeignKeyConstraint(
            ["principal_id"],
            ["principal.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("web_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_session_expires_at"), ["expires_at"], unique=False)

    op.create_table(
        "attachment",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("message_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("author", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("blob_name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("key_ct", sa.LargeBinary(), nullable=False),
        sa.Column("meta_ct", sa.LargeBinary(), nullable=False),
        sa.Column("padded_size", sa.Integer(), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["message.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachment_case_id"), ["case_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_case_id"))

    op.drop_table("attachment")
    with op.batch_alter_table("web_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_session_expires_at"))

    op.drop_table("web_session")
    op.drop_table("reporter_key")
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_message_case_id"))

    op.drop_table("message")
    with op.batch_alter_table("grant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grant_principal_id"))
        batch_op.drop_index(batch_op.f("ix_grant_case_id"))

    op.drop_table("grant")
    with op.batch_alter_table("consent_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_log_recorded_on"))
        batch_op.drop_index(batch_op.f("ix_consent_log_case_id"))

    op.drop_table("consent_log")
    with op.batch_alter_table("case_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_record_case_id"))

    op.drop_table("case_record")
    op.drop_table("invitation")
    op.drop_table("channel_recipient")
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_status"))
        batch_op.drop_index(batch_op.f("ix_case_received_on"))
        batch_op.drop_index(batch_op.f("ix_case_last_activity_on"))
        batch_op.drop_index(batch_op.f("ix_case_feedback_due_on"))
        batch_op.drop_index(batch_op.f("ix_case_channel"))
        batch_op.drop_index(batch_op.f("ix_case_category"))
        batch_op.drop_index(batch_op.f("ix_case_awaiting_office"))
        batch_op.drop_index(batch_op.f("ix_case_assigned_to"))
        batch_op.drop_index(batch_op.f("ix_case_ack_due_on"))

    op.drop_table("case")
    with op.batch_alter_table("principal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_principal_username"))

    op.drop_table("principal")
    op.drop_table("office")
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_log_case_id"))
        batch_op.drop_index(batch_op.f("ix_access_log_at"))
        batch_op.drop_index(batch_op.f("ix_access_log_actor_id"))
        batch_op.drop_index(batch_op.f("ix_access_log_action"))

    op.drop_table("access_log")
