"""Contact encryption as an operator meets it: `suara db reencrypt` after a key rotation, and the access
log of `suara serve`, each in a real process on a fresh SQLite deployment."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from api import crypto
from api.config import get_settings
from api.crypto import ContactKind
from tests.api.servers import wait_until_healthy

ROOT = Path(__file__).resolve().parents[3]
OLD_KEY = "old-secret-of-this-deployment-0123456789abcdef"
NEW_KEY = "new-secret-of-this-deployment-0123456789abcdef"
PHONE = "+6281355557777"
NIK = "3302011205900042"


@pytest.fixture
def deployment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A fresh deployment under tmp_path whose secret is OLD_KEY (this process uses it too)."""
    from api.config import get_settings

    env = {k: v for k, v in os.environ.items() if not k.startswith("SUARA_")}
    env.update(PYTHONPATH=str(ROOT), SUARA_MODELS_DIR=str(ROOT / "models"), SUARA_SECRET_KEY=OLD_KEY)
    env["SUARA_DATABASE_URL"] = f"sqlite:///{tmp_path / 'data' / 'suara.db'}"
    monkeypatch.setenv("SUARA_SECRET_KEY", OLD_KEY)
    monkeypatch.setenv("SUARA_PREVIOUS_SECRET_KEYS", "")
    get_settings.cache_clear()
    before = crypto.configured()
    crypto.configure(get_settings())  # this process is an edge too, like the CLI it starts
    yield env
    get_settings.cache_clear()
    if before is not None:
        crypto.configure(before)


def suara(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _file_complaint(url: str) -> int:
    from api.complaint import service
    from api.database import session_scope, upgrade
    from api.kernel import SYSTEM

    upgrade(url)
    with session_scope(url) as db_session:
        complaint, _ = service.create(
            db_session=db_session, principal=SYSTEM, text="jalan rusak", channel="web",
            reporter_phone=PHONE, reporter_nik=NIK, default_zone=get_settings().timezone,
        )  # fmt: skip
        return complaint.id


def test_reencrypt_moves_every_row_to_the_new_key(tmp_path, deployment, monkeypatch):
    from api.config import get_settings
    from api.database import engine_for

    url = deployment["SUARA_DATABASE_URL"]
    complaint_id = _file_complaint(url)

    without_old = suara("db", "reencrypt", cwd=tmp_path, env={**deployment, "SUARA_SECRET_KEY": NEW_KEY})
    assert without_old.returncode != 0
    assert "complaints.reporter_phone of a stored row cannot be decrypted" in without_old.stderr

    rotated = {**deployment, "SUARA_SECRET_KEY": NEW_KEY, "SUARA_PREVIOUS_SECRET_KEYS": OLD_KEY}
    done = suara("db", "reencrypt", cwd=tmp_path, env=rotated)
    assert done.returncode == 0, done.stderr
    assert "re-encrypted the contact details of 1 row(s)" in done.stdout

    monkeypatch.setenv("SUARA_SECRET_KEY", NEW_KEY)  # and no previous key at all
    get_settings.cache_clear()
    crypto.configure(get_settings())
    with engine_for(url).connect() as conn:
        row = conn.execute(
            text("SELECT reporter_phone, reporter_nik, reporter_phone_hash FROM complaints WHERE id = :id"),
            {"id": complaint_id},
        ).one()
    assert crypto.decrypt(row[0], where="c.p") == PHONE and crypto.decrypt(row[1], where="c.n") == NIK
    assert row[2] == crypto.contact_hash(ContactKind.PHONE, PHONE)
    engine_for(url).dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_served_access_log_masks_searched_numbers(tmp_path, deployment):
    port = _free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--workers", "0"],
            cwd=tmp_path, env=deployment, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        wait_until_healthy(base)
        # Answered 401 without a token: the request line is logged all the same.
        response = httpx.get(f"{base}/complaints", params={"reporter_phone": PHONE, "reporter_nik": NIK})
        assert response.status_code in (200, 401)
    finally:
        server.terminate()
        server.wait(timeout=30)
    logged = log_path.read_text()
    assert "GET /api/v1/complaints?reporter_phone=" in logged, logged[-2000:]
    assert "81355557777" not in logged and NIK not in logged
    assert crypto.mask("%2B6281355557777") in logged
