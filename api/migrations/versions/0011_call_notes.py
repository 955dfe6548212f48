"""Calls carry the operator's notes: `recordings.notes` (NULL: none written).

Plain ADD COLUMN, not a batch table rebuild: on SQLite a rebuild would drop the full-text triggers.

Revision ID: 0011_call_notes
Revises: 0010_spoken_numbers
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_call_notes"
down_revision: str | None = "0010_spoken_numbers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("recordings", sa.Column("notes", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("recordings", "notes")
