"""Damaged recordings are kept and said to be damaged; job errors no longer carry server paths.

`recordings.damage` says what was wrong with a file whose audio could be decoded only in part (NULL: the
file was whole); `complaints.audio_damaged` flags the complaints cut from such a recording. Errors
already stored on jobs lose the folders of any absolute path they name (the file name stays).
Plain ADD COLUMN, not a batch table rebuild: on SQLite a rebuild would drop the full-text triggers.

Revision ID: 0008
Revises: 0007
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The same rule as api/recording/messages.py, frozen here as migrations must be.
ABSOLUTE_PATH = re.compile(r"(?<![\w.~/-])/(?:[^/\s'\"():,;]+/)+([^/\s'\"():,;]+)")


def upgrade() -> None:
    op.add_column("recordings", sa.Column("damage", sa.Text(), nullable=True))
    op.add_column(
        "complaints", sa.Column("audio_damaged", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    jobs = sa.table("jobs", sa.column("id", sa.Integer), sa.column("error", sa.Text))
    connection = op.get_bind()
    rows = connection.execute(sa.select(jobs.c.id, jobs.c.error).where(jobs.c.error.like("%/%"))).all()
    for job_id, error in rows:
        cleaned = ABSOLUTE_PATH.sub(r"\1", error)
        if cleaned != error:
            connection.execute(sa.update(jobs).where(jobs.c.id == job_id).values(error=cleaned))


def downgrade() -> None:
    op.drop_column("complaints", "audio_damaged")
    op.drop_column("recordings", "damage")
