"""Composite indexes for the filtered complaint list and its counts (topic × region, channel × period…).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 05:01:29.328442
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.create_index("ix_complaints_channel_created", ["channel", "created_at"], unique=False)
        batch_op.create_index("ix_complaints_overdue_due", ["overdue", "due_at"], unique=False)
        batch_op.create_index("ix_complaints_topic_region", ["topic", "region_code"], unique=False)
        batch_op.create_index("ix_complaints_topic_status", ["topic", "status", "created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index("ix_complaints_topic_status")
        batch_op.drop_index("ix_complaints_topic_region")
        batch_op.drop_index("ix_complaints_overdue_due")
        batch_op.drop_index("ix_complaints_channel_created")
