"""Spoken numbers stored with their complaint (issue 19): kind, digits, spans, confidence per digit.

Digits and value hold Fernet tokens (api/crypto.py), as the reporter's phone and NIK do.

Revision ID: 0010_spoken_numbers
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_spoken_numbers"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "spoken_numbers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "complaint_id", sa.Integer(), sa.ForeignKey("complaints.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("digits", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("start_char", sa.Integer(), nullable=False),
        sa.Column("end_char", sa.Integer(), nullable=False),
        sa.Column("audio_start", sa.Float(), nullable=True),
        sa.Column("audio_end", sa.Float(), nullable=True),
        sa.Column("confidences", sa.JSON(), nullable=False),
        sa.Column("plausible", sa.Boolean(), nullable=False),
        sa.Column("needs_confirmation", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_spoken_numbers_complaint_id", "spoken_numbers", ["complaint_id"])


def downgrade() -> None:
    op.drop_index("ix_spoken_numbers_complaint_id", table_name="spoken_numbers")
    op.drop_table("spoken_numbers")
