"""Does a second faster-whisper worker let two live Whisper calls decode at once on this machine?

faster-whisper's WhisperModel runs one transcription at a time per worker (num_workers=1 by default),
so two live calls' decodes queue behind each other. This decodes one window of generated Indonesian
speech (about 6 s, what a live window holds mid-utterance) once alone and twice from two threads at
once, with one worker (ctranslate2's default threads) and with two workers of one thread each, and
prints the wall time of each. A second worker only helps if "two at once" gets shorter than twice
"one decode".

    PYTHONPATH=$PWD nice -n 10 .venv/bin/python bench/whisper_workers.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
import wave
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.audio import speak  # noqa: E402

TEXT = "Selamat pagi, saya mau melapor jalan di desa kami rusak sudah tiga bulan tidak diperbaiki"


def main() -> None:
    from faster_whisper import WhisperModel

    clip = speak(TEXT, Path(tempfile.mkdtemp(prefix="suara-workers-")) / "id.wav", voice="id", speed=130)
    with wave.open(str(clip)) as w:
        audio = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768
    path = next((REPO / "models" / "whisper").iterdir())
    print(f"load average at start: {os.getloadavg()[0]:.1f}; window of {len(audio) / 16000:.1f} s")
    for workers, threads in ((1, 0), (2, 1)):
        model = WhisperModel(
            str(path), device="cpu", compute_type="int8", cpu_threads=threads, num_workers=workers
        )

        def decode(model: WhisperModel = model) -> None:
            list(model.transcribe(audio, language="id", beam_size=1, vad_filter=False)[0])

        decode()  # warm up
        start = time.monotonic()
        decode()
        one = time.monotonic() - start
        start = time.monotonic()
        pair = [threading.Thread(target=decode) for _ in range(2)]
        for thread in pair:
            thread.start()
        for thread in pair:
            thread.join()
        two = time.monotonic() - start
        label = f"num_workers={workers} cpu_threads={threads or 'default'}"
        print(f"{label}: one decode {one:.2f} s, two at once {two:.2f} s")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
