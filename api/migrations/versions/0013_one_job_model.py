"""One job model: the analysis of a text complaint is a job row like a recording's intake.

Why: background work was tracked two ways — `jobs` rows with a lease and a heartbeat for recordings, and
`complaints.analyzed_at` with a sweep of its own for SMS, typed and Open311 complaints. Now every piece
of work is a `jobs` row: `complaint_id` names the complaint an `analyze` job reads (NULL for intake jobs),
and `enqueued_at` says when the row was last handed to the queue, so that one sweep can hand again the
queued rows whose task was lost (a process that died between its commit and its enqueue) without
re-sending the ones still waiting their turn.

Backfill: every draft text complaint never analysed gets a queued `analyze` job dated from its filing,
so the first sweep after the upgrade analyses it (what the old sweep would have done).

Revision ID: 0013_one_job_model
Revises: 0012_queue_index
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_one_job_model"
down_revision: str | None = "0012_queue_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch_op:  # SQLite adds a foreign key only by a table rebuild
        batch_op.add_column(sa.Column("complaint_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("enqueued_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            "fk_jobs_complaint_id_complaints", "complaints", ["complaint_id"], ["id"], ondelete="CASCADE"
        )
        batch_op.create_index("ix_jobs_complaint_id", ["complaint_id"])
    op.execute(
        "INSERT INTO jobs (kind, complaint_id, status, progress, attempts, created_at) "
        "SELECT 'analyze', id, 'queued', 0.0, 0, created_at FROM complaints "
        "WHERE analyzed_at IS NULL AND recording_id IS NULL AND status = 'draft'"
    )


def downgrade() -> None:
    op.execute("DELETE FROM jobs WHERE complaint_id IS NOT NULL")
    with op.batch_alter_table("jobs") as batch_op:
        batch_op.drop_index("ix_jobs_complaint_id")
        batch_op.drop_constraint("fk_jobs_complaint_id_complaints", type_="foreignkey")
        batch_op.drop_column("enqueued_at")
        batch_op.drop_column("complaint_id")
