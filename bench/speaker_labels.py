"""Speaker labels on generated shows at a grid of distances: pick on tuning shows, check on held-out.

    nice -n 10 .venv/bin/python bench/speaker_labels.py --tune bench/out/dev-id-1.wav \\
        bench/out/dev-id-2.wav --check bench/out/held-id-10[1-4].*

Segments are the builder's own utterances (so the figure is the labelling alone, not the ASR's
segmentation); each gets a speaker vector from the chosen embedder and its band from the file
(voice.talkshow), then voice.talkshow.label_speakers names them at every distance of the grid
(callers first, then studio voices with the callers' pick). Printed per show: diarization error
(as bench/talkshow_bench.py scores it), caller labels found against the truth, and whether the
repeat caller got their first label back. The pick is the middle of the range of distances with the
lowest mean error on the tuning shows; the held-out shows are then scored at the picks only.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from talkshow_bench import score_segments  # noqa: E402
from talkshow_wer import repeat_caller  # noqa: E402

from voice import speakers  # noqa: E402
from voice.audio import decode_pcm, pcm_to_float  # noqa: E402
from voice.dvector import STRIDE_FRAMES  # noqa: E402
from voice.talkshow import label_speakers, measure_band  # noqa: E402
from voice.types import Gap, Segment  # noqa: E402

GRID = (0.06, 0.08, 0.1, 0.12, 0.15, 0.18, 0.22, 0.27, 0.33)


def prepared(show: Path, embedder: str, stride: int | None = None):
    """Truth segments, their vectors and the band profile (vectors cached next to the show)."""
    truth = json.loads(show.with_suffix(".truth.json").read_text())
    segments = [Segment(t["start"], t["end"], t["text"]) for t in truth["turns"]]
    kind = f"dvector-stride{stride or STRIDE_FRAMES}" if embedder == "dvector" else embedder
    cache = show.with_suffix(f".{kind}.npy")  # the window stride changes the vectors: the name says it
    if cache.exists():
        vectors = list(np.load(cache))
    else:
        embed = _embedder(embedder, stride)
        audio = pcm_to_float(b"".join(decode_pcm(show, sample_rate=16000)))
        vectors = []
        for seg in segments:
            clip = audio[int(seg.start * 16000) : int(seg.end * 16000)]
            vectors.append(embed((np.clip(clip, -1, 1) * 32767).astype("<i2").tobytes()))
        np.save(cache, np.stack(vectors))
    gaps = tuple(Gap(m["start"], m["end"], "music") for m in truth["music"] if not m.get("under"))
    return truth, segments, vectors, gaps, measure_band(show)


def _embedder(name: str, stride: int | None = None):
    if name == "dvector":
        from voice.dvector import DVectorEmbedder

        return DVectorEmbedder(stride_frames=stride)
    from voice.longform import deterministic_model_dir
    from voice.models import list_models, speaker_model_path

    models = REPO / "models"
    front = next(m for m in list_models(models_dir=models) if m.engine == "vosk")
    return speakers.VoskEmbedder(
        deterministic_model_dir(front.absolute_path(models)),
        deterministic_model_dir(speaker_model_path(models), conf="mfcc.conf"),
    )


def evaluate(show: Path, data, distances: speakers.Distances) -> dict:
    truth, segments, vectors, gaps, profile = data
    labelled, _ = label_speakers(segments, vectors, gaps, profile, distances=distances)
    rows = [{"start": s.start, "end": s.end, "speaker": s.speaker, "band": s.band} for s in labelled]
    scored = score_segments(rows, show.with_suffix(".truth.json"))
    callers = len({s.speaker for s in labelled if s.speaker.startswith("caller")})
    true_callers = len({t["speaker"] for t in truth["turns"] if t["band"] == "phone"})
    return {
        "der": scored["der"],
        "band": scored["band_accuracy"],
        "callers": f"{callers}/{true_callers}",
        "hosts": len({s.speaker for s in labelled if s.band == "studio"}),
        "repeat": repeat_caller(truth, labelled),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", nargs="+", type=Path, required=True)
    parser.add_argument("--check", nargs="*", type=Path, default=[])
    parser.add_argument("--embedder", choices=("dvector", "xvector"), default="dvector")
    parser.add_argument("--stride", type=int, help="d-vector window stride, frames")
    args = parser.parse_args()
    base = speakers.DVECTOR if args.embedder == "dvector" else speakers.XVECTOR
    tune = {show: prepared(show, args.embedder, args.stride) for show in args.tune}
    picked = base
    for field in ("same_caller", "same_studio"):  # callers and studio voices are labelled apart
        means: dict[float, float] = {}
        for d in GRID:
            distances = replace(picked, **{field: d})
            results = {show: evaluate(show, data, distances) for show, data in tune.items()}
            mean = float(np.mean([r["der"] for r in results.values()]))
            cells = "  ".join(
                f"{show.stem}: DER {r['der']:.1%} callers {r['callers']} studio {r['hosts']} "
                f"repeat {r['repeat']}"
                for show, r in results.items()
            )
            print(f"{field} {d:.2f}: mean DER {mean:.1%}  {cells}", flush=True)
            means[d] = mean
        plateau = [d for d in GRID if means[d] <= min(means.values()) + 1e-9]
        pick = plateau[(len(plateau) - 1) // 2]  # the middle of the best range, not its edge
        picked = replace(picked, **{field: pick})
        print(f"picked {field} {pick:.2f} of {plateau} (in use: {getattr(base, field):.2f})")
    distances = picked
    for show in args.check:
        r = evaluate(show, prepared(show, args.embedder, args.stride), distances)
        print(
            f"held out {show.name}: DER {r['der']:.1%}, band {r['band']:.1%}, callers {r['callers']}, "
            f"studio labels {r['hosts']}, repeat caller kept {r['repeat']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
