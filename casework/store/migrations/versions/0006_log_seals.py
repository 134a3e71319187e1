"""log seals: each entry's position, date and previous hash bound by a signature or a MAC

Access-log entries get a ``mac``: a keyed BLAKE2b over the entry, its id, date and previous
hash, under a key derived from the pepper (casework/cases/access_log.py). Entries written
before this revision have none and are reported by ``confide verify-logs`` when it has the
pepper.

Each consent-log entry gets a ``seal``: the Ed25519 signature, by the officer who made the
entry take effect, over the entry's id, date, previous hash, statement and signatures
(casework/referrals/consent_log.py, ``seal_message``). Entries recorded before this
revision have none, and no seal can be made for them without the officers' private keys:
``confide verify-logs`` reports such an entry as a bad signature. (Confide had no release
before this revision.)

Adding a column is not an UPDATE, so the append-only triggers of 0002_consent stay as they
are.

Revision ID: 0006_log_seals
Revises: 0003_inbox
Create Date: 2026-11-28 07:15:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_log_seals"
down_revision = "0005_referrals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("consent_log", sa.Column("seal", sa.LargeBinary(), nullable=True))
    op.add_column("access_log", sa.Column("mac", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+), not a batch rebuild: a rebuilt table would lose
    # the append-only triggers.
    op.drop_column("access_log", "mac")
    op.drop_column("consent_log", "seal")
