"""the language of each filer's and each officer's emails

``disclosure_filer.language``: from the roster's optional ``language`` column, then the
language the filer chooses on the gateway. ``principal.language``: the language an officer
chooses in the console. Both are language codes (``fr``, ``zh_Hans``); empty is English.
A reporter's language is never a column: it is sealed inside their answers and messages.

Revision ID: 0400_languages
Revises: 0300_disclosure
Create Date: 2026-11-28 10:40:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0400_languages"
down_revision = "0300_disclosure"
branch_labels = None
depends_on = None


def _language() -> sa.Column:
    return sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True)


def upgrade() -> None:
    # Plain ADD/DROP COLUMN (SQLite 3.35+ and PostgreSQL): never a rebuild of a table
    # other rows point to.
    op.add_column("disclosure_filer", _language())
    op.add_column("principal", _language())


def downgrade() -> None:
    op.drop_column("principal", "language")
    op.drop_column("disclosure_filer", "language")
