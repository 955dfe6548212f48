"""/ws/asr on a real `suara serve` process, talked to by real `websockets` clients over TCP."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import websockets

from api.live.views import RESTARTING
from tests.api.servers import operator_token, start_server
from tests.api.test_commands import admin_headers, fresh_env, suara  # noqa: F401 (fixture)
from tests.audio import convert

ROOT = Path(__file__).resolve().parents[3]


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.fixture
def server(tmp_path: Path, fresh_env: dict[str, str]):  # noqa: F811
    """A fresh deployment serving on a free port: (host:port, admin headers, operator token, pid)."""
    headers = admin_headers(tmp_path, fresh_env)
    token = operator_token(tmp_path, fresh_env)
    process = start_server(tmp_path, fresh_env, 19000 + os.getpid() % 1000)
    try:
        yield f"127.0.0.1:{19000 + os.getpid() % 1000}", headers, token, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def call_8k(tmp_path_factory: pytest.TempPathFactory, speak) -> Path:
    folder = tmp_path_factory.mktemp("live-server")
    wav = speak(
        "안녕하세요 도로가 많이 파손되어 있어서 신고하려고 전화했습니다", folder / "ko.wav", voice="ko"
    )
    return convert(wav, folder / "ko-8k.wav", "-ar", "8000", "-ac", "1", "-c:a", "pcm_s16le")


def test_a_vosk_server_client_script_gets_partials_and_the_final_result(server, call_8k: Path) -> None:
    host, _, token, _ = server
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "asr_client.py"), f"ws://{host}/ws/asr?language=ko",
         str(call_8k), "--token", token],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert any(a.get("partial") for a in answers)
    assert "text" in answers[-1] and any(a.get("result") for a in answers if "text" in a)


def test_200_dropped_connections_leave_recognizers_and_memory_at_baseline(server, call_8k: Path) -> None:
    host, headers, token, pid = server
    pcm = call_8k.read_bytes()[44:]
    url = f"ws://{host}/ws/asr?language=ko&sample_rate=8000"

    async def one_call() -> None:
        ws = await websockets.connect(url, additional_headers={"Authorization": f"Bearer {token}"})
        for at in (0, 4000):
            await ws.send(pcm[at : at + 4000])
            answer = json.loads(await ws.recv())
            assert "partial" in answer or "text" in answer
        ws.transport.abort()  # the line drops mid-call: no eof, no close frame

    async def calls(count: int, parallel: int = 8) -> None:
        gate = asyncio.Semaphore(parallel)

        async def guarded() -> None:
            async with gate:
                await one_call()

        await asyncio.gather(*(guarded() for _ in range(count)))

    def open_streams() -> int:
        return httpx.get(f"http://{host}/api/v1/live/streams", headers=headers).json()["open"]

    asyncio.run(calls(20))  # warm up: model loaded, allocator settled
    time.sleep(1.0)
    baseline = _rss_mb(pid)
    asyncio.run(calls(200))
    deadline = time.time() + 20
    while open_streams() and time.time() < deadline:
        time.sleep(0.2)
    assert open_streams() == 0
    grown = _rss_mb(pid) - baseline
    assert grown < 60, f"server memory grew by {grown:.0f} MB over 200 dropped calls"


def test_sigterm_stops_the_server_at_once_while_live_whisper_decodes_run(
    tmp_path: Path,
    fresh_env: dict[str, str],  # noqa: F811
) -> None:
    """Three callers speak without a pause, in real time, so Whisper decodes a growing window (seconds
    each on 2 shared cores) when SIGTERM comes. The server must not wait for those decodes: each socket
    is closed with 1012 (service restart, uvicorn's code for a server going down: call again) and the
    process ends within a few seconds. (Before the fix: 7 s at load 12, a decode's time under load.)"""
    from tests.audio import speak

    clip = speak(
        "Selamat pagi, saya mau melapor jalan di desa kami rusak sudah tiga bulan tidak diperbaiki. " * 2,
        tmp_path / "id.wav", voice="id", speed=130,
    )  # fmt: skip
    pcm = clip.read_bytes()[44:]
    port = 19000 + (os.getpid() + 500) % 1000
    process = start_server(tmp_path, fresh_env, port)  # migrates the new database
    token = operator_token(tmp_path, fresh_env)
    url = f"ws://127.0.0.1:{port}/ws/asr?language=id&sample_rate=16000"
    frame = 3200  # 100 ms

    async def caller(ws) -> None:
        start = time.monotonic()
        for n, at in enumerate(range(0, len(pcm), frame)):
            await asyncio.sleep(max(0.0, start + n * 0.1 - time.monotonic()))
            await ws.send(pcm[at : at + frame])

    signalled: list[float] = []  # when SIGTERM was sent

    async def call() -> tuple[int | None, str, float]:
        async with websockets.connect(url, additional_headers={"Authorization": f"Bearer {token}"}) as ws:
            sending = asyncio.create_task(caller(ws))
            try:
                while True:
                    await asyncio.wait_for(ws.recv(), timeout=60)
            except websockets.ConnectionClosed as closed:
                sending.cancel()
                code, reason = (closed.rcvd.code, closed.rcvd.reason) if closed.rcvd else (None, "")
                return code, reason, time.monotonic() - signalled[0]

    async def calls() -> list[tuple[int | None, str, float]]:
        talking = [asyncio.create_task(call()) for _ in range(3)]
        await asyncio.sleep(8.0)  # the model is loaded and each call is in its first utterance
        signalled.append(time.monotonic())
        process.send_signal(signal.SIGTERM)
        return await asyncio.gather(*talking)

    try:
        ends = asyncio.run(calls())
        waited = time.monotonic()
        process.wait(timeout=60)
        exited_after = max(after for *_, after in ends) + time.monotonic() - waited
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert [(code, reason) for code, reason, _ in ends] == [(1012, RESTARTING)] * 3
    assert max(after for *_, after in ends) < 3, f"sockets closed {ends} s after SIGTERM"
    assert exited_after < 5, f"the server ended {exited_after:.1f} s after SIGTERM"
