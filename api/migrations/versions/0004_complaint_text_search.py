"""Full-text search over complaint text: FTS5 on SQLite, a GIN tsvector index on PostgreSQL.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# 'simple': no stemming, so Indonesian words match as written (PostgreSQL has no Indonesian stemmer).
PG_INDEX = "CREATE INDEX ix_complaints_text_fts ON complaints USING gin (to_tsvector('simple', text))"
SQLITE = [
    "CREATE VIRTUAL TABLE complaints_fts USING fts5(text, content='complaints', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER complaints_fts_insert AFTER INSERT ON complaints BEGIN "
    "INSERT INTO complaints_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER complaints_fts_delete AFTER DELETE ON complaints BEGIN "
    "INSERT INTO complaints_fts(complaints_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER complaints_fts_update AFTER UPDATE OF text ON complaints BEGIN "
    "INSERT INTO complaints_fts(complaints_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO complaints_fts(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO complaints_fts(complaints_fts) VALUES ('rebuild')",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_INDEX)
    else:
        for statement in SQLITE:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_complaints_text_fts")
    else:
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS complaints_fts_{name}")
        op.execute("DROP TABLE IF EXISTS complaints_fts")
