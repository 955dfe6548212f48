"""Latency of live transcripts over /ws/asr: 1 and 4 concurrent calls paced in real time, Vosk and Whisper,
beside a plain vosk KaldiRecognizer loop fed the same way in this process (no server: the model's own
delay).

Starts its own `suara serve` (SQLite, no workers) in a scratch folder, makes an operator token with the
CLI, and streams generated calls (espeak-ng sentences with pauses, at 8 kHz as a phone adapter sends
them) in 100 ms frames at real-time pace, like a live call. Prints, per engine and concurrency:

- frame answer: time from sending a frame to receiving its answer (the partial that includes that
  audio, or a final): the partial-result latency of the protocol;
- word shown: for the i-th word of a final result, the first answer of its utterance whose text held
  i+1 words or more (a partial, else the final itself), minus when the frame holding the end of that
  word's audio was sent: how far the operator's screen lags behind the caller. "only in final" counts
  the words no partial showed before their final. The words of the utterance still open at the end
  of the call (the answer to eof) count too: without them the count of words of the same call varied
  from run to run (8 to 30), as the utterances Vosk closed before the end did.

The server is warmed up first with as many calls at once as the most tested (`--cold`: one call), so
it holds that many warm Vosk recognizers, as a server that has taken calls does (voice.engines.vosk).
`vosk-plain` is `vosk.KaldiRecognizer` fed the same frames (resampled to 16 kHz with soxr, as the server
does) in one thread per call, a fresh recognizer per call as vosk-server makes them: its frame answer
is AcceptWaveform + PartialResult, its word shown is measured the same way.

    .venv/bin/python bench/live_latency.py [--seconds 30] [--engines vosk-plain,vosk,whisper] [--streams 1,4]
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
import threading
import time
import wave
from pathlib import Path

import httpx
import websockets

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.asr_bench import SENTENCES  # noqa: E402

LANGUAGE = {"vosk": "ko", "vosk-plain": "ko", "whisper": "id"}
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
            ["sox", "-R", str(part), "-r", "8000", "-c", "1", "-b", "16", str(narrow), "pad", "0", "0.8"],
            check=True,
        )
        with wave.open(str(narrow)) as w:
            total += w.getnframes() / w.getframerate()
        parts.append(narrow)
        i += 1
    subprocess.run(["sox", "-R", *map(str, parts), str(out)], check=True)
    with wave.open(str(out)) as w:
        return w.readframes(w.getnframes())


class Tally:
    """Word-shown latencies of one call: the partials of the utterance in progress, then its final."""

    def __init__(self) -> None:
        self.sent_at: list[float] = []  # when each frame went out
        self.shown: list[tuple[float, int]] = []  # (when, how many words) of this utterance's partials
        self.words: list[float] = []
        self.late = 0

    def answer(self, answer: dict, now: float) -> None:
        if "partial" in answer:
            self.shown.append((now, len(answer["partial"].split())))
            return
        for i, word in enumerate(answer.get("result", [])):
            frame = min(len(self.sent_at) - 1, int(word["end"] / FRAME_SECONDS))
            first = next((at for at, count in self.shown if count > i), now)
            self.late += first == now
            self.words.append(max(0.0, first - self.sent_at[frame]))
        self.shown.clear()


async def one_call(url: str, token: str, pcm: bytes) -> tuple[list[float], list[float], int]:
    """Stream in real time; returns (frame answer latencies, word latencies, words only in finals)."""
    step = int(8000 * FRAME_SECONDS) * 2
    frame_lat: list[float] = []
    tally = Tally()
    async with websockets.connect(url, additional_headers={"Authorization": f"Bearer {token}"}) as ws:
        await ws.send(json.dumps({"config": {"sample_rate": 8000}}))
        start = time.monotonic()
        for n, at in enumerate(range(0, len(pcm), step)):
            await asyncio.sleep(max(0.0, start + n * FRAME_SECONDS - time.monotonic()))
            sent = time.monotonic()
            tally.sent_at.append(sent)
            await ws.send(pcm[at : at + step])
            answer = json.loads(await ws.recv())
            now = time.monotonic()
            frame_lat.append(now - sent)
            tally.answer(answer, now)
        await ws.send('{"eof" : 1}')
        tally.answer(json.loads(await ws.recv()), time.monotonic())  # the last utterance's words
    return frame_lat, tally.words, tally.late


def plain_call(model, pcm: bytes, out: list) -> None:
    """vosk's own loop, no server: a fresh KaldiRecognizer fed 100 ms frames in real time."""
    import vosk

    from voice.live import PcmResampler

    recognizer = vosk.KaldiRecognizer(model, 16000)
    recognizer.SetWords(True)
    resampler = PcmResampler(8000, 16000)
    step = int(8000 * FRAME_SECONDS) * 2
    frame_lat: list[float] = []
    tally = Tally()
    start = time.monotonic()
    for n, at in enumerate(range(0, len(pcm), step)):
        time.sleep(max(0.0, start + n * FRAME_SECONDS - time.monotonic()))
        sent = time.monotonic()
        tally.sent_at.append(sent)
        ended = recognizer.AcceptWaveform(resampler.resample(pcm[at : at + step]))
        answer = json.loads(recognizer.Result() if ended else recognizer.PartialResult())
        now = time.monotonic()
        frame_lat.append(now - sent)
        tally.answer(answer, now)
    tally.answer(json.loads(recognizer.FinalResult()), time.monotonic())  # the last utterance's words
    out.append((frame_lat, tally.words, tally.late))


def run_plain(pcm: bytes, streams: int) -> tuple[list[float], list[float], int]:
    import vosk

    vosk.SetLogLevel(-1)
    model = vosk.Model(str(next((REPO / "models" / "vosk").glob("vosk-model-small-ko*"))))
    results: list = []
    threads = [threading.Thread(target=plain_call, args=(model, pcm, results)) for _ in range(streams)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [x for r in results for x in r[0]], [x for r in results for x in r[1]], sum(r[2] for r in results)


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) >= 2 else (values or [float("nan")])[0]


async def run_level(url: str, token: str, pcm: bytes, streams: int) -> tuple[list[float], list[float], int]:
    results = await asyncio.gather(*(one_call(url, token, pcm) for _ in range(streams)))
    return [x for r in results for x in r[0]], [x for r in results for x in r[1]], sum(r[2] for r in results)


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
    parser.add_argument("--engines", default="vosk-plain,vosk,whisper")
    parser.add_argument("--streams", default="1,4")
    parser.add_argument(
        "--cold",
        dest="warm",
        action="store_false",
        help="warm up with one call only (the server's first calls at once meet fresh recognizers)",
    )
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
        print(
            f"load average at start: {os.getloadavg()[0]:.1f} ({time.strftime('%H:%M UTC', time.gmtime())}); "
            f"calls of {args.seconds:.0f} s at 8 kHz"
        )
        print("engine     streams  frame answer p50/p95 (ms)  word shown p50/p95 (ms)  words  only in final")
        for engine in args.engines.split(","):
            language = LANGUAGE[engine]
            pcm = build_call(language, args.seconds, work / f"call-{language}.wav")
            url = f"ws://127.0.0.1:{port}/ws/asr?language={language}&sample_rate=8000"
            if engine != "vosk-plain":  # warm up: model loaded, as many warm recognizers as calls at once
                most = max(int(s) for s in args.streams.split(","))
                asyncio.run(run_level(url, token, pcm[: 16000 * 2], most if args.warm else 1))
            for streams in (int(s) for s in args.streams.split(",")):
                if engine == "vosk-plain":
                    frames, words, late = run_plain(pcm, streams)
                else:
                    frames, words, late = asyncio.run(run_level(url, token, pcm, streams))
                frame_ms = f"{pct(frames, 50) * 1000:9.0f} / {pct(frames, 95) * 1000:<9.0f}"
                word_ms = f"{pct(words, 50) * 1000:9.0f} / {pct(words, 95) * 1000:<9.0f}"
                print(f"{engine:10} {streams:7}  {frame_ms}     {word_ms}   {len(words):5}  {late}")
        print(
            f"load average at the end: {os.getloadavg()[0]:.1f} ({time.strftime('%H:%M UTC', time.gmtime())})"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
