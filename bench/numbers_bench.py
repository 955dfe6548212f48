"""Measure spoken numbers end to end: Whisper base, then nlp's reading, with and without the number pass.

For every item of a set built by bench/numbers_build.py, clean and through the telephone channel:
  before  — the first pass read by the normalizer as it was before issue 19 (main at BASELINE, from git);
  nlp     — the same transcript read by nlp.read_numbers (near-misses, punctuation, pairs);
  pass4   — an older number pass read from git (--old-pass-at; by default PASS_BASELINE, session 4's:
            each stretch decoded alone in Whisper's 30 s window), with today's nlp choosing and reading;
  pass    — voice.numbers.number_pass now (one batched, short-context decode per file, n-best), nlp
            choosing between readings, then nlp.read_numbers.
Both passes run on the same first pass in the same process, item by item, alternating which goes first,
so their times (wall and CPU seconds) compare side by side.
Prints exact-string accuracy and digit error rate per kind and channel, WER on the ordinary sentences with
and without the pass, and decoding time. Report figures on held-out seeds (1000 and above) only.

    nice -n 10 .venv/bin/python bench/numbers_build.py --seed 1019 --count 40
    nice -n 10 .venv/bin/python bench/numbers_bench.py --seed 1019 --old-pass-at 5acdb56 --breakdown

Tuning (seeds below 1000 only): --cached-first-pass reuses a saved first pass, --dump writes every reading.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np
from rapidfuzz.distance import Levenshtein

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
OUT = REPO / "bench" / "out" / "numbers"
BASELINE = "075755b"  # main before issue 19: the normalizer the "before" column reads with
PASS_BASELINE = "278a8eb"  # main after session 4: the number pass whose cost was +113-126%


def from_git(commit: str, path: str, name: str):
    """A module as it was at `commit`, loaded from git as a module of its own."""
    source = subprocess.run(
        ["git", "-C", str(REPO), "show", f"{commit}:{path}"], capture_output=True, text=True, check=True
    ).stdout
    target = OUT / f"{name}.py"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source)
    spec = importlib.util.spec_from_file_location(name, target)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def old_normalize():
    """The normalizer as it was at BASELINE."""
    return from_git(BASELINE, "nlp/normalize.py", "normalize_before").normalize


def load_audio(path: Path) -> np.ndarray:
    from voice.audio import decode_pcm

    pcm = b"".join(decode_pcm(path, sample_rate=16000))
    return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0


def digits_of(text: str) -> str:
    return "".join(re.findall(r"[0-9]", text))


def read_new(text: str, kind: str) -> str:
    """What nlp reads now: the spoken digit strings, or the amount."""
    from nlp.normalize import normalize
    from nlp.numbers import read_numbers

    if kind == "amount":
        return digits_of(normalize(text).text)
    numbers = [n.digits for n in read_numbers(text) if n.kind != "amount"]
    return "".join(numbers) or digits_of(normalize(text).text)


def flagged(segments: list, kind: str) -> bool:
    """Would Suara ask a person to confirm this number (a digit under nlp.CONFIRM_BELOW, or no fit)?"""
    from nlp.numbers import read_numbers
    from nlp.types import TimedWord

    text = " ".join(s.text for s in segments)
    words = [TimedWord(w.text, w.start, w.end, w.confidence) for s in segments for w in s.words]
    numbers = [n for n in read_numbers(text, words) if (n.kind == "amount") == (kind == "amount")]
    return not numbers or any(n.needs_confirmation for n in numbers)


def words_of(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed", type=int, action="append", required=True)
    parser.add_argument("--channels", default="clean,tel")
    parser.add_argument("--no-choose", action="store_true", help="keep the number-only reading by rule")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--context", type=float, default=None, help="seconds the encoder sees per stretch")
    parser.add_argument("--hypotheses", type=int, default=None, help="n-best readings per stretch")
    parser.add_argument("--beam", type=int, default=None, help="the number-only decoder's beam size")
    parser.add_argument("--timestamps", action="store_true", help="decode with timestamp tokens")
    parser.add_argument("--tail", type=float, default=None, help="seconds a stretch runs after its words")
    parser.add_argument("--no-repeat-ngram", type=int, default=None, help="the n-gram ban, in tokens")
    parser.add_argument("--tokens-per-second", type=float, default=None, help="the reading's length limit")
    parser.add_argument("--widen", type=int, default=None, help="1: stretches take in following unsure words")
    parser.add_argument("--prompt", default=None, help="the number pass's digit prompt, instead of its own")
    parser.add_argument("--unprompted", type=int, default=None, help="n-best readings decoded without prompt")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a constant of voice.numbers, or of another module by its dotted name (tuning: --set"
        " SILENCE_PAD=False, --set nlp.numbers.SETTLED=2)",
    )
    parser.add_argument("--no-old-pass", action="store_true", help="skip session 4's pass (faster)")
    parser.add_argument(
        "--old-pass-at",
        default=PASS_BASELINE,
        help="commit whose voice/numbers.py is the 'pass4' column (default: session 4's, PASS_BASELINE)",
    )
    parser.add_argument(
        "--cached-first-pass",
        action="store_true",
        help="reuse the first pass saved by an earlier run (tuning only: its time is not measured again)",
    )
    parser.add_argument("--breakdown", action="store_true", help="where the digits are lost, by kind")
    parser.add_argument("--dump", type=Path, help="write every item's readings to this JSON file")
    args = parser.parse_args(argv)

    from nlp.numbers import choose_reading
    from voice.engines.whisper import WhisperEngine
    from voice.numbers import number_pass
    from voice.types import Segment

    before_norm = old_normalize()
    old_pass = (
        None if args.no_old_pass else from_git(args.old_pass_at, "voice/numbers.py", "numbers_s4").number_pass
    )
    tuning = {
        k: v
        for k, v in (
            ("context", args.context),
            ("hypotheses", args.hypotheses),
            ("beam_size", args.beam),
            ("tail", args.tail),
            ("no_repeat_ngram", args.no_repeat_ngram),
            ("tokens_per_second", args.tokens_per_second),
            ("widen", None if args.widen is None else bool(args.widen)),
            ("unprompted", args.unprompted),
        )
        if v is not None
    }
    tuning |= {"timestamps": True} if args.timestamps else {}
    if args.prompt is not None:
        import voice.numbers

        voice.numbers.DIGIT_PROMPTS = (args.prompt,)
    for assignment in args.set:
        import ast

        import voice.numbers

        name, _, value = assignment.partition("=")
        module_name, _, name = name.rpartition(".")
        module = importlib.import_module(module_name) if module_name else voice.numbers
        if not hasattr(module, name):
            parser.error(f"{module.__name__} has no {name}")
        setattr(module, name, ast.literal_eval(value))
    engine = WhisperEngine(REPO / "models" / "whisper" / "whisper-base", language="id")
    choose = None if args.no_choose else choose_reading
    engine.transcribe_array(np.zeros(16000, dtype=np.float32))  # load and warm up outside the timings
    if choose is not None:  # nlp's lexicon is built once per process: by whichever pass chose first
        choose(["semilan lapan tuyuh nam", "lima enam"])  # near-misses: the lexicon is built
    rows = []
    for seed in args.seed:
        folder = OUT / f"seed-{seed}"
        items = [json.loads(line) for line in (folder / "manifest.jsonl").read_text().splitlines()]
        cache_file = folder / "first-pass.json"
        cache = json.loads(cache_file.read_text()) if args.cached_first_pass and cache_file.exists() else {}
        for item in items:
            for channel in args.channels.split(","):
                audio = load_audio(folder / item[channel])
                key = item[channel]
                t0 = time.perf_counter()
                if key in cache:
                    segments = [Segment.from_dict(s) for s in cache[key]["segments"]]
                    t0 -= cache[key]["seconds"]
                else:
                    segments = engine.transcribe_array(audio)
                t1 = time.perf_counter()
                cache[key] = {"segments": [asdict(s) for s in segments], "seconds": t1 - t0}
                # Alternating which pass goes first (A B, then B A) so neither always runs on warmer caches.
                runs = {}
                order = ("new", "old") if len(rows) % 2 == 0 else ("old", "new")
                for which in order:
                    if which == "old" and not old_pass:
                        continue
                    w0, c0 = time.perf_counter(), time.process_time()
                    if which == "new":
                        out = number_pass(engine.model, audio, segments, choose=choose, **tuning)
                    else:
                        out = old_pass(engine.model, audio, segments, choose=choose)
                    runs[which] = (out, time.perf_counter() - w0, time.process_time() - c0)
                (passed, report), t_pass, c_pass = runs["new"]
                (old, _), t_pass4, c_pass4 = runs.get("old", ((passed, report), 0.0, 0.0))
                first = " ".join(s.text for s in segments)
                second = " ".join(s.text for s in passed)
                row = {**item, "seed": seed, "channel": channel, "first": first, "second": second,
                       "second4": " ".join(s.text for s in old), "t_first": t1 - t0, "t_pass": t_pass,
                       "t_pass4": t_pass4, "cpu_pass": c_pass, "cpu_pass4": c_pass4, "stretches": len(report),
                       "kept": [r.kept for r in report],
                       "spans": [[r.stretch.start, r.stretch.end, r.stretch.reason] for r in report],
                       "words": [[w.start, w.end, w.text, w.confidence] for s in segments for w in s.words],
                       "readings": [list(r.readings) for r in report]}  # fmt: skip
                if item["kind"] != "sentence":
                    row["before"] = digits_of(before_norm(first).text)
                    row["nlp"] = read_new(first, item["kind"])
                    row["pass4"] = read_new(row["second4"], item["kind"])
                    row["pass"] = read_new(second, item["kind"])
                    row["flagged"] = flagged(passed, item["kind"])
                    row["oracle"] = any(
                        read_new(text, item["kind"]) == item["expected"]
                        for texts in row["readings"]
                        for text in texts
                    )
                rows.append(row)
                if args.verbose:
                    print(
                        json.dumps(
                            {k: row[k] for k in ("expected", "first", "second4", "second") if k in row},
                            ensure_ascii=False,
                        )
                    )
        cache_file.write_text(json.dumps(cache, ensure_ascii=False))
    if args.dump:
        args.dump.write_text(json.dumps(rows, ensure_ascii=False, indent=1))
    print(f"pass4 = the number pass at {'(none)' if args.no_old_pass else args.old_pass_at}")
    report_rows(rows)
    if args.breakdown:
        breakdown(rows)
    return 0


def loss(row: dict) -> str:
    """Why one number came out as it did after the pass (see `breakdown`)."""
    right = row["pass"] == row["expected"]
    if row["nlp"] == row["expected"]:
        return "right in the first pass" if right else "right first, broken by the pass"
    if right:
        return "fixed by the pass"
    if not row["stretches"]:
        return "wrong: no stretch found"
    if row["oracle"]:
        return "wrong: a right reading was offered, not chosen"
    if not any(row["readings"]):
        return "wrong: no reading at all"
    best = max((read_new(t, row["kind"]) for texts in row["readings"] for t in texts[:1]), key=len)
    if len(best) < len(row["expected"]):
        return "wrong: re-decode has too few digits"
    if len(best) > len(row["expected"]):
        return "wrong: re-decode has too many digits"
    return "wrong: re-decode has wrong digits (right count)"


def breakdown(rows: list[dict]) -> None:
    """Count every number item by where its digits were lost, per channel."""
    numbers = [r for r in rows if r["kind"] != "sentence"]
    labels = sorted({loss(r) for r in numbers})
    print(f"{'where the digits go':<48}{'clean':>7}{'tel':>7}")
    for label in labels:
        counts = [sum(loss(r) == label for r in numbers if r["channel"] == c) for c in ("clean", "tel")]
        print(f"{label:<48}{counts[0]:>7}{counts[1]:>7}")
    kept = [k for r in numbers for k in r["kept"]]
    print(f"stretches: {len(kept)}, reading kept in {kept.count('after')}")


def report_rows(rows: list[dict]) -> None:
    numbers = [r for r in rows if r["kind"] != "sentence"]
    print(f"{len(numbers)} number items, {len(rows) - len(numbers)} sentences (each per channel)")
    print(
        f"{'kind':<10}{'channel':<8}{'n':>4}  "
        + "  ".join(f"{c + ' exact/DER':>18}" for c in ("before", "nlp", "pass4", "pass"))
    )
    kinds = [*sorted({r["kind"] for r in numbers}), "all digits"]
    for kind in kinds:
        for channel in ("clean", "tel"):
            sel = [
                r
                for r in numbers
                if r["channel"] == channel
                and (r["kind"] == kind or (kind == "all digits" and r["kind"] != "amount"))
            ]
            if not sel:
                continue
            cells = []
            for col in ("before", "nlp", "pass4", "pass"):
                exact = sum(r[col] == r["expected"] for r in sel) / len(sel)
                wrong = sum(Levenshtein.distance(r["expected"], r[col]) for r in sel)
                der = wrong / sum(len(r["expected"]) for r in sel)
                cells.append(f"{exact:>9.0%} / {der:>5.1%}")
            print(f"{kind:<10}{channel:<8}{len(sel):>4}  " + "  ".join(f"{c:>18}" for c in cells))
    wrong = [r for r in numbers if r["pass"] != r["expected"]]
    right = [r for r in numbers if r["pass"] == r["expected"]]
    print(
        f"needs confirmation after the pass: {sum(r['flagged'] for r in wrong)} of {len(wrong)} wrong,"
        f" {sum(r['flagged'] for r in right)} of {len(right)} right ones"
    )
    for channel in ("clean", "tel"):
        sel = [r for r in rows if r["kind"] == "sentence" and r["channel"] == channel]
        if not sel:
            continue
        ref = sum(len(words_of(r["expected"])) for r in sel)
        w1 = sum(Levenshtein.distance(words_of(r["expected"]), words_of(r["first"])) for r in sel) / ref
        w2 = sum(Levenshtein.distance(words_of(r["expected"]), words_of(r["second"])) for r in sel) / ref
        w4 = sum(Levenshtein.distance(words_of(r["expected"]), words_of(r["second4"])) for r in sel) / ref
        touched = sum(r["stretches"] > 0 for r in sel)
        print(
            f"sentences {channel:<6} WER first pass {w1:.1%}, with the old pass {w4:.1%},"
            f" with number pass {w2:.1%} ({touched}/{len(sel)} re-decoded)"
        )
    for label, sel in (
        ("numbers", numbers),
        ("sentences", [r for r in rows if r["kind"] == "sentence"]),
        ("all", rows),
    ):
        first = sum(r["t_first"] for r in sel)
        extra = sum(r["t_pass"] for r in sel)
        extra4 = sum(r["t_pass4"] for r in sel)
        if first:
            print(
                f"decode time {label:<10} first pass {first:6.1f} s,"
                f" old pass +{extra4:5.1f} s ({extra4 / first:+.0%}),"
                f" number pass now +{extra:5.1f} s ({extra / first:+.0%})"
            )
    cpu = [sum(r.get(k, 0.0) for r in numbers) for k in ("cpu_pass4", "cpu_pass")]
    print(f"CPU time of the passes on number items: old {cpu[0]:.1f} s, now {cpu[1]:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
