"""The `suara` store commands as a user runs them: from another directory, with nothing else running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.api.servers import wait_until_healthy

ROOT = Path(__file__).resolve().parents[2]


def suara(*args: str, cwd: Path, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def admin_headers(cwd: Path, env: dict[str, str]) -> dict[str, str]:
    """The first-run bootstrap a deployer does: migrate, a sysadmin, a token for it (all by the CLI)."""
    for args in (("db", "upgrade"), ("users", "create", "ops", "--role", "sysadmin", "--no-password")):
        done = suara(*args, cwd=cwd, env=env)
        assert done.returncode == 0, done.stderr
    made = suara("users", "token", "ops", "--name", "test", cwd=cwd, env=env)
    assert made.returncode == 0, made.stderr
    return {"Authorization": f"Bearer {made.stdout.strip()}"}


def upload_and_wait(base: str, wav: Path, headers: dict[str, str]) -> tuple[httpx.Response, dict]:
    """Wait for the server, upload a hotline call, and wait for its intake job to end."""
    wait_until_healthy(base)
    with wav.open("rb") as fh:
        made = httpx.post(
            f"{base}/recordings",
            files={"file": ("call.wav", fh)},
            data={"channel": "hotline"},
            headers=headers,
        )
    assert made.status_code == 201, made.text
    job_id = made.json()["job"]["id"]
    deadline = time.time() + 120
    while time.time() < deadline:
        job = httpx.get(f"{base}/jobs/{job_id}", headers=headers).json()
        if job["status"] in ("done", "failed"):
            break
        time.sleep(0.3)
    return made, job


@pytest.fixture
def fresh_env(tmp_path: Path) -> dict[str, str]:
    """A brand-new deployment in tmp_path: defaults only (SQLite under ./data, audio under ./recordings)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUARA_")}
    env["PYTHONPATH"] = str(ROOT)
    env["SUARA_MODELS_DIR"] = str(ROOT / "models")
    return env


def test_db_upgrade_and_seed_from_any_directory(tmp_path, fresh_env):
    upgraded = suara("db", "upgrade", cwd=tmp_path, env=fresh_env)
    assert upgraded.returncode == 0, upgraded.stderr
    assert (tmp_path / "data" / "suara.db").exists()
    seeded = suara("seed", "agencies", cwd=tmp_path, env=fresh_env)
    assert seeded.returncode == 0, seeded.stderr
    assert "38 province, 514 regency" in seeded.stdout
    again = suara("seed", "agencies", cwd=tmp_path, env=fresh_env)  # idempotent
    assert again.returncode == 0 and again.stdout == seeded.stdout


def test_serve_runs_api_and_embedded_workers_alone(tmp_path, fresh_env, unique_wav):
    """`suara serve` with defaults: the upload is transcribed by the embedded Huey consumer threads."""
    if not (ROOT / "models" / "manifest.json").exists():
        pytest.skip("no ASR model installed under models/")
    headers = admin_headers(tmp_path, fresh_env)
    port = 18000 + os.getpid() % 1000
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--workers", "1"],
        cwd=tmp_path, env=fresh_env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        made, job = upload_and_wait(base, unique_wav, headers)
        assert job["status"] == "done", (job, (tmp_path / "serve.log").read_text()[-2000:])
        provinces = httpx.get(f"{base}/agencies", params={"level": "province"}, headers=headers).json()
        assert len(provinces) == 38  # seeded on start
        listed = httpx.get(f"{base}/complaints", params={"channel": "hotline"}, headers=headers).json()
        assert listed["total"] == 1 and listed["items"][0]["recording_id"] == made.json()["recording"]["id"]
        assert list((tmp_path / "recordings").rglob("*.wav"))
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_database_down_answers_503_problem(tmp_path, monkeypatch):
    """A database that does not answer fails the request cleanly (problem details, Retry-After)."""
    from fastapi.testclient import TestClient

    from api.config import Settings
    from api.main import create_app

    settings = Settings(database_url="postgresql+psycopg://postgres@127.0.0.1:1/nothing?connect_timeout=2")
    token = {"Authorization": "Bearer suara_abcdefgh_" + "x" * 43}  # checking it needs the database
    with TestClient(create_app(settings), headers=token) as client:
        response = client.get("/api/v1/complaints")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert response.json()["detail"] == "the database is unavailable; try again shortly"


def test_openapi_documents_examples(client):
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/v1/recordings", "/api/v1/complaints", "/api/v1/complaints/{complaint_id}/transitions",
                 "/api/v1/stats", "/api/v1/intake/sms", "/api/v1/open311/v2/requests.json",
                 "/api/v1/recordings/{recording_id}/audio", "/api/v1/jobs/{job_id}"):  # fmt: skip
        assert path in paths, path
    upload = paths["/api/v1/recordings"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert upload["properties"]["file"]["format"] == "binary"
    components = schema["components"]["schemas"]
    assert components["TransitionRequest"]["examples"] and components["SmsIn"]["examples"]


def test_api_and_worker_on_separate_processes_through_redis(
    settings, tmp_path, unique_wav, make_user, auth_headers
):
    """The multi-machine layout: an API process without workers, a `suara worker`, Redis and PostgreSQL."""
    import redis

    if not settings.sqlalchemy_url.startswith("postgresql"):
        pytest.skip("several machines share PostgreSQL, not a SQLite file")
    if not (ROOT / "models" / "manifest.json").exists():
        pytest.skip("no ASR model installed under models/")
    redis_url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(redis_url).flushdb()
    except redis.ConnectionError:
        pytest.skip("no Redis server at 127.0.0.1:6379")
    env = {**os.environ, "SUARA_QUEUE": "redis", "SUARA_REDIS_URL": redis_url, "SUARA_WORKERS": "0",
           "SUARA_DATABASE_URL": settings.sqlalchemy_url, "PYTHONPATH": str(ROOT)}  # fmt: skip
    headers = auth_headers(make_user("sysadmin"))
    port = 19000 + os.getpid() % 1000
    log = (tmp_path / "procs.log").open("w")
    api_proc = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--no-migrate"],
        cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "worker", "--workers", "1"],
        cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        made, job = upload_and_wait(base, unique_wav, headers)
        assert job["status"] == "done", (job, (tmp_path / "procs.log").read_text()[-3000:])
        rec_id = made.json()["recording"]["id"]
        params = {"channel": "hotline", "limit": 500}
        found = httpx.get(f"{base}/complaints", params=params, headers=headers).json()["items"]
        assert [c for c in found if c["recording_id"] == rec_id]
    finally:
        for proc in (api_proc, worker):
            proc.send_signal(signal.SIGINT)
        for proc in (api_proc, worker):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        redis.Redis.from_url(redis_url).flushdb()
