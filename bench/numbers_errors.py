"""Sort every digit string the number pass left wrong by cause, from a `numbers_bench.py --dump`.

`--breakdown` in the bench says where a number's digits went (stretch, offered readings, choice); this says
what is wrong with the digits that came out, by comparing them with what was said:

  no stretch found          the pass never listened again (the first pass's digits stand)
  pass not run              a stretch was found but not decoded (no number word spelt right in it)
  right reading rejected    a reading decoded reads exactly right, but the pass's checks set it aside
                            (`_sane`, `_number_shaped`, `_covering`, as the code in the tree has them)
  right reading not chosen  a reading that passed those checks reads exactly right; `choose` took another
  split number              nlp read two or more digit strings where one was said (a word between them)
  extra digit before/after  the digits said, with one or more digits more at the start or the end
  digit(s) dropped          the digits said with some left out (nothing else wrong)
  one digit misheard        the right length, one digit different
  several digits misheard   the right length, two or more different
  extra before, and more    digits added before the first digit said, and others dropped or changed
  dropped and misheard      digits left out and others changed, none added
  mixed                     digits added inside the number, with others lost or changed

Each cause is counted per channel; with --show the items of a cause are printed (said, read, the first pass's
words and the readings offered). Tuning seeds only (below 1000).

    PYTHONPATH=$PWD nice -n 15 .venv/bin/python bench/numbers_errors.py /tmp/num19i_base.json --show extra
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from rapidfuzz.distance import Levenshtein

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CAUSES = (
    "no stretch found",
    "pass not run",
    "right reading rejected",
    "right reading not chosen",
    "split number",
    "extra digit before",
    "extra digit after",
    "digit(s) dropped",
    "one digit misheard",
    "several digits misheard",
    "extra before, and more",
    "dropped and misheard",
    "mixed",
)


def digit_strings(text: str) -> list[str]:
    """The digit strings nlp reads in a transcript (amounts left out), as the bench joins them."""
    from nlp.numbers import read_numbers

    return [n.digits for n in read_numbers(text) if n.kind != "amount"]


def right_passed_checks(row: dict) -> bool:
    """Did a reading that reads exactly right pass the pass's checks (so `choose` saw it)?"""
    import voice.numbers as n
    from bench.numbers_bench import read_new
    from voice.types import Word

    words = [Word(a, b, t, *(c or [0.9])) for a, b, t, *c in row["words"]]
    prompted = n.HYPOTHESES * len(n.DIGIT_PROMPTS)  # then the recital retry's readings (RETRY_PROMPT)
    for (start, end, reason), readings in zip(row["spans"], row["readings"], strict=True):
        old = [w for w in words if start <= (w.start + w.end) / 2 <= end]
        stretch = n.Stretch(start, end, reason)
        # The prompt each reading was decoded with, as the pass in the tree checks it (before `_decoded_with`
        # the retry's readings were checked against every prompt: None).
        sources = [k // n.HYPOTHESES if k < prompted else -1 for k in range(len(readings))]
        decoded_with = getattr(n, "_decoded_with", lambda src, prompts: prompts[src] if src >= 0 else None)
        said_by = [decoded_with(src, n.DIGIT_PROMPTS) for src in sources]
        sane = [
            k for k, t in enumerate(readings) if n._sane(t, old, stretch, said_by[k]) and n._number_shaped(t)
        ]
        sane = n._covering(sane, readings, old)
        if any(read_new(readings[k], row["kind"]) == row["expected"] for k in sane):
            return True
    return False


def cause(row: dict, column: str = "pass") -> str:
    """Why the digits read after the pass are not the digits said (the first cause that applies)."""
    said, got = row["expected"], row[column]
    if not row["stretches"]:
        return "no stretch found"
    if not any(row["readings"]):
        return "pass not run"
    if row["oracle"]:
        return "right reading not chosen" if right_passed_checks(row) else "right reading rejected"
    if len(digit_strings(row["second4" if column == "pass4" else "second"])) > 1:
        return "split number"
    if len(got) > len(said) and got.endswith(said):
        return "extra digit before"
    if len(got) > len(said) and got.startswith(said):
        return "extra digit after"
    ops = Levenshtein.editops(said, got)
    kinds = {op.tag for op in ops}
    if kinds == {"delete"}:
        return "digit(s) dropped"
    if kinds == {"replace"}:
        return "one digit misheard" if len(ops) == 1 else "several digits misheard"
    if ops[0].tag == "insert" and ops[0].src_pos == 0:
        return "extra before, and more"
    if kinds == {"delete", "replace"}:
        return "dropped and misheard"
    return "mixed"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("dump", type=Path)
    parser.add_argument("--show", default=None, help="print the items whose cause contains this text")
    parser.add_argument(
        "--old-pass", action="store_true",
        help="sort the bench's old-pass column (--old-pass-at; the same decoded readings, its own choice)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    rows = [r for r in json.loads(args.dump.read_text()) if r["kind"] not in ("sentence", "amount")]
    counts: dict[str, Counter[str]] = {c: Counter() for c in ("clean", "tel")}
    column = "pass4" if args.old_pass else "pass"
    for row in rows:
        channel = counts[row["channel"]]
        if row[column] == row["expected"]:
            channel["exact"] += 1
            continue
        why = cause(row, column)
        channel[why] += 1
        if args.show and args.show in why:
            keys = ("channel", "kind", "expected", "nlp", "pass", "first", "second", "readings", "kept")
            print(json.dumps({k: row[k] for k in keys}, ensure_ascii=False))
    total = {c: sum(counts[c].values()) for c in counts}
    print(f"{'digit strings':<28}{'clean':>7}{'tel':>7}")
    for label in ("exact", *CAUSES):
        print(f"{label:<28}{counts['clean'][label]:>7}{counts['tel'][label]:>7}")
    print(f"{'all':<28}{total['clean']:>7}{total['tel']:>7}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
