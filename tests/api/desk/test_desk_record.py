"""`suara record --server` on a real input device (PulseAudio null sink) against a real server: a recorder
killed mid-call loses nothing, and the call reaches the server once, on the next start."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import wave
from pathlib import Path

from tests.api.servers import operator_token, start_server
from tests.api.test_commands import admin_headers, fresh_env  # noqa: F401 (fixture)
from tests.voice.test_capture import _play_later, null_sink  # noqa: F401 (fixture)


def _stored(folder: Path) -> list[tuple[str, float]]:
    with sqlite3.connect(folder / "data" / "suara.db") as db:
        return list(db.execute("SELECT sha256, duration FROM recordings"))


def test_a_killed_recorder_files_the_call_once_on_the_next_start(
    null_sink: str,  # noqa: F811
    ko_speech: Path,
    fresh_env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    server_dir, desk = tmp_path / "server", tmp_path / "desk"
    server_dir.mkdir()
    desk.mkdir()
    admin_headers(server_dir, fresh_env)
    token = operator_token(server_dir, fresh_env)
    port = 19900 + os.getpid() % 90
    env = {**fresh_env, "SUARA_SERVER": f"http://127.0.0.1:{port}", "SUARA_TOKEN": token}
    box = str(desk / "outbox")
    record = [sys.executable, "-m", "api.cli", "record", "--device", "pulse", "--outbox", box]
    outbox = [sys.executable, "-m", "api.cli", "outbox"]
    server = start_server(server_dir, fresh_env, port)
    try:
        proc = subprocess.Popen([*record, str(desk / "call-1.wav")], cwd=desk, env=env)
        player = _play_later(ko_speech, delay=1.0)
        time.sleep(6.0)
        proc.send_signal(signal.SIGKILL)  # the desk PC crashes mid-call
        proc.wait()
        player.join()
        assert (desk / "call-1.wav.part.wav").exists() and not _stored(server_dir)
        server.terminate()  # and the server is down when the desk comes back
        server.wait(timeout=30)
        done = subprocess.run([*record, str(desk / "call-2.wav"), "--seconds", "1"], cwd=desk, env=env,
                              capture_output=True, text=True, timeout=120)  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert "recovered call-1.wav" in done.stderr and "waiting" in done.stderr
        assert len(list((desk / "outbox" / "pending").glob("*.wav"))) == 2  # kept, not lost
        server = start_server(server_dir, fresh_env, port)
        sent = subprocess.run(
            [*outbox, "send", "--outbox", box], cwd=desk, env=env, capture_output=True, text=True
        )
        # The retry waits its backoff (10 s) after the failed try: the first send may find nothing due.
        deadline = time.time() + 40
        while sent.returncode != 0 and time.time() < deadline:
            time.sleep(3)
            sent = subprocess.run(sent.args, cwd=desk, env=env, capture_output=True, text=True)
        assert sent.returncode == 0, sent.stdout + sent.stderr
        stored = _stored(server_dir)
        assert len(stored) == 2, stored
        crashed = max(stored, key=lambda row: row[1])
        assert 2.0 < crashed[1] < 6.5  # the call up to the crash, recovered
    finally:
        server.terminate()
        server.wait(timeout=30)
    again = subprocess.run(
        [*outbox, "list", "--outbox", box], cwd=desk, env=env, capture_output=True, text=True
    )
    assert "0 waiting, 2 delivered, 0 refused" in again.stdout


def test_the_terminal_shows_a_level_meter_and_the_live_transcript(
    null_sink: str,  # noqa: F811
    ko_speech: Path,
    tmp_path: Path,
) -> None:
    """Run under a pseudo-terminal (util-linux `script`), as at an operator's desk; 8 kHz like a phone."""
    from tests.conftest import REPO

    out = tmp_path / "desk.wav"
    options = "--device pulse --rate 8000 --live --language ko --seconds 9"
    command = f"{sys.executable} -m api.cli record {out} {options}"
    player = _play_later(ko_speech, delay=2.0)
    done = subprocess.run(["script", "-qec", command, "/dev/null"], cwd=REPO, capture_output=True, text=True,
                          timeout=180, stdin=subprocess.DEVNULL)  # fmt: skip
    player.join()
    assert done.returncode == 0, done.stdout[-2000:]
    screen = done.stdout
    assert " dB" in screen and "#" in screen, screen[-1000:]  # the level meter moved with the speech
    assert re.search(r"\[\s*\d+\.\d\] \S", screen), screen[-2000:]  # a finished utterance with its time
    with wave.open(str(out)) as wav:
        assert wav.getframerate() == 8000 and 8.5 < wav.getnframes() / 8000 < 9.5
