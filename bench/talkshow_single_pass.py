"""vosk-transcriber's loop in this process, with its CPU split by how much of each 5 s is speech.

    PYTHONPATH=$PWD .venv/bin/python bench/talkshow_single_pass.py bench/out/talkshow-15.wav

The same calls as vosk-transcriber (one KaldiRecognizer with words, 4,000-byte pieces, Result() at
endpoints, PartialResult() otherwise) on the dither-free model the talkshow path uses, timed in the
thread's CPU clock, so that its cost per second of audio can be set beside the chunked decode's
cost per second of speech (bench/talkshow_profile.py) at the same load.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from voice.audio import decode_pcm  # noqa: E402
from voice.longform import deterministic_model_dir, scan_speech  # noqa: E402
from voice.models import resolve_model  # noqa: E402

PIECE = 4000  # bytes, vosk-transcriber's CHUNK_SIZE
BLOCK = 5 * 32000  # bytes: 5 s at 16 kHz


def main() -> None:
    import vosk

    audio = Path(sys.argv[1])
    models = REPO / "models"
    chosen = resolve_model(language="ko", models_dir=models)
    model = vosk.Model(str(deterministic_model_dir(chosen.absolute_path(models))))
    speech = scan_speech(audio)
    rec = vosk.KaldiRecognizer(model, 16000.0)
    rec.SetWords(True)
    pcm = b"".join(decode_pcm(audio, sample_rate=16000, chunk_frames=4000))
    blocks, spent, results, total = [], 0.0, 0, time.thread_time()
    for i in range(0, len(pcm), PIECE):
        start = time.thread_time()
        if rec.AcceptWaveform(pcm[i : i + PIECE]):
            rec.Result()
            results += 1
        else:
            rec.PartialResult()
        spent += time.thread_time() - start
        if (i + PIECE) % BLOCK == 0:
            blocks.append((i / 32000, spent))
            spent = 0.0
    rec.FinalResult()
    total = time.thread_time() - total
    mask = np.zeros(len(pcm) // 32000 + 10)
    for region in speech.regions:
        mask[int(region.start) : int(np.ceil(region.end))] = 1
    share = np.array([mask[int(s) : int(s) + 5].mean() for s, _ in blocks])
    cost = np.array([c for _, c in blocks])
    print(f"total {total:.1f} CPU-s over {len(pcm) / 32000:.0f} s of audio, {results} results at endpoints")
    for lo, hi in ((0.0, 0.01), (0.01, 0.99), (0.99, 1.01)):
        part = (share >= lo) & (share < hi)
        seconds = part.sum() * 5
        spent = float(cost[part].sum())
        print(f"speech share {lo}-{hi}: {seconds} s, {spent:.1f} CPU-s, {spent / max(1, seconds):.3f}/s")


if __name__ == "__main__":
    main()
