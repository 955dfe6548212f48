"""The terminal desk feeds the live transcript from its own thread: the recorder's writer thread (which
calls `on_audio` and flushes the call to disk every second) never waits for a Whisper decode."""

from __future__ import annotations

import io
import time
import wave
from pathlib import Path

from api.desk.console import Console
from tests.audio import run, speak
from voice import open_live_stream


def test_the_recorder_never_waits_for_the_decoder(models_dir: Path, tmp_path: Path) -> None:
    clip = speak("Selamat pagi, saya mau melapor jalan rusak", tmp_path / "said.wav", voice="id", rate=16000)
    padded = tmp_path / "call.wav"
    run("sox", str(clip), str(padded), "pad", "0.5", "1.0")
    with wave.open(str(padded)) as w:
        pcm = w.readframes(w.getnframes())
    out = io.StringIO()
    screen = Console(open_live_stream(language="id", models_dir=models_dir, client_rate=16000), out=out)
    slowest = 0.0
    for at in range(0, len(pcm), 3200):  # 100 ms blocks, as the recorder hands them over
        began = time.perf_counter()
        screen.on_audio(pcm[at : at + 3200], rate=16000, channels=1)
        slowest = max(slowest, time.perf_counter() - began)
    assert slowest < 0.05, f"a block waited {slowest:.2f} s for the decoder"
    screen.finish()
    printed = out.getvalue().lower()
    assert "pagi" in printed or "selamat" in printed, printed
