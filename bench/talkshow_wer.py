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
with other chunking (longest chunk, shortest pause cut at), `--beam N` with another Whisper beam size
(the path's: `voice.talkshow.WHISPER_BEAM`; the alone side keeps the engine's 5), for comparing
variants on the same files.

At the end: the gap (talkshow WER minus alone WER, word-weighted over the shows) and a 95% interval
for it from a bootstrap over shows (shows drawn with replacement, 10,000 draws, numpy
default_rng(0), the gap word-weighted again in each draw). `--record FILE` appends each show's
figures (counts and scores, never words) to FILE as a JSON line, so shows measured in batches
survive a stopped run; `--combine FILE ...` reads such files instead of decoding and prints the
same summary over every show in them (the last record of a show wins).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from talkshow_bench import score_segments  # noqa: E402
from talkshow_rtf import beam  # noqa: E402

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
HELD_OUT = {*range(101, 115), *range(121, 137)}  # talkshow seeds never tuned on: no words printed
DRAWS = 10_000


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


def gap_interval(
    words: Sequence[float], talkshow: Sequence[float], alone: Sequence[float], *, draws: int = DRAWS
) -> tuple[float, float, float]:
    """The word-weighted gap (talkshow − alone WER) over shows, and its 95% bootstrap interval over
    shows (`talkshow` and `alone` are each show's word errors, WER × words)."""
    n = np.asarray(words, dtype=float)
    extra = np.asarray(talkshow, dtype=float) - np.asarray(alone, dtype=float)
    picks = np.random.default_rng(0).integers(0, len(n), size=(draws, len(n)))
    gaps = extra[picks].sum(axis=1) / n[picks].sum(axis=1)
    low, high = np.percentile(gaps, [2.5, 97.5])
    return float(extra.sum() / n.sum()), float(low), float(high)


def summary(records: Sequence[dict]) -> None:
    """Overall WER both sides, the gap with its bootstrap interval, and the structure figures."""
    words = [r["words"] for r in records]
    mine, theirs = [r["talkshow_errors"] for r in records], [r["alone_errors"] for r in records]
    n = max(1, sum(words))
    print(f"all: WER talkshow {sum(mine) / n:.1%}, alone {sum(theirs) / n:.1%} ({n} words)")
    gap, low, high = gap_interval(words, mine, theirs)
    print(
        f"gap talkshow − alone: {gap * 100:+.1f} points, 95% interval {low * 100:+.1f} to {high * 100:+.1f} "
        f"({len(records)} shows, bootstrap over shows, {DRAWS} draws, default_rng(0))"
    )
    ders = [r["der"] for r in records]
    repeats = [r["repeat_caller"] for r in records if r["repeat_caller"] is not None]
    print(
        f"band {min(r['band'] for r in records):.1%}–{max(r['band'] for r in records):.1%}; "
        f"DER {min(ders):.1%}–{max(ders):.1%} (median {float(np.median(ders)):.1%}); "
        f"caller count right on {sum(r['callers'] == r['true_callers'] for r in records)} of "
        f"{len(records)}; repeat caller kept on {sum(repeats)} of {len(repeats)}"
    )


def combine(files: Sequence[Path]) -> None:
    """Print every recorded show's figures and the summary over all of them."""
    shows: dict[str, dict] = {}
    for file in files:
        for line in file.read_text().splitlines():
            if line.strip():
                record = json.loads(line)
                shows[record["show"]] = record
    for r in shows.values():
        print(
            f"{r['show']}: {r['words']} words, WER talkshow {r['talkshow_errors'] / r['words']:.1%}, "
            f"alone {r['alone_errors'] / r['words']:.1%}, "
            f"gap {(r['talkshow_errors'] - r['alone_errors']) / r['words'] * 100:+.1f}; "
            f"band {r['band']:.1%}; DER {r['der']:.1%} (confusion {r['confusion']:.1%}); "
            f"callers {r['callers']} of {r['true_callers']}; "
            f"repeat caller kept: {r['repeat_caller']}; RTF {r['rtf']:.3f} (load {r['load']:.1f})"
        )
    summary(list(shows.values()))


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
    parser.add_argument("--beam", type=int, help="a variant: the talkshow side's Whisper beam (path's: 3)")
    parser.add_argument("--record", type=Path, help="append each show's figures (no words) to this file")
    parser.add_argument(
        "--combine", action="store_true", help="the arguments are --record files: summarise, decode nothing"
    )
    args = parser.parse_args()
    if args.combine:
        combine(args.shows)
        return
    for show in args.shows if args.detail else ():
        seed = json.loads(show.with_suffix(".truth.json").read_text()).get("seed")
        if seed in HELD_OUT:
            parser.error(f"{show.name} is a held-out show (seed {seed}): --detail would print its words")
    variant(max_chunk=args.max_chunk, cut_pause=args.cut_pause)
    records: list[dict] = []
    table_all: dict[str, dict[str, Counter]] = {k: {"talkshow": Counter(), "alone": Counter()} for k in KINDS}
    for show in args.shows:
        truth = json.loads(show.with_suffix(".truth.json").read_text())
        language = truth.get("language", "ko")
        reference = " ".join(t["text"] for t in truth["turns"])
        load = os.getloadavg()[0]
        start = time.perf_counter()
        with beam(args.beam) if args.beam else contextlib.nullcontext():
            decoded = decode_talkshow(show, language=language, models_dir=MODELS, workers=args.workers)
        transcript = talkshow_transcript(decoded, language=language)
        wall = time.perf_counter() - start
        scored = score_segments(transcript.to_dict()["segments"], show.with_suffix(".truth.json"))
        stitched = wer(reference, transcript.text)
        alone_texts = cached_alone(show, truth, language, args.alone_cache)
        single = wer(reference, " ".join(alone_texts))
        words = len(tokens(reference))
        callers = [s for s in scored["speakers_found"] if s.startswith("caller")]
        true_callers = [s for s in truth["speakers"] if s.startswith("caller")]
        kept = repeat_caller(truth, list(transcript.segments))
        records.append(
            {
                "show": show.name,
                "words": words,
                "talkshow_errors": stitched * words,
                "alone_errors": single * words,
                "band": scored["band_accuracy"],
                "der": scored["der"],
                "confusion": scored["der_confusion"],
                "miss": scored["der_miss"],
                "false_alarm": scored["der_false_alarm"],
                "callers": len(callers),
                "true_callers": len(true_callers),
                "repeat_caller": kept,
                "rtf": wall / truth["duration"],
                "load": load,
            }
        )
        if args.record:
            with args.record.open("a") as out:
                out.write(json.dumps(records[-1]) + "\n")
        print(
            f"{show.name} ({transcript.engine}, {truth['duration'] / 60:.1f} min): "
            f"WER talkshow {stitched:.1%}, "
            f"alone {single:.1%}; wall {wall:.0f} s, RTF {wall / truth['duration']:.3f} (load {load:.1f}); "
            f"band {scored['band_accuracy']:.1%}; DER {scored['der']:.1%} (confusion "
            f"{scored['der_confusion']:.1%}); chunks {transcript.metadata.get('chunks')}; "
            f"callers {len(callers)} of {len(true_callers)}; "
            f"labels {sorted(scored['speakers_found'])}; repeat caller kept: {kept}",
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
    summary(records)
    if len(args.shows) > 1:
        print_breakdown(table_all)


if __name__ == "__main__":
    main()
