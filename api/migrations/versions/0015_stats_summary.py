"""The indicators pre-aggregated per scope, dimension and group (`stats_summary`), fed by a journal of
every change of complaint_facts (`stats_journal`) that triggers write in the same transaction.

Why: the national dashboard and the public statistics read every fact row per request (about a second
at 100,000 complaints under load); api/stats/summary.py explains the tables. The summary is built here
from the current facts (api/stats/fold.py's `rebuild`, a few seconds at 100,000 complaints), so the
pages are fast from the first request. A partial index on the events that carry operator minutes
serves the "cheap" indicator (api/stats/aggregate.py's `minutes`). The triggers' SQL and the rebuild
are the code as it is when this migration runs.

Revision ID: 0015_stats_summary
Revises: 0014_stats_facts
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

from api.stats import fold, summary

revision: str = "0015_stats_summary"
down_revision: str | None = "0014_stats_facts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stats_journal",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("sign", sa.SmallInteger, nullable=False),
        sa.Column("complaint_id", sa.Integer, nullable=False),
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
    op.create_table(
        "stats_summary",
        sa.Column("scope", sa.String(8), primary_key=True),
        sa.Column("dimension", sa.String(8), primary_key=True),
        sa.Column("grp", sa.String(64), primary_key=True),
        sa.Column("tallies", sa.JSON, nullable=False),
        sa.Column("to_verification", sa.LargeBinary),
        sa.Column("to_first_response", sa.LargeBinary),
        sa.Column("to_closure", sa.LargeBinary),
    )
    # The "cheap" indicator's operator minutes read only the events that carry any.
    only_logged = sa.text("minutes IS NOT NULL")
    op.create_index(
        "ix_events_minutes", "events", ["complaint_id", "minutes"],
        sqlite_where=only_logged, postgresql_where=only_logged,
    )  # fmt: skip
    dialect = op.get_bind().dialect.name
    for statement in summary.trigger_statements(dialect):
        op.execute(statement)
    fold.rebuild(Session(bind=op.get_bind()))


def downgrade() -> None:
    for statement in summary.drop_statements(op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_table("stats_summary")
    op.drop_table("stats_journal")
    op.drop_index("ix_events_minutes", table_name="events")
