"""What a live Vosk stream pays for, measured on a plain vosk.KaldiRecognizer (no server, no pacing).

1. Partial words: a generated call (bench/live_latency.py's) is fed in 100 ms frames as fast as it
   decodes, with and without SetPartialWords; for the i-th word of each final result it prints how
   many seconds of audio had been fed past the word's end when a partial first held i+1 words. This is
   the model's own delay, free of any load.
2. Warm recognizers: the CPU time of 10 s of that call on a fresh recognizer, then on the same one
   after FinalResult (what voice.engines.vosk's pool hands to the next call), and on another fresh one.

    PYTHONPATH=$PWD nice -n 10 .venv/bin/python bench/vosk_live_costs.py
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.live_latency import build_call  # noqa: E402

FRAME = 3200  # bytes: 100 ms at 16 kHz


def call_pcm(seconds: float) -> bytes:
    """The live bench's generated Korean call, at the model's 16 kHz."""
    import soxr

    pcm = build_call("ko", seconds, Path(tempfile.mkdtemp(prefix="suara-vosk-costs-")) / "call.wav")
    samples = soxr.resample(np.frombuffer(pcm, dtype="<i2"), 8000, 16000)
    return samples.astype("<i2").tobytes()


def audio_delays(model, pcm: bytes, *, partial_words: bool) -> list[float]:
    import vosk

    recognizer = vosk.KaldiRecognizer(model, 16000)
    recognizer.SetWords(True)
    recognizer.SetPartialWords(partial_words)
    shown: list[tuple[float, int]] = []  # (seconds fed, words in the partial)
    delays: list[float] = []

    def final(result: str, fed: float) -> None:
        for i, word in enumerate(json.loads(result).get("result", [])):
            first = next((when for when, count in shown if count > i), fed)
            delays.append(first - word["end"])
        shown.clear()

    for at in range(0, len(pcm), FRAME):
        fed = (at + FRAME) / 32000
        if recognizer.AcceptWaveform(pcm[at : at + FRAME]):
            final(recognizer.Result(), fed)
        else:
            shown.append((fed, len(json.loads(recognizer.PartialResult())["partial"].split())))
    final(recognizer.FinalResult(), len(pcm) / 32000)
    return delays


def cpu_seconds(recognizer, pcm: bytes) -> float:
    start = time.process_time()
    for at in range(0, len(pcm), FRAME):
        if recognizer.AcceptWaveform(pcm[at : at + FRAME]):
            recognizer.Result()
        else:
            recognizer.PartialResult()
    recognizer.FinalResult()
    return time.process_time() - start


def main() -> None:
    import vosk

    vosk.SetLogLevel(-1)
    model = vosk.Model(str(next((REPO / "models" / "vosk").glob("vosk-model-small-ko*"))))
    pcm = call_pcm(20)
    for flag in (True, False):
        delays = sorted(audio_delays(model, pcm, partial_words=flag))
        p95 = delays[int(0.95 * (len(delays) - 1))]
        print(
            f"SetPartialWords({flag}): a word first shown {statistics.median(delays):.2f} s (median), "
            f"{p95:.2f} s (p95) of audio after its end, {len(delays)} words"
        )
    ten = pcm[: 10 * 32000]
    first = vosk.KaldiRecognizer(model, 16000)
    print(f"CPU for 10 s of audio: fresh recognizer {cpu_seconds(first, ten):.2f} s", end="")
    print(f", the same after FinalResult {cpu_seconds(first, ten):.2f} s", end="")
    print(f", another fresh one {cpu_seconds(vosk.KaldiRecognizer(model, 16000), ten):.2f} s")


if __name__ == "__main__":
    main()
