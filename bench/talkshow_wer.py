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
keeps its text per show and model (keyed by the hash of the file and of the Whisper engine's code)
and a second run, e.g. of another branch's talkshow path on the same shows, reuses it instead of
decoding every utterance again.

Where the talkshow path loses words, per utterance: each decoded word goes to the utterance nearest
its middle, both sides are aligned to that utterance's text, and the errors (substitutions,
deletions, insertions) are summed by how the chunks met the utterance: "own" (one chunk holds it
alone), "shared" (one chunk holds it with other utterances), "cut" (a chunk boundary falls inside
it), "trimmed" (its chunk starts late or ends early: the speech scan cut into it), "missed" (no
chunk reached it). Deleted words are also counted at an utterance's edge (first or last word)
against inside, and words decoded far from any utterance (music, gaps) apart. `--detail` lists the
utterances where the talkshow path did worst against decoding alone (tuning shows only: printing
held-out shows' words is looking at them). `--max-chunk S` and `--cut-pause S` run the talkshow side
with other chunking (longest chunk, shortest pause cut at), for comparing variants on the same files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from talkshow_bench import score  # noqa: E402

from voice.audio import decode_pcm  # noqa: E402
from voice.longform import Chunk  # noqa: E402
from voice.models import resolve_model  # noqa: E402
from voice.repetition import tokens  # noqa: E402
from voice.talkshow import decode_talkshow, talkshow_transcript  # noqa: E402
from voice.transcribe import load_engine  # noqa: E402
from voice.types import Segment  # noqa: E402

MODELS = REPO / "models"
PAD = 0.2
FAR = 1.0  # a decoded word farther than this from every utterance is counted "outside"
EDGE_SLACK = 0.05  # seconds a chunk may start after (end before) an utterance before it counts as trimmed
KINDS = ("own", "shared", "cut", "trimmed", "missed")


def wer(reference: str, hypothesis: str) -> float:
    import jiwer

    ref, hyp = " ".join(tokens(reference)), " ".join(tokens(hypothesis))
    return float(jiwer.wer(ref, hyp)) if hyp else 1.0


def alone(show: Path, truth: dict, language: str) -> list[str]:
    """Every utterance decoded on its own, in order: one text per utterance."""
    engine = load_engine(
        resolve_model(language=language, models_dir=MODELS), models_dir=MODELS, language=language
    )
    texts = []
    for turn in truth["turns"]:
        start = max(0.0, turn["start"] - PAD)
        pcm = decode_pcm(show, sample_rate=16000, start=start, duration=turn["end"] - start + PAD)
        texts.append(" ".join(s.text for s in engine.transcribe_pcm(pcm)))
    return texts


def cached_alone(show: Path, truth: dict, language: str, cache: Path | None) -> list[str]:
    """alone(), read from `cache` when this file was decoded there with the same model before."""
    if cache is None:
        return alone(show, truth, language)
    model = resolve_model(language=language, models_dir=MODELS).name
    engines = (REPO / "voice" / "engines" / "whisper.py").read_bytes()  # the alone side's decoder
    digest = hashlib.sha256(show.read_bytes() + engines).hexdigest()[:16]
    entry = cache / f"{show.stem}-{digest}-{model}.alone.json"
    if not entry.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        entry.write_text(json.dumps(alone(show, truth, language), ensure_ascii=False, indent=0))
    return json.loads(entry.read_text())


def kind(turn: dict, chunks: Sequence[Chunk], turns: list[dict]) -> str:
    """How the chunks met one utterance (see the module's docstring)."""
    start, end = turn["start"], turn["end"]
    held = [c for c in chunks if min(c.end, end) - max(c.start, start) > 0.1]
    if not held:
        return "missed"
    if len(held) > 1:
        return "cut"
    chunk = held[0]
    if chunk.start > start + EDGE_SLACK or chunk.end < end - EDGE_SLACK:
        return "trimmed"
    shared = any(t is not turn and min(chunk.end, t["end"]) > max(chunk.start, t["start"]) for t in turns)
    return "shared" if shared else "own"


def assign(segments: Sequence[Segment], turns: list[dict]) -> tuple[list[list[str]], list[str]]:
    """Decoded words per utterance (nearest to each word's middle), and the words far from all."""
    per: list[list[str]] = [[] for _ in turns]
    outside: list[str] = []
    for word in (w for s in segments for w in s.words):
        middle = (word.start + word.end) / 2
        gaps = [max(t["start"] - middle, middle - t["end"], 0.0) for t in turns]
        best = min(range(len(turns)), key=gaps.__getitem__)
        (per[best] if gaps[best] <= FAR else outside).append(word.text)
    return per, outside


def errors(reference: list[str], hypothesis: list[str]) -> Counter:
    """Substitutions, deletions (at the utterance's edge or inside) and insertions of one alignment."""
    from rapidfuzz.distance import Levenshtein

    found: Counter = Counter()
    for op in Levenshtein.editops(reference, hypothesis):
        if op.tag == "delete":
            edge = op.src_pos in (0, len(reference) - 1)
            found["D edge" if edge else "D inside"] += 1
        else:
            found["S" if op.tag == "replace" else "I"] += 1
    return found


def breakdown(
    truth: dict, chunks: Sequence[Chunk], segments: Sequence[Segment], alone_texts: list[str]
) -> tuple[dict[str, dict[str, Counter]], list[tuple[int, dict, str, str, str]]]:
    """Errors of both sides summed per kind of utterance, and every utterance where the talkshow
    path did worse: (extra errors, utterance, kind, talkshow words, alone words)."""
    turns = truth["turns"]
    per, outside = assign(segments, turns)
    table: dict[str, dict[str, Counter]] = {k: {"talkshow": Counter(), "alone": Counter()} for k in KINDS}
    worse = []
    for turn, said, single in zip(turns, per, alone_texts, strict=True):
        ref = tokens(turn["text"])
        what = kind(turn, chunks, turns)
        mine = errors(ref, tokens(" ".join(said)))
        theirs = errors(ref, tokens(single))
        table[what]["talkshow"] += mine + Counter(utterances=1, words=len(ref))
        table[what]["alone"] += theirs + Counter(utterances=1, words=len(ref))
        extra = sum(mine.values()) - sum(theirs.values())
        if extra > 0:
            worse.append((extra, turn, what, " ".join(said), single))
    table["missed"]["talkshow"]["I outside"] += len(tokens(" ".join(outside)))
    return table, sorted(worse, key=lambda w: (-w[0], w[1]["start"]))


def print_breakdown(table: dict[str, dict[str, Counter]]) -> None:
    print("  utterances by kind: errors talkshow | alone (S subst., D deleted at edge/inside, I inserted)")
    for what in KINDS:
        mine, theirs = table[what]["talkshow"], table[what]["alone"]
        if mine["utterances"]:
            cells = [
                f"S {c['S']:>3} D {c['D edge']:>3}/{c['D inside']:<3} I {c['I']:>3}" for c in (mine, theirs)
            ]
            print(
                f"  {what:<8} {mine['utterances']:>3} utt {mine['words']:>4} words: {cells[0]} | {cells[1]}"
            )
    print(
        f"  words decoded outside every utterance (music, gaps): {table['missed']['talkshow']['I outside']}"
    )


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


def variant(*, max_chunk: float | None, cut_pause: float | None) -> None:
    """The talkshow path with other chunking, for this process only (the alone side does not chunk)."""
    import voice.longform

    if max_chunk is None and cut_pause is None:
        return
    plan = voice.longform.plan_chunks

    def planned(speech, **kwargs):
        if max_chunk is not None:
            kwargs["max_seconds"] = max_chunk
        if cut_pause is not None:
            kwargs["cut_pause"] = cut_pause
        return plan(speech, **kwargs)

    voice.longform.plan_chunks = planned


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shows", nargs="+", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--alone-cache", type=Path, help="keep and reuse the alone side's text here")
    parser.add_argument("--detail", action="store_true", help="list the worst utterances (tuning shows only)")
    parser.add_argument(
        "--max-chunk", type=float, help="a variant: the longest chunk in seconds (path's: 30)"
    )
    parser.add_argument(
        "--cut-pause", type=float, help="a variant: cut chunks at pauses this long (path's: 0.3)"
    )
    args = parser.parse_args()
    variant(max_chunk=args.max_chunk, cut_pause=args.cut_pause)
    totals = {"talkshow": 0.0, "alone": 0.0, "words": 0}
    table_all: dict[str, dict[str, Counter]] = {k: {"talkshow": Counter(), "alone": Counter()} for k in KINDS}
    for show in args.shows:
        truth = json.loads(show.with_suffix(".truth.json").read_text())
        language = truth.get("language", "ko")
        reference = " ".join(t["text"] for t in truth["turns"])
        load = os.getloadavg()[0]
        start = time.perf_counter()
        decoded = decode_talkshow(show, language=language, models_dir=MODELS, workers=args.workers)
        transcript = talkshow_transcript(decoded, language=language)
        wall = time.perf_counter() - start
        with tempfile.NamedTemporaryFile("w", suffix=".json") as out:
            out.write(transcript.to_json())
            out.flush()
            scored = score(Path(out.name), show.with_suffix(".truth.json"))
        stitched = wer(reference, transcript.text)
        alone_texts = cached_alone(show, truth, language, args.alone_cache)
        single = wer(reference, " ".join(alone_texts))
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
        table, worse = breakdown(truth, decoded.result.chunks, transcript.segments, alone_texts)
        print_breakdown(table)
        for what in KINDS:
            for side in ("talkshow", "alone"):
                table_all[what][side] += table[what][side]
        for extra, turn, what, said, single_text in worse[:12] if args.detail else ():
            where = f"{turn['start']:.1f}-{turn['end']:.1f} {turn['speaker']}"
            print(f"  +{extra} {what} {where}: {turn['text']!r}")
            print(f"      talkshow {said!r}\n      alone    {single_text!r}")
    n = max(1, totals["words"])
    print(f"all: WER talkshow {totals['talkshow'] / n:.1%}, alone {totals['alone'] / n:.1%} ({n} words)")
    if len(args.shows) > 1:
        print_breakdown(table_all)


if __name__ == "__main__":
    main()
