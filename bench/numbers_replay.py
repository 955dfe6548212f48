"""Replay the number pass's choice on a `numbers_bench.py --dump` (no decoding): try a choice rule in seconds.

Each decoded stretch's offered readings go through voice.numbers' filters (`_sane`, `_number_shaped`,
`_covering`) and nlp's `choose_reading` as in the pass; the kept reading's words replace the first pass's
in the stretch (no alignment: nlp reads words, not times) and nlp reads the transcript. The first line
must reproduce the dump's own results (the "same as dump" count equals n) before a variant's figures mean
anything. Tuning seeds only (below 1000).

    nice -n 10 .venv/bin/python bench/numbers_bench.py --seed 3 --seed 5 --cached-first-pass --no-old-pass \
        --dump /tmp/main.json
    nice -n 10 .venv/bin/python bench/numbers_replay.py /tmp/main.json --avoid-prompt-pairs
    nice -n 10 .venv/bin/python bench/numbers_replay.py /tmp/main.json --trim-recital
    nice -n 10 .venv/bin/python bench/numbers_replay.py /tmp/main.json --settled 0.5  # gate
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from rapidfuzz.distance import Levenshtein

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def trim_recital(text: str, old: list) -> str:
    """The reading without its runs of PROMPT_GRAM or more of the prompt's words in the prompt's order that
    the first pass did not hear (the decoder reciting its prompt), instead of the whole reading rejected."""
    import voice.numbers as n

    prompt = n._prompt_words(n.DIGIT_PROMPT)
    heard = n._grams([n._as_number_word(w.text) for w in old], n.PROMPT_GRAM)
    tokens = text.split()
    said = [re.sub(r"[^a-z0-9]", "", t.lower()) for t in tokens]
    drop = [False] * len(tokens)
    g = n.PROMPT_GRAM
    for i in range(len(said) - g + 1):
        gram = tuple(said[i : i + g])
        if gram in heard:
            continue
        for j in range(len(prompt) - g + 1):
            if tuple(prompt[j : j + g]) == gram:
                for k in range(i, i + g):
                    drop[k] = True
    return " ".join(t for t, d in zip(tokens, drop, strict=True) if not d)


def choose_again(readings: list[str], old: list, start: float, end: float, gram: int) -> int | None:
    """The reading the pass would keep (None: the first pass's stands); with `gram`, readings saying that
    many of the prompt's words in its order, unheard in the first pass, are set aside when others remain."""
    import voice.numbers as n
    from nlp.numbers import choose_reading

    stretch = n.Stretch(start, end, "replay")
    before = " ".join(w.text for w in old)
    # The dump keeps readings in the pass's order: HYPOTHESES per prompt, then the recital retry's (-1).
    prompted = n.HYPOTHESES * len(n.DIGIT_PROMPTS)
    sources = [k // n.HYPOTHESES if k < prompted else -1 for k in range(len(readings))]
    said_by = [n._decoded_with(src, n.DIGIT_PROMPTS) for src in sources]
    sane = [k for k, t in enumerate(readings) if n._sane(t, old, stretch, said_by[k]) and n._number_shaped(t)]
    sane = n._covering(sane, readings, old)
    if gram:
        unheard = n._grams(n._prompt_words(n.DIGIT_PROMPT), gram)
        unheard -= n._grams([n._as_number_word(w.text) for w in old], gram)
        said = {
            k: [w for w in (re.sub(r"[^a-z0-9]", "", t.lower()) for t in readings[k].split()) if w]
            for k in sane
        }
        sane = [k for k in sane if not n._grams(said[k], gram) & unheard] or sane
    if not sane:
        return None
    pick = choose_reading([readings[k] for k in sane] + [before], first=len(sane))
    return sane[pick] if pick < len(sane) else None


def settled(inside: list, conf: float, kinds: tuple[str, ...] = ("mobile", "nik")) -> bool:
    """Is the first reading of a stretch a valid number of one of `kinds`, every digit at least `conf` sure
    (a misspelt digit word is under 1.0 before the recogniser's confidence multiplies it)?"""
    from nlp.numbers import read_numbers
    from nlp.types import TimedWord

    text = " ".join(w.text for w in inside)
    timed = [TimedWord(w.text, w.start, w.end, w.confidence) for w in inside]
    return any(n.kind in kinds and n.plausible and n.confidence >= conf for n in read_numbers(text, timed))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("dump", type=Path)
    parser.add_argument("--avoid-prompt-pairs", action="store_true", help="set aside unheard prompt pairs")
    parser.add_argument("--trim-recital", action="store_true", help="cut recited prompt runs out of readings")
    parser.add_argument(
        "--settled", type=float, default=None, metavar="CONF",
        help="a stretch whose first reading is a valid mobile number or NIK with every digit at least CONF"
        " sure is not decoded (its first reading stands)",
    )  # fmt: skip
    parser.add_argument("--settled-any", action="store_true", help="--settled for any plausible number")
    args = parser.parse_args(argv)
    kinds = ("mobile", "nik", "landline", "number") if args.settled_any else ("mobile", "nik")
    from bench.numbers_bench import read_new
    from voice.types import Word

    items = [x for x in json.loads(args.dump.read_text()) if x["kind"] not in ("sentence", "amount")]
    for gram in (0, 2) if args.avoid_prompt_pairs else (0,):
        for channel in ("clean", "tel"):
            rows = [x for x in items if x["channel"] == channel]
            got = []
            gated: list = []
            for x in rows:
                words = [Word(a, b, t, *(c or [0.9])) for a, b, t, *c in x["words"]]
                for (start, end, _reason), readings in zip(x["spans"], x["readings"], strict=True):
                    inside = [w for w in words if start <= (w.start + w.end) / 2 <= end]
                    if args.trim_recital:
                        readings = [trim_recital(t, inside) for t in readings]
                        readings = [t for t in readings if t] or readings
                    if args.settled is not None and settled(inside, args.settled, kinds):
                        gated.append((x, start))
                        readings = []
                    kept = choose_again(readings, inside, start, end, gram) if readings else None
                    if kept is not None:
                        new = [Word(start, end, t, 0.9) for t in readings[kept].split()]
                        words = sorted([w for w in words if w not in inside] + new, key=lambda w: w.start)
                got.append(read_new(" ".join(w.text for w in words), x["kind"]))
            exact = sum(g == x["expected"] for g, x in zip(got, rows, strict=True))
            errors = sum(Levenshtein.distance(g, x["expected"]) for g, x in zip(got, rows, strict=True))
            der = errors / sum(len(x["expected"]) for x in rows)
            same = sum(g == x["pass"] for g, x in zip(got, rows, strict=True))
            print(f"prompt pairs set aside: {bool(gram)!s:5} {channel:5} n={len(rows)} exact {exact} "
                  f"digit error {der:.1%} same as dump {same}")  # fmt: skip
            if args.settled is not None:
                pairs = list(zip(got, rows, strict=True))
                lost = sum(g != x["pass"] and x["pass"] == x["expected"] for g, x in pairs)
                won = sum(g != x["pass"] and g == x["expected"] for g, x in pairs)
                whole = [x for x in rows if x["spans"] and all((x, s) in gated for s, _e, _r in x["spans"])]
                print(
                    f"  settled stretches {len(gated)}, items with every stretch settled {len(whole)} "
                    f"(their pass time {sum(x['t_pass'] for x in whole):.1f} s of "
                    f"{sum(x['t_pass'] for x in rows):.1f} s); exact lost {lost}, gained {won}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
