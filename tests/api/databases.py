"""Scratch PostgreSQL databases for tests: made fresh, dropped afterwards, skipped without a server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PG_ADMIN_URL = os.environ.get("SUARA_TEST_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@contextmanager
def scratch_postgres(name: str) -> Iterator[str]:
    """An empty database `name` for the block; skips the test when no server answers."""
    import psycopg

    from api.database import engine_for

    admin = PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
    try:
        conn = psycopg.connect(admin, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL server answers at {PG_ADMIN_URL}: {exc}")
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        engine_for(url).dispose()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def scratch_database(backend: str, tmp_path: Path) -> Iterator[str]:
    """An empty database of `backend` ("sqlite": a file under `tmp_path`; "postgresql": scratch_postgres)
    for tests that walk the migrations themselves."""
    import uuid

    from api.database import engine_for

    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'scratch.db'}"
        try:
            yield url
        finally:
            engine_for(url).dispose()
    else:
        with scratch_postgres(f"suara_mig_{uuid.uuid4().hex[:8]}") as url:
            yield url
