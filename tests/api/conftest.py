"""Fixtures for api/ tests: the real app on real SQLite and real PostgreSQL, generated audio, real workers.

Every test that takes `client` or `db` runs once per backend. PostgreSQL tests get a fresh database
(suara_test_<pid>) for the session and are skipped only when no server answers at 127.0.0.1:5432.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKDIR = Path(tempfile.mkdtemp(prefix="suara-api-tests-"))
PG_ADMIN_URL = os.environ.get("SUARA_TEST_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/test")

# Set before anything imports api.config / api.jobs: the queue is a real SQLite Huey file, switched to
# immediate mode for ordinary tests and back to queued for the tests that run a real worker.
os.environ.update(
    SUARA_DATA_DIR=str(WORKDIR / "data"),
    SUARA_RECORDINGS_DIR=str(WORKDIR / "recordings"),
    SUARA_MODELS_DIR=str(ROOT / "models"),
    SUARA_QUEUE="sqlite",
    SUARA_QUEUE_PATH=str(WORKDIR / "data" / "queue.db"),
    SUARA_DATABASE_URL=f"sqlite:///{WORKDIR / 'data' / 'suara.db'}",
    SUARA_JOB_LEASE_SECONDS="3",
)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(WORKDIR, ignore_errors=True)


def _postgres_url() -> Iterator[str]:
    import psycopg

    name = f"suara_test_{os.getpid()}"
    admin = PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
    try:
        conn = psycopg.connect(admin, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL server answers at {PG_ADMIN_URL}: {exc}")
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    from api.database import engine_for

    engine_for.cache_clear()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A migrated, agency-seeded database per backend, made through the real migrations."""
    from api.agency import service as agency_service
    from api.database import session_scope, upgrade

    if request.param == "sqlite":
        urls: Iterator[str] = iter([f"sqlite:///{WORKDIR / 'data' / 'suara.db'}"])
    else:
        urls = _postgres_url()
    url = next(urls)
    upgrade(url)
    with session_scope(url) as db_session:
        agency_service.seed(db_session=db_session)
    yield url
    next(urls, None)


@pytest.fixture
def settings(db_url: str, monkeypatch: pytest.MonkeyPatch):
    """Settings for the current backend; jobs run inline (Huey immediate mode) unless a test says not."""
    from api.config import get_settings
    from api.jobs import huey

    monkeypatch.setenv("SUARA_DATABASE_URL", db_url)
    get_settings.cache_clear()
    huey.immediate = True
    yield get_settings()
    huey.immediate = False
    get_settings.cache_clear()


@pytest.fixture
def app(settings):
    from api.main import create_app

    return create_app(settings)


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def db(settings):
    """A session on the test's backend. Its transaction keeps one snapshot: call db.rollback() to see
    what the app wrote after this session first read."""
    from api.database import session_factory

    with session_factory(settings.sqlalchemy_url)() as session:
        yield session
        session.rollback()


def say(text: str, path: Path, *, voice: str = "id", rate: int = 16000) -> Path:
    """Speak Indonesian with espeak-ng into a mono WAV at `rate` (robotic, but real speech audio)."""
    raw = path.with_suffix(".raw.wav")
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", "140", "-w", str(raw), text], check=True, capture_output=True
    )
    subprocess.run(
        ["ffmpeg", "-y", "-loglevel", "error", "-i", str(raw), "-ac", "1", "-ar", str(rate), str(path)],
        check=True,
    )
    raw.unlink()
    return path


@pytest.fixture(scope="session")
def call_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated hotline call: a complaint about a broken road with a callback number."""
    folder = tmp_path_factory.mktemp("audio")
    text = (
        "Selamat pagi, saya mau melapor. Jalan di desa Karanglewas rusak parah dan berlubang "
        "sejak bulan Januari. "
        "Sudah banyak motor yang jatuh. Mohon segera diperbaiki oleh dinas pekerjaan umum. Terima kasih."
    )
    return say(text, folder / "call.wav", rate=8000)


@pytest.fixture
def unique_wav(tmp_path: Path, call_wav: Path) -> Path:
    """The call with 50 ms of random noise appended, so each test uploads bytes never seen before."""
    import wave

    out = tmp_path / "unique.wav"
    with wave.open(str(call_wav)) as src:
        params, frames = src.getparams(), src.readframes(src.getnframes())
    noise = bytes(b & 0x0F for b in os.urandom(params.framerate // 20 * params.sampwidth))
    with wave.open(str(out), "wb") as dst:
        dst.setparams(params)
        dst.writeframes(frames + noise)
    return out


@pytest.fixture(scope="session")
def speak():
    """The `say` helper for tests that build their own audio."""
    return say
