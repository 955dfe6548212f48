"""Stitching loses no words: the talkshow path's word error rate against decoding each utterance alone.

    .venv/bin/python bench/talkshow_build.py --language id --minutes 7 --seed 101 --mp3 64 \\
        --out bench/out/held-id-101.wav
    nice -n 10 .venv/bin/python bench/talkshow_wer.py bench/out/held-id-101.mp3 [more shows]

Both sides use the same Whisper model and engine settings on the same file: "talkshow" is
voice.talkshow.transcribe_talkshow with 2 workers (speech scan, chunks planned at pauses and band
changes, decoded in parallel, stitched); "alone" cuts every utterance of the builder's truth out of
the file (0.2 s either side) and decodes it on its own. Word error rate is against the spoken
text, lower-cased without punctuation. Also printed: the talkshow run's wall time and real-time
factor (load average alongside), band accuracy, diarization error (as bench/talkshow_bench.py scores
it), caller labels found against the true number, and whether the repeat caller got their label back.

The "alone" side does not depend on how the talkshow path chunks or stitches, so `--alone-cache DIR`
keeps its text per show and model (keyed by the file's hash) and a second run, e.g. of another
branch's talkshow path on the same shows, reuses it instead of decoding every utterance again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from talkshow_bench import score  # noqa: E402

from voice.audio import decode_pcm  # noqa: E402
from voice.models import resolve_model  # noqa: E402
from voice.repetition import tokens  # noqa: E402
from voice.talkshow import transcribe_talkshow  # noqa: E402
from voice.transcribe import load_engine  # noqa: E402

MODELS = REPO / "models"
PAD = 0.2


def wer(reference: str, hypothesis: str) -> float:
    import jiwer

    ref, hyp = " ".join(tokens(reference)), " ".join(tokens(hypothesis))
    return float(jiwer.wer(ref, hyp)) if hyp else 1.0


def alone(show: Path, truth: dict, language: str) -> str:
    """Every utterance decoded on its own, in order."""
    engine = load_engine(
        resolve_model(language=language, models_dir=MODELS), models_dir=MODELS, language=language
    )
    texts = []
    for turn in truth["turns"]:
        start = max(0.0, turn["start"] - PAD)
        pcm = decode_pcm(show, sample_rate=16000, start=start, duration=turn["end"] - start + PAD)
        texts += [s.text for s in engine.transcribe_pcm(pcm)]
    return " ".join(texts)


def cached_alone(show: Path, truth: dict, language: str, cache: Path | None) -> str:
    """alone(), read from `cache` when this file was decoded there with the same model before."""
    if cache is None:
        return alone(show, truth, language)
    model = resolve_model(language=language, models_dir=MODELS).name
    digest = hashlib.sha256(show.read_bytes()).hexdigest()[:16]
    entry = cache / f"{show.stem}-{digest}-{model}.alone.txt"
    if not entry.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        entry.write_text(alone(show, truth, language))
    return entry.read_text()


def repeat_caller(truth: dict, segments: list) -> bool | None:
    """Does every call of the caller who called more than once carry one label (None: nobody did)?"""
    calls: list[tuple[str, list[dict]]] = []
    for turn in truth["turns"]:
        if turn["band"] != "phone":
            continue
        if calls and calls[-1][0] == turn["speaker"] and turn["start"] - calls[-1][1][-1]["end"] < 30:
            calls[-1][1].append(turn)
        else:
            calls.append((turn["speaker"], [turn]))
    labels: dict[str, set[str]] = {}
    for who, turns in calls:
        talk: dict[str, float] = {}
        for seg in segments:
            for t in turns:
                overlap = min(seg.end, t["end"]) - max(seg.start, t["start"])
                if overlap > 0:
                    talk[seg.speaker] = talk.get(seg.speaker, 0.0) + overlap
        if talk:
            labels.setdefault(who, set()).add(max(talk, key=talk.__getitem__))
    again = [who for who in labels if sum(1 for w, _ in calls if w == who) > 1]
    return all(len(labels[who]) == 1 for who in again) if again else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shows", nargs="+", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--alone-cache", type=Path, help="keep and reuse the alone side's text here")
    args = parser.parse_args()
    totals = {"talkshow": 0.0, "alone": 0.0, "words": 0}
    for show in args.shows:
        truth = json.loads(show.with_suffix(".truth.json").read_text())
        language = truth.get("language", "ko")
        reference = " ".join(t["text"] for t in truth["turns"])
        load = os.getloadavg()[0]
        start = time.perf_counter()
        transcript = transcribe_talkshow(show, language=language, models_dir=MODELS, workers=args.workers)
        wall = time.perf_counter() - start
        with tempfile.NamedTemporaryFile("w", suffix=".json") as out:
            out.write(transcript.to_json())
            out.flush()
            scored = score(Path(out.name), show.with_suffix(".truth.json"))
        stitched = wer(reference, transcript.text)
        single = wer(reference, cached_alone(show, truth, language, args.alone_cache))
        words = len(tokens(reference))
        totals["talkshow"] += stitched * words
        totals["alone"] += single * words
        totals["words"] += words
        callers = [s for s in scored["speakers_found"] if s.startswith("caller")]
        true_callers = [s for s in truth["speakers"] if s.startswith("caller")]
        print(
            f"{show.name} ({transcript.engine}, {truth['duration'] / 60:.1f} min): "
            f"WER talkshow {stitched:.1%}, "
            f"alone {single:.1%}; wall {wall:.0f} s, RTF {wall / truth['duration']:.3f} (load {load:.1f}); "
            f"band {scored['band_accuracy']:.1%}; DER {scored['der']:.1%} (confusion "
            f"{scored['der_confusion']:.1%}); chunks {transcript.metadata.get('chunks')}; "
            f"callers {len(callers)} of {len(true_callers)}; "
            f"labels {sorted(scored['speakers_found'])}; repeat caller kept: "
            f"{repeat_caller(truth, list(transcript.segments))}",
            flush=True,
        )
    n = max(1, totals["words"])
    print(f"all: WER talkshow {totals['talkshow'] / n:.1%}, alone {totals['alone'] / n:.1%} ({n} words)")


if __name__ == "__main__":
    main()
