"""Store and forward: calls wait while the server is away and arrive exactly once when it is back.

A real `suara serve` process is stopped and started; a server that answers 503 or never answers is a
real socket in this process (no mock of HTTP).
"""

from __future__ import annotations

import http.server
import os
import socket
import threading
import wave
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from api.desk.forward import client_for
from api.desk.outbox import Outbox, backoff
from tests.api.servers import operator_token, start_server
from tests.api.test_commands import admin_headers, fresh_env  # noqa: F401 (fixture)


def _call(path: Path, seconds: float, tone: int) -> Path:
    """A WAV of a tone (distinct bytes per call); the outbox and the server only need real audio."""
    import numpy as np

    t = np.arange(int(8000 * seconds)) / 8000
    samples = (0.3 * 32767 * np.sin(2 * np.pi * tone * t)).astype("<i2")
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(8000)
        wav.writeframes(samples.tobytes())
    return path


@pytest.fixture
def deployment(tmp_path: Path, fresh_env: dict[str, str]):  # noqa: F811
    """(folder, env, admin headers, operator token, port): migrated, nothing serving yet."""
    folder = tmp_path / "server"
    folder.mkdir()
    headers = admin_headers(folder, fresh_env)
    return folder, fresh_env, headers, operator_token(folder, fresh_env), 19600 + os.getpid() % 300


def _stored_hashes(folder: Path) -> list[str]:
    """What the server's database holds (no list endpoint for recordings exists)."""
    import sqlite3

    with sqlite3.connect(folder / "data" / "suara.db") as db:
        return sorted(row[0] for row in db.execute("SELECT sha256 FROM recordings"))


def test_calls_wait_while_the_server_is_down_and_arrive_exactly_once(deployment, tmp_path: Path) -> None:
    folder, env, _, token, port = deployment
    outbox = Outbox(tmp_path / "outbox")
    calls = [outbox.add(_call(tmp_path / f"call{i}.wav", 2.0, 300 + 100 * i), caller_number="081234567890")
             for i in range(2)]  # fmt: skip
    assert not (tmp_path / "call0.wav").exists(), "a queued call is moved into the outbox"
    server_url = f"http://127.0.0.1:{port}"
    with client_for(server_url, token) as client:
        down = outbox.send_due(client)  # nothing listens yet
    assert (down.sent, down.waiting) == (0, 2)
    waiting = list(outbox.items())
    assert all(i.attempts == 1 and "unreachable" in (i.last_error or "") for i in waiting)
    with client_for(server_url, token) as client:
        assert outbox.send_due(client).waiting == 2, "the next attempt waits its backoff"
    process = start_server(folder, env, port)
    try:
        later = datetime.now(UTC) + timedelta(minutes=1)
        with client_for(server_url, token) as client:
            back = outbox.send_due(client, now=later)
        assert (back.sent, back.waiting) == (2, 0)
        assert outbox.acknowledged() == {c.sha256 for c in calls}
        assert _stored_hashes(folder) == sorted(c.sha256 for c in calls)
        # The operator queues the same call again, and a crash left an acknowledged call's file behind.
        again = outbox.add(_call(tmp_path / "again.wav", 2.0, 300))
        assert again.sha256 == calls[0].sha256
        with client_for(server_url, token) as client:
            report = outbox.send_due(client, now=later)
        assert (report.sent, report.already) == (0, 1)
        assert len(_stored_hashes(folder)) == 2, "never filed twice"
    finally:
        process.terminate()
        process.wait(timeout=30)


class _Failing(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length") or 0))
        self.send_response(503)
        self.send_header("content-type", "application/problem+json")
        self.end_headers()
        self.wfile.write(b'{"detail": "database is down"}')

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def failing_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def silent_server() -> Iterator[str]:
    """Accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


def test_a_failing_or_silent_server_keeps_the_call_with_the_reason(
    failing_server: str, silent_server: str, tmp_path: Path
) -> None:
    outbox = Outbox(tmp_path / "outbox")
    outbox.add(_call(tmp_path / "call.wav", 1.0, 440))
    with httpx.Client(base_url=failing_server) as client:
        assert outbox.send_due(client).waiting == 1
    (item,) = outbox.items()
    assert item.attempts == 1 and "503" in item.last_error and "database is down" in item.last_error
    with httpx.Client(base_url=silent_server, timeout=1.0) as client:
        assert outbox.send_due(client, now=datetime.now(UTC) + timedelta(hours=1)).waiting == 1
    (item,) = outbox.items()
    assert item.attempts == 2 and "unreachable" in item.last_error
    assert (tmp_path / "outbox" / "pending" / f"{item.sha256}.wav").exists()


def test_a_call_the_server_refuses_for_good_is_set_aside_with_the_reason(deployment, tmp_path: Path) -> None:
    folder, env, _, token, port = deployment
    outbox = Outbox(tmp_path / "outbox")
    bogus = tmp_path / "not-audio.wav"
    bogus.write_bytes(b"this is not a recording at all" * 100)
    outbox.add(bogus)
    process = start_server(folder, env, port)
    try:
        with client_for(f"http://127.0.0.1:{port}", token) as client:
            report = outbox.send_due(client)
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert report.rejected == 1 and not list(outbox.items())
    (kept,) = (tmp_path / "outbox" / "rejected").glob("*.wav")
    assert kept.read_bytes().startswith(b"this is not")


def test_backoff_doubles_up_to_ten_minutes() -> None:
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [10, 20, 40, 80]
    assert backoff(30) == timedelta(minutes=10)
