"""Engine, sessions and schema migrations. SQLite (WAL, foreign keys on) by default, PostgreSQL by URL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

# Named constraints so that Alembic migrations are stable across SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps stored in UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; Suara stores aware UTC times only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control from pysqlite (it delays BEGIN and breaks SAVEPOINT); _sqlite_begin opens them.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


WRITE = {"sqlite_begin": "IMMEDIATE"}


def _sqlite_begin(conn: Any) -> None:
    """BEGIN IMMEDIATE for sessions that will write (they wait their turn instead of failing "locked"
    when upgrading a read snapshot); plain deferred BEGIN for reads, which never block writers in WAL.
    """
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {'IMMEDIATE' if mode == 'IMMEDIATE' else 'DEFERRED'}")


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets its directory, WAL and foreign keys, PostgreSQL a pool with pre-ping."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    return make_engine(url)


@lru_cache(maxsize=8)
def session_factory(url: str) -> sessionmaker[Session]:
    return sessionmaker(engine_for(url), expire_on_commit=False)


def default_url() -> str:
    from api.config import get_settings

    return get_settings().sqlalchemy_url


@lru_cache(maxsize=8)
def _write_engine(url: str) -> Engine:
    return engine_for(url).execution_options(**WRITE)  # same pool; transactions begin IMMEDIATE


def open_session(url: str, *, write: bool) -> Session:
    """A new session, not yet connected (no I/O: it connects on first use).

    A `write` session's transactions begin with SQLite's write lock taken (BEGIN IMMEDIATE), so a
    writer waits its turn instead of failing half-way when its read snapshot cannot become a write.
    """
    factory = session_factory(url)
    return factory(bind=_write_engine(url)) if write else factory()


def end_session(session: Session, *, ok: bool) -> None:
    """Commit (when `ok`) or roll back, and always close."""
    try:
        if ok:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


@contextmanager
def session_scope(url: str | None = None, *, write: bool = True) -> Iterator[Session]:
    """A session committed on success, rolled back on error, always closed.

    `write` takes SQLite's write lock up front, so a writer never fails half-way on a busy database.
    """
    session = open_session(url or default_url(), write=write)
    if write:
        session.connection()
    try:
        yield session
    except BaseException:
        end_session(session, ok=False)
        raise
    end_session(session, ok=True)


def alembic_config(url: str) -> Any:
    """Alembic configuration built in code, so `suara db upgrade` works from any directory."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Bring the schema to `revision` (default: the newest)."""
    from alembic import command

    command.upgrade(alembic_config(url or default_url()), revision)
    optimize(url)


def import_models() -> MetaData:
    """Import every domain's tables so that Base.metadata is complete (for Alembic and tests)."""
    import api.agency.models
    import api.audit.models
    import api.auth.models
    import api.complaint.models
    import api.recording.models  # noqa: F401

    return Base.metadata


def optimize(url: str | None = None) -> None:
    """Refresh the query planner's statistics, so filtered lists keep using the right indexes.

    PostgreSQL's autovacuum gets there too, but only some time after a bulk load or a migration.
    """
    engine = engine_for(url or default_url())
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
