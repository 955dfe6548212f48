"""Who filed each complaint (an operator sees what they filed) and who uploaded each recording, indexed.

Existing complaints get the actor of their "create" event; those cut from a recording get its uploader.
Placeholder actors from before accounts existed (anonymous, system, machine, sms-gateway) name nobody.
Plain ADD COLUMN, not a batch table rebuild: on SQLite a rebuild would drop the full-text triggers.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PLACEHOLDERS = "('anonymous', 'system', 'machine', 'sms-gateway')"


def upgrade() -> None:
    op.add_column("complaints", sa.Column("filed_by", sa.String(length=120), nullable=True))
    op.execute(
        "UPDATE complaints SET filed_by = (SELECT e.actor FROM events e WHERE e.complaint_id = complaints.id"
        f" AND e.action = 'create' AND e.actor NOT IN {PLACEHOLDERS} ORDER BY e.id LIMIT 1)"
        " WHERE recording_id IS NULL"
    )
    op.execute(
        "UPDATE complaints SET filed_by = (SELECT r.uploaded_by FROM recordings r"
        f" WHERE r.id = complaints.recording_id AND r.uploaded_by NOT IN {PLACEHOLDERS})"
        " WHERE recording_id IS NOT NULL"
    )
    op.create_index("ix_complaints_filed_by", "complaints", ["filed_by", "created_at"])
    op.create_index("ix_recordings_uploaded_by", "recordings", ["uploaded_by"])


def downgrade() -> None:
    op.drop_index("ix_recordings_uploaded_by", table_name="recordings")
    op.drop_index("ix_complaints_filed_by", table_name="complaints")
    op.drop_column("complaints", "filed_by")
