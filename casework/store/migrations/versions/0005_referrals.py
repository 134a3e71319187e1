"""referrals are called referrals: table disclosure -> referral, consent_log.disclosure_id -> referral_id

"Disclosure" is kept for a filer's financial disclosure statement; what leaves the office
under the consent log is a referral. Only names change: rows, ciphertexts (bound to the
old table name through ``Referral.__seal_as__``) and the signed, hash-chained consent log
(whose statements keep their frozen wire format) are untouched. Renames are native on
SQLite and PostgreSQL, so no table is rebuilt.

Revision ID: 0005_referrals
Revises: 0004_channels
Create Date: 2026-11-28 07:40:00.000000
"""

from alembic import op

revision = "0005_referrals"
down_revision = "0004_channels"
branch_labels = None
depends_on = None


def _names(old: str, new: str) -> None:
    op.drop_index(f"ix_{old}_case_id", table_name=old)
    op.drop_index(f"ix_{old}_status", table_name=old)
    op.rename_table(old, new)
    op.create_index(f"ix_{new}_case_id", new, ["case_id"], unique=False)
    op.create_index(f"ix_{new}_status", new, ["status"], unique=False)


def upgrade() -> None:
    _names("disclosure", "referral")
    op.execute("ALTER TABLE consent_log RENAME COLUMN disclosure_id TO referral_id")


def downgrade() -> None:
    op.execute("ALTER TABLE consent_log RENAME COLUMN referral_id TO disclosure_id")
    _names("referral", "disclosure")
