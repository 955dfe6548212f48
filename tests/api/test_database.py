"""Schema from the real migrations on SQLite and PostgreSQL; WAL, foreign keys, append-only events."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from api.complaint import service as complaint_service
from api.config import get_settings
from api.database import engine_for, import_models
from api.kernel import SYSTEM


def test_migrations_create_every_table(db_url):
    tables = set(inspect(engine_for(db_url)).get_table_names())
    assert set(import_models().tables) <= tables
    assert "alembic_version" in tables


def test_sqlite_runs_in_wal_with_foreign_keys(db_url):
    if not db_url.startswith("sqlite"):
        pytest.skip("SQLite pragmas only")
    with engine_for(db_url).connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_events_cannot_be_changed_or_deleted_even_in_raw_sql(db):
    complaint, _ = complaint_service.create(
        db_session=db,
        principal=SYSTEM,
        text="lampu jalan mati",
        channel="web",
        default_zone=get_settings().timezone,
    )
    db.commit()
    for statement in (
        "UPDATE events SET note = 'x' WHERE complaint_id = :id",
        "DELETE FROM events WHERE complaint_id = :id",
    ):
        with pytest.raises(DBAPIError, match="append-only"):
            db.execute(text(statement), {"id": complaint.id})
        db.rollback()
    assert len(complaint_service.events(db_session=db, complaint=complaint)) == 1


def test_foreign_keys_are_enforced(db):
    with pytest.raises(IntegrityError):
        complaint_service.create(
            db_session=db,
            principal=SYSTEM,
            text="tes",
            channel="web",
            agency_id=987654321,
            default_zone=get_settings().timezone,
        )
        db.flush()
    db.rollback()


def test_migrations_go_down_and_up_again(tmp_path):
    """Every revision's downgrade works, so a bad release can be rolled back (fresh SQLite file)."""
    from alembic import command

    from api.database import alembic_config, upgrade

    url = f"sqlite:///{tmp_path / 'roundtrip.db'}"
    upgrade(url)
    command.downgrade(alembic_config(url), "base")
    assert set(inspect(engine_for(url)).get_table_names()) <= {"alembic_version"}
    engine_for(url).dispose()
    upgrade(url)
    assert set(import_models().tables) <= set(inspect(engine_for(url)).get_table_names())
