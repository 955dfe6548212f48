"""How often Whisper loops over whole segments, and whether the engine's guard hears the window again.

Each case is one window of 3-7 short phrases (greetings, thanks, a street complaint) spoken by random
espeak-ng Indonesian variants at 120-175 words a minute, with pauses of 0.6-2 s between them (`gaps`),
or the same phrases followed by 10-25 s of a synthesised music bed (`music`). The raw decode (the
engine's settings, no guard) is checked with voice.repetition: a window "loops alone" where one
segment is a loop by itself, "loops over segments" where only consecutive segments together are
(`looping_spans`); for those, the guarded decode (`WhisperEngine.transcribe_array`) is printed beside
the raw one, with how many of the spoken phrases it heard (a phrase counts when at least half of its
words are in the transcript).

    PYTHONPATH=$PWD nice -n 10 .venv/bin/python bench/segment_loops.py --kind gaps --seeds 0-69
    PYTHONPATH=$PWD nice -n 10 .venv/bin/python bench/segment_loops.py --kind music --seeds 0-29
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from repetition_bench import CHORDS, load_audio, music_bed, run  # noqa: E402

from voice.engines.whisper import WhisperEngine  # noqa: E402
from voice.models import resolve_model  # noqa: E402
from voice.repetition import is_repetitive, looping_spans, tokens  # noqa: E402

PHRASES = (
    "Selamat pagi pak.", "Halo, selamat pagi.", "Terima kasih.", "Iya pak.", "Baik, silakan.",
    "Saya dari Purbalingga.", "Jalan rusak pak.", "Oke, terima kasih banyak.",
    "Lanjut ke penelepon berikutnya.", "Assalamualaikum.", "Ya, halo?", "Sudah pak.",
)  # fmt: skip
VARIANTS = ("", "+m1", "+m2", "+m3", "+f1", "+f2", "+f3", "+klatt")
RATE = 16000


def make_case(kind: str, seed: int, work: Path) -> tuple[np.ndarray, list[str]]:
    """One window's audio and the phrases spoken in it (the probe that found the loop, seed for seed)."""
    rng = random.Random(seed)
    parts, said = [], []
    for k in range(rng.randint(3, 7)):
        raw = work / f"{seed}-{k}.wav"
        voice, speed, phrase = "id" + rng.choice(VARIANTS), rng.randint(120, 175), rng.choice(PHRASES)
        run("espeak-ng", "-v", voice, "-s", str(speed), "-w", str(raw), phrase)
        gap = rng.uniform(0.6, 2.0) if kind == "gaps" else 0.0
        parts += [load_audio(raw), np.zeros(int(gap * RATE), np.float32)]
        said.append(phrase)
    if kind == "music":
        seconds = rng.uniform(10, 25)
        parts.append(load_audio(music_bed(work / f"{seed}-bed.wav", f"{seconds:.2f}", rng.choice(CHORDS))))
    return np.concatenate(parts), said


def phrases_heard(said: list[str], text: str) -> int:
    heard = set(tokens(text))
    return sum(1 for phrase in said if 2 * sum(w in heard for w in tokens(phrase)) >= len(tokens(phrase)))


def _seeds(spec: str) -> list[int]:
    first, _, last = spec.partition("-")
    return list(range(int(first), int(last or first) + 1))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kind", choices=("gaps", "music"), default="gaps")
    parser.add_argument("--seeds", default="0-69", help="a range, e.g. 0-69")
    args = parser.parse_args()
    models = REPO / "models"
    model = resolve_model(language="id", models_dir=models, engine="whisper")
    engine = WhisperEngine(model.absolute_path(models), language="id")
    alone = over = 0
    seeds = _seeds(args.seeds)
    with tempfile.TemporaryDirectory() as tmp:
        for seed in seeds:
            audio, said = make_case(args.kind, seed, Path(tmp))
            decoded = engine._decode(audio, offset=0.0, channel=None)
            pieces = [(segment.text, seconds) for segment, seconds in decoded]
            alone += any(is_repetitive(*piece) for piece in pieces)
            runs = [(a, b) for a, b in looping_spans(pieces) if b - a > 1]
            if not runs:
                continue
            over += 1
            guarded = " ".join(s.text for s in engine.transcribe_array(audio))
            raw = " ".join(text for text, _ in pieces)
            print(f"seed {seed}: {len(said)} phrases, {len(pieces)} segments, runs {runs}")
            print(f"  raw     ({phrases_heard(said, raw)} of {len(said)} phrases heard): {raw}")
            print(f"  guarded ({phrases_heard(said, guarded)} of {len(said)} phrases heard): {guarded}")
    print(f"{args.kind}, {len(seeds)} windows: {alone} with a segment that loops alone, {over} over segments")


if __name__ == "__main__":
    main()
