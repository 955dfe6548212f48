"""Issue 19, session 16 (not adopted): each stretch encoded over a short context (the stretch and 1 or 2 s),
followed by the encoder's frames of 10 s of silence from where it ends (shortN), or alone (bareN), against
today's encode over 10 s; readings and CPU seconds a stretch, alternating (tuning seeds only).

    PYTHONPATH=$PWD nice -n 15 .venv/bin/python bench/numbers_short_encode.py --seed 3 --items 12
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--items", type=int, default=12)
    ap.add_argument("--skip", type=int, default=0)
    ap.add_argument("--margins", default="1,2")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    assert args.seed < 1000

    import ctranslate2
    from faster_whisper.tokenizer import Tokenizer

    import voice.numbers as vn
    from bench.numbers_bench import OUT, load_audio
    from voice.engines.whisper import WhisperEngine
    from voice.types import Segment

    engine = WhisperEngine(REPO / "models" / "whisper" / "whisper-base", language="id")
    engine.transcribe_array(np.zeros(16000, dtype=np.float32))
    model = engine.model
    silence = np.array(model.encode(np.zeros((1, 80, 1000), dtype=np.float32)))[0]  # zero features, 10 s
    folder = OUT / f"seed-{args.seed}"
    cache = json.loads((folder / "first-pass.json").read_text())
    items = [json.loads(line) for line in (folder / "manifest.jsonl").read_text().splitlines()]
    items = [i for i in items if i["kind"] != "sentence"][args.skip : args.skip + args.items]
    options = dict(language="id", beam_size=5, hypotheses=vn.HYPOTHESES, context=vn.CONTEXT_SECONDS)
    tok = Tokenizer(model.hf_tokenizer, True, task="transcribe", language="id")
    vn._narrow_decoder(
        model,
        set(tok.encode(" " + vn.DIGIT_PROMPT)) | set(tok.sot_sequence) | {tok.sot_prev, tok.no_timestamps},
    )
    margins = [float(m) for m in args.margins.split(",")]
    variants = ["base", *(f"short{m:g}" for m in margins), *(f"bare{m:g}" for m in margins[:1])]
    cpu = {v: 0.0 for v in variants}
    same = {v: 0 for v in variants}
    rows = []
    n = 0
    for item in items:
        for channel in ("clean", "tel"):
            audio = load_audio(folder / item[channel])
            segs = [Segment.from_dict(s) for s in cache[item[channel]]["segments"]]
            words = [w for s in segs for w in s.words]
            for st in vn.find_number_stretches(words, len(audio) / 16000):
                piece = audio[int(st.start * 16000) : int(st.end * 16000)]
                if len(piece) < 1600:
                    continue
                res = {}
                order = variants if n % 2 == 0 else variants[::-1]
                for v in order:
                    c0 = time.process_time()
                    if v == "base":
                        enc = None
                    else:
                        m = float(v[5:] if v.startswith("short") else v[4:])
                        feats = vn._features(model, [piece], min(10.0, st.end - st.start + m))
                        short = np.array(model.encode(feats))[0]
                        k = len(short)
                        rows_ = (
                            short
                            if v.startswith("bare") or k >= 500
                            else np.concatenate([short, silence[k:500]])
                        )
                        enc = ctranslate2.StorageView.from_array(np.ascontiguousarray(rows_[None]))
                    _al, dec = vn._decode_batch(model, [piece], [st], encoded=enc, **options)
                    cpu[v] += time.process_time() - c0
                    res[v] = [tok.decode(h).strip() for h in dec[0].hypotheses]
                for v in variants:
                    same[v] += res[v] == res["base"]
                rows.append(
                    {
                        "item": item[channel],
                        "expected": item["expected"],
                        "stretch": [st.start, st.end],
                        **res,
                    }
                )
                n += 1
                print(json.dumps(rows[-1], ensure_ascii=False)[:300], flush=True)
    print(f"{n} stretches")
    for v in variants:
        print(f"{v:12} CPU {cpu[v] / n:.3f} s a stretch, same n-best as base {same[v]}/{n}")
    digit_errors(rows, variants)
    if args.out:
        args.out.write_text(json.dumps(rows, ensure_ascii=False, indent=1))
    return 0


def digit_errors(rows: list[dict], variants: list[str]) -> None:
    """Per variant: digit errors and exact strings of each item's best readings (stretches in order), as
    nlp's tolerant digit words read them; no `choose`, no sanity checks (the pass's own come after)."""
    import re
    from collections import defaultdict

    from rapidfuzz.distance import Levenshtein

    from nlp.digit_words import read_digit_word

    def digits(text: str) -> str:
        out = []
        for tok in re.findall(r"[0-9]+|[a-z]+", text.lower()):
            reading = read_digit_word(tok)
            out.append(tok if tok.isdigit() else str(reading.value) if reading else "")
        return "".join(out)

    items: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        items[r["item"]].append(r)
    total = sum(len(rs[0]["expected"]) for rs in items.values())
    for v in variants:
        said = {k: "".join(digits(r[v][0]) if r[v] else "" for r in rs) for k, rs in items.items()}
        wrong = sum(Levenshtein.distance(rs[0]["expected"], said[k]) for k, rs in items.items())
        exact = sum(rs[0]["expected"] == said[k] for k, rs in items.items())
        print(f"{v:12} best readings: digit errors {wrong / total:.1%}, exact {exact}/{len(items)}")


if __name__ == "__main__":
    raise SystemExit(main())
