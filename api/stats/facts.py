"""A narrow copy of each complaint's indicator facts, kept by the database itself, for the dashboard.

Why: the indicators read every complaint in reach. Computed over `complaints` (wide rows: text,
transcripts, suggestions) the grouped counts and the window-function sorts of three durations took
seconds at 100,000 complaints. `complaint_facts` holds, per complaint, only what the indicators and the
scoping read — the group keys, status, channel, flags, and the three durations already in hours — so the
same queries scan a table a tenth of the size and compute no date arithmetic.

The rows are written by triggers on `complaints` (migration 0014): in the same statement, so in the same
transaction, as any insert, update of a counted column or delete, whichever code path makes it (the ORM,
a bulk load, a sweep's UPDATE). They can therefore not drift; `rebuild` recomputes them from scratch
(`suara db rebuild-stats`) for a store restored from elsewhere, and the tests compare the two.

The durations are the same SQL expressions the indicators used over `complaints`, so every median and
90th percentile is identical to the one computed afresh, not an approximation.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, Integer, String, Table, text
from sqlalchemy.orm import Session

from api.database import Base, UTCDateTime

complaint_facts = Table(
    "complaint_facts",
    Base.metadata,
    Column("complaint_id", Integer, primary_key=True, autoincrement=False),
    # Same names and meaning as the complaints' columns, so scoping conditions can be moved over as is.
    Column("created_at", UTCDateTime, nullable=False),
    Column("month", String(7), nullable=False),  # created_at's UTC month, 'YYYY-MM'
    Column("agency_id", Integer),
    Column("topic", String(64)),
    Column("region_code", String(16)),
    Column("channel", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("confidential", Boolean, nullable=False),
    Column("ever_overdue", Boolean, nullable=False),
    # Hours between the measure's two timestamps; NULL unless both are set and in order.
    Column("to_verification", Float),
    Column("to_first_response", Float),
    Column("to_closure", Float),
)

# The complaint columns the facts are made of: an update of any other column leaves them as they are.
SOURCE_COLUMNS = (
    "created_at", "agency_id", "topic", "region_code", "channel", "status", "confidential", "ever_overdue",
    "verified_at", "dispatched_at", "responded_at", "closed_at",
)  # fmt: skip
MEASURES = {
    "to_verification": ("created_at", "verified_at"),
    "to_first_response": ("dispatched_at", "responded_at"),
    "to_closure": ("created_at", "closed_at"),
}
COPIED = SOURCE_COLUMNS[:8]  # copied as they are; the four workflow timestamps become MEASURES
FACT_COLUMNS = ("complaint_id", *COPIED, "month", *MEASURES)


def _hours(dialect: str, start: str, end: str) -> str:
    if dialect == "postgresql":
        return f"(EXTRACT(EPOCH FROM ({end} - {start})) / 3600.0)"
    return f"((julianday({end}) - julianday({start})) * 24.0)"


def _month(dialect: str, stamp: str) -> str:
    if dialect == "postgresql":
        return f"to_char(({stamp}) AT TIME ZONE 'UTC', 'YYYY-MM')"
    return f"strftime('%Y-%m', {stamp})"


def fact_values(dialect: str, row: str) -> str:
    """The SELECT list computing one complaint's facts from `row` (NEW in a trigger, or the table)."""
    values = [f"{row}.id", *(f"{row}.{name}" for name in COPIED), _month(dialect, f"{row}.created_at")]
    for start, end in MEASURES.values():
        s, e = f"{row}.{start}", f"{row}.{end}"
        exists = f"{s} IS NOT NULL AND {e} IS NOT NULL AND {e} >= {s}"
        values.append(f"CASE WHEN {exists} THEN {_hours(dialect, s, e)} END")
    return ", ".join(values)


_INSERT = f"INSERT INTO complaint_facts ({', '.join(FACT_COLUMNS)})"


def trigger_statements(dialect: str) -> list[str]:
    """The DDL of the triggers that keep `complaint_facts` equal to `complaints`, for one dialect."""
    watched = ", ".join(SOURCE_COLUMNS)
    if dialect == "postgresql":
        return [
            "CREATE FUNCTION complaint_facts_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF TG_OP <> 'INSERT' THEN DELETE FROM complaint_facts WHERE complaint_id = OLD.id; END IF; "
            f"IF TG_OP <> 'DELETE' THEN {_INSERT} SELECT {fact_values(dialect, 'NEW')}; END IF; "
            "RETURN NULL; END $$",
            f"CREATE TRIGGER complaint_facts_sync AFTER INSERT OR DELETE OR UPDATE OF {watched} "
            "ON complaints FOR EACH ROW EXECUTE FUNCTION complaint_facts_sync()",
        ]
    insert_new = f"{_INSERT} SELECT {fact_values(dialect, 'new')};"
    return [
        f"CREATE TRIGGER complaint_facts_insert AFTER INSERT ON complaints BEGIN {insert_new} END",
        f"CREATE TRIGGER complaint_facts_update AFTER UPDATE OF {watched} ON complaints BEGIN "
        f"DELETE FROM complaint_facts WHERE complaint_id = old.id; {insert_new} END",
        "CREATE TRIGGER complaint_facts_delete AFTER DELETE ON complaints BEGIN "
        "DELETE FROM complaint_facts WHERE complaint_id = old.id; END",
    ]


def drop_statements(dialect: str) -> list[str]:
    if dialect == "postgresql":
        return [
            "DROP TRIGGER IF EXISTS complaint_facts_sync ON complaints",
            "DROP FUNCTION IF EXISTS complaint_facts_sync()",
        ]
    return [f"DROP TRIGGER IF EXISTS complaint_facts_{name}" for name in ("insert", "update", "delete")]


def fill_statement(dialect: str) -> str:
    """INSERT … SELECT of every complaint's facts (into an empty table)."""
    return f"{_INSERT} SELECT {fact_values(dialect, 'complaints')} FROM complaints"


def rebuild(db_session: Session) -> int:
    """Recompute every complaint's facts from scratch (in the caller's transaction); returns the count."""
    dialect = db_session.get_bind().dialect.name
    db_session.execute(text("DELETE FROM complaint_facts"))
    db_session.execute(text(fill_statement(dialect)))
    return db_session.execute(text("SELECT count(*) FROM complaint_facts")).scalar_one()
