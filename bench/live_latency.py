"""Latency of live transcripts over /ws/asr: 1 and 4 concurrent calls paced in real time, Vosk and Whisper.

Starts its own `suara serve` (SQLite, no workers) in a scratch folder, makes an operator token with the
CLI, and streams generated calls (espeak-ng sentences with pauses, at 8 kHz as a phone adapter sends
them) in 100 ms frames at real-time pace, like a live call. Prints, per engine and concurrency:

- frame answer: time from sending a frame to receiving its answer (the partial that includes that audio,
  or a final); this is the partial-result latency the operator sees;
- word latency: for each word of a final result, when it first showed in the live text (the first partial
  holding that many words, else its final) minus when its audio had been sent (its end time on the
  call's clock): how far the operator's screen lags behind the caller.

    .venv/bin/python bench/live_latency.py [--seconds 30] [--engines vosk,whisper] [--streams 1,4]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import httpx
import websockets

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.asr_bench import SENTENCES  # noqa: E402

LANGUAGE = {"vosk": "ko", "whisper": "id"}
FRAME_SECONDS = 0.1


def build_call(language: str, seconds: float, out: Path) -> bytes:
    """Sentences with 0.8 s pauses until `seconds`, as 8 kHz 16-bit mono PCM."""
    parts: list[Path] = []
    total, i = 0.0, 0
    while total < seconds:
        part = out.with_name(f"{out.stem}-{i}.wav")
        voice = "ko" if language == "ko" else "id"
        text = SENTENCES[language][i % len(SENTENCES[language])]
        subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(part), text], check=True)
        narrow = part.with_suffix(".8k.wav")
        subprocess.run(
            ["sox", str(part), "-r", "8000", "-c", "1", "-b", "16", str(narrow), "pad", "0", "0.8"],
            check=True,
        )
        with wave.open(str(narrow)) as w:
            total += w.getnframes() / w.getframerate()
        parts.append(narrow)
        i += 1
    subprocess.run(["sox", *map(str, parts), str(out)], check=True)
    with wave.open(str(out)) as w:
        return w.readframes(w.getnframes())


async def one_call(url: str, token: str, pcm: bytes) -> tuple[list[float], list[float]]:
    """Stream in real time; returns (frame answer latencies, final word latencies) in seconds."""
    step = int(8000 * FRAME_SECONDS) * 2
    frame_lat: list[float] = []
    word_lat: list[float] = []
    shown: list[tuple[float, int]] = []  # (time, words in the partial) of the utterance in progress
    async with websockets.connect(url, additional_headers={"Authorization": f"Bearer {token}"}) as ws:
        await ws.send(json.dumps({"config": {"sample_rate": 8000}}))
        start = time.monotonic()
        for n, at in enumerate(range(0, len(pcm), step)):
            await asyncio.sleep(max(0.0, start + n * FRAME_SECONDS - time.monotonic()))
            sent = time.monotonic()
            await ws.send(pcm[at : at + step])
            answer = json.loads(await ws.recv())
            now = time.monotonic()
            frame_lat.append(now - sent)
            if "partial" in answer:
                shown.append((now, len(answer["partial"].split())))
                continue
            for i, word in enumerate(answer.get("result", [])):
                first = next((t for t, count in shown if count > i), now)
                word_lat.append(max(0.0, first - (start + word["end"])))
            shown.clear()
        await ws.send('{"eof" : 1}')
        await ws.recv()
    return frame_lat, word_lat


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) >= 2 else (values or [float("nan")])[0]


async def run_level(url: str, token: str, pcm: bytes, streams: int) -> tuple[list[float], list[float]]:
    results = await asyncio.gather(*(one_call(url, token, pcm) for _ in range(streams)))
    return [x for r in results for x in r[0]], [x for r in results for x in r[1]]


def cli(*args: str, cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", *args], cwd=cwd, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(done.stderr)
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description="live transcript latency over /ws/asr")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each generated call")
    parser.add_argument("--engines", default="vosk,whisper")
    parser.add_argument("--streams", default="1,4")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="suara-live-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUARA_")}
    env.update(PYTHONPATH=str(REPO), SUARA_MODELS_DIR=str(REPO / "models"))
    cli("db", "upgrade", cwd=work, env=env)
    cli("users", "create", "desk", "--role", "operator", "--no-password", cwd=work, env=env)
    token = cli("users", "token", "desk", "--name", "bench", "--scope", "recordings:write", cwd=work, env=env)
    port = 19500 + os.getpid() % 400
    server = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--workers", "0"],
        cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(300):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v1/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        print(f"load average at start: {os.getloadavg()[0]:.1f}; calls of {args.seconds:.0f} s at 8 kHz")
        print("engine   streams  frame answer p50/p95 (ms)  word shown p50/p95 (ms)  words")
        for engine in args.engines.split(","):
            language = LANGUAGE[engine]
            pcm = build_call(language, args.seconds, work / f"call-{language}.wav")
            url = f"ws://127.0.0.1:{port}/ws/asr?language={language}&sample_rate=8000"
            asyncio.run(run_level(url, token, pcm[: 16000 * 2], 1))  # warm up: model loaded
            for streams in (int(s) for s in args.streams.split(",")):
                frames, words = asyncio.run(run_level(url, token, pcm, streams))
                print(
                    f"{engine:8} {streams:7}  {pct(frames, 50) * 1000:9.0f} / {pct(frames, 95) * 1000:<9.0f}"
                    f"     {pct(words, 50) * 1000:9.0f} / {pct(words, 95) * 1000:<9.0f}   {len(words)}"
                )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
