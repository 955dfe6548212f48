"""The indicators' facts per complaint (`complaint_facts`), kept by triggers on `complaints`.

Why: the leader dashboard and the public statistics computed afresh read every wide complaint row and
sorted three durations per request (seconds at 100,000 complaints). api/stats/facts.py explains the
table; the triggers write it in the same transaction as every change to a complaint, so it cannot drift.
The triggers' SQL comes from api/stats/facts.py as it is when this migration runs: a later change of the
facts needs a migration that drops and recreates them.

Revision ID: 0014_stats_facts
Revises: 0013_one_job_model
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from api.stats import facts

revision: str = "0014_stats_facts"
down_revision: str | None = "0013_one_job_model"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "complaint_facts",
        sa.Column("complaint_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("agency_id", sa.Integer),
        sa.Column("topic", sa.String(64)),
        sa.Column("region_code", sa.String(16)),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("confidential", sa.Boolean, nullable=False),
        sa.Column("ever_overdue", sa.Boolean, nullable=False),
        sa.Column("to_verification", sa.Float),
        sa.Column("to_first_response", sa.Float),
        sa.Column("to_closure", sa.Float),
    )
    dialect = op.get_bind().dialect.name
    for statement in facts.trigger_statements(dialect):
        op.execute(statement)
    op.execute(facts.fill_statement(dialect))


def downgrade() -> None:
    for statement in facts.drop_statements(op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_table("complaint_facts")
