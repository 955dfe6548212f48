"""Fixtures for api/ tests: the real app on real SQLite and real PostgreSQL, generated audio, real workers.

Every test that takes `client` or `db` runs once per backend. PostgreSQL tests get a fresh database
(suara_test_<pid>) for the session and are skipped only when no server answers at 127.0.0.1:5432.

Accounts (all real: real users, real hashed tokens, real sessions through the app):
- `client`: a TestClient acting as a sysadmin through a real bearer token (`client.principal_username`).
- `anon_client`: a TestClient with no credentials (a member of the public).
- `make_user(role, agency_code=None, username=None, password=None, display_name=None) -> User`: a new
  account (a unique username when none is given; without a password it can only use tokens). Agency
  codes come from `api.agency.service.seed`: national bodies such as "kemenpu" and "ombudsman",
  provinces "prov-33", regencies/cities "reg-33.03".
- `auth_headers(user, scopes=None) -> dict`: {"Authorization": "Bearer suara_…"} for a fresh token of
  that user, narrowed to `scopes` when given.
- `ROLE_AGENCY`: a plausible agency code per role, for tests that need any valid account of a role.
- `browser()`: a new TestClient with no credentials from its own random client address (so the
  per-address sign-in limit of one test never slows another); `sign_in(browser, username, password)`
  (a fixture) signs it in through POST /api/v1/auth/login and returns the answer's JSON (user, csrf_token).
The env block sets SUARA_SECRET_KEY and the cheap Argon2 profile (SUARA_PASSWORD_HASH_PROFILE=test).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.databases import scratch_postgres

ROOT = Path(__file__).resolve().parents[2]
WORKDIR = Path(tempfile.mkdtemp(prefix="suara-api-tests-"))

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
    SUARA_SECRET_KEY="test-secret-key-of-the-suara-suite-0123456789",
    SUARA_PASSWORD_HASH_PROFILE="test",
)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(WORKDIR, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def contact_keys() -> None:
    """The process's key ring from the suite's settings, for tests that store contact details before any
    `settings` fixture ran (walking the migrations by hand)."""
    from api import crypto
    from api.config import get_settings

    crypto.configure(get_settings())


def _postgres_url() -> Iterator[str]:
    from api.database import engine_for

    with scratch_postgres(f"suara_test_{os.getpid()}") as url:
        yield url
        engine_for.cache_clear()


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
    """Settings for the current backend; jobs run inline (Huey immediate mode) unless a test says not.

    The suite is this process's edge: it configures the contact key ring, as create_app and the CLI do.
    """
    from api import crypto
    from api.config import get_settings
    from api.jobs import huey

    monkeypatch.setenv("SUARA_DATABASE_URL", db_url)
    get_settings.cache_clear()
    crypto.configure(get_settings())
    huey.immediate = True
    yield get_settings()
    huey.immediate = False
    get_settings.cache_clear()


@pytest.fixture
def app(settings):
    from api.main import create_app

    return create_app(settings)


ROLE_AGENCY = {
    "operator": None,
    "producer": None,
    "verifier": "prov-33",
    "liaison": "reg-33.03",
    "leader": "reg-33.03",
    "sysadmin": None,
}


def _new_user(settings, role: str, agency_code=None, username=None, password=None, display_name=None):
    import uuid

    from api.auth import service as auth_service
    from api.database import session_scope

    username = username or f"{role}-{uuid.uuid4().hex[:10]}"
    with session_scope(settings.sqlalchemy_url) as db_session:
        return auth_service.create_user(
            db_session=db_session, settings=settings, username=username, role=role, actor="test-setup",
            agency_code=agency_code, display_name=display_name, password=password,
        )  # fmt: skip


def _bearer(settings, user, scopes=None) -> dict[str, str]:
    from api.auth import tokens
    from api.database import session_scope

    with session_scope(settings.sqlalchemy_url) as db_session:
        _, secret = tokens.issue(
            db_session=db_session, settings=settings, user=user, name="test", expires_at=None,
            scopes=None if scopes is None else sorted(scopes), created_by="test-setup",
        )  # fmt: skip
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def make_user(settings):
    """Factory: make_user("liaison", "reg-33.03") -> a committed, detached User row."""

    def make(role: str, agency_code=None, username=None, password=None, display_name=None):
        return _new_user(settings, role, agency_code, username, password, display_name)

    return make


@pytest.fixture
def auth_headers(settings):
    """Factory: auth_headers(user, scopes=None) -> the Authorization header of a new real token."""

    def headers(user, scopes=None) -> dict[str, str]:
        return _bearer(settings, user, scopes)

    return headers


@pytest.fixture
def client(app, settings):
    """The app as a sysadmin (real user, real bearer token): existing tests act as an administrator."""
    from fastapi.testclient import TestClient

    admin = _new_user(settings, "sysadmin")
    with TestClient(app, headers=_bearer(settings, admin)) as test_client:
        test_client.principal_username = admin.username  # type: ignore[attr-defined]
        yield test_client


@pytest.fixture
def browser(app):
    """Factory: browser() -> a TestClient without credentials from a fresh random address."""
    import random

    from fastapi.testclient import TestClient

    opened: list[TestClient] = []

    def make() -> TestClient:
        address = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
        test_client = TestClient(app, client=(address, 50000))
        opened.append(test_client)
        return test_client

    yield make
    for test_client in opened:
        test_client.close()


@pytest.fixture
def sign_in():
    """sign_in(browser, username, password) -> the sign-in answer (user, csrf_token); the session cookie
    stays in the browser's cookie jar."""

    def run(test_client, username: str, password: str) -> dict:
        response = test_client.post("/api/v1/auth/login", json={"username": username, "password": password})
        assert response.status_code == 200, response.text
        return response.json()

    return run


@pytest.fixture
def anon_client(app):
    """The app with no credentials at all."""
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
