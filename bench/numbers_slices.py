"""Issue 19, session 16 (not adopted): number stretches decoded from the first pass's own encoder output,
sliced out of the 30 s window that heard them, against today's encode of the stretch over 10 s; readings
(each stretch's n-best) and CPU seconds a stretch, variants alternating stretch by stretch (tuning seeds).

Variants: base (today), exact (the slice alone), tail (the slice, then the window's own frames of the
silence after the item up to 10 s), silence (the slice, then the encoder's frames of 30 s of silence up to
10 s), silence_at (... those frames of silence from the position where the slice ends in its window),
context (10 s of the window around the stretch).

    PYTHONPATH=$PWD nice -n 15 .venv/bin/python bench/numbers_slices.py --seed 3 --items 12
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

FRAME = 0.02  # seconds per encoder frame


def collapsed(t: float, chunks: list[dict], sr: int = 16000) -> float:
    """Original time -> time in the VAD-collapsed audio (in a removed gap: the next chunk's start)."""
    at = 0
    x = round(t * sr)
    for c in chunks:
        if x < c["start"]:
            return at / sr
        if x <= c["end"]:
            return (at + x - c["start"]) / sr
        at += c["end"] - c["start"]
    return at / sr


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--items", type=int, default=12)
    ap.add_argument("--variants", default="base,exact,tail,silence")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    assert args.seed < 1000

    import ctranslate2
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    import voice.numbers as vn
    from bench.numbers_bench import OUT, load_audio
    from voice.engines.whisper import WhisperEngine
    from voice.types import Segment

    engine = WhisperEngine(REPO / "models" / "whisper" / "whisper-base", language="id")
    engine.transcribe_array(np.zeros(16000, dtype=np.float32))
    model = engine.model
    recorded: list[np.ndarray] = []
    plain_encode = model.encode

    def recording_encode(features):
        out = plain_encode(features)
        recorded.append(np.array(out))
        return out

    # generic silence: the encoder over 30 s of digital silence
    silence = np.array(
        model.encode(model.feature_extractor(np.zeros(16000 * 30, dtype=np.float32))[:, :3000])
    )[0]
    folder = OUT / f"seed-{args.seed}"
    cache_file = folder / "first-pass.json"
    cache = json.loads(cache_file.read_text()) if cache_file.exists() else {}
    items = [json.loads(line) for line in (folder / "manifest.jsonl").read_text().splitlines()]
    items = [i for i in items if i["kind"] != "sentence"][: args.items]
    options = dict(language="id", beam_size=5, hypotheses=vn.HYPOTHESES, context=vn.CONTEXT_SECONDS)
    from faster_whisper.tokenizer import Tokenizer

    tok = Tokenizer(model.hf_tokenizer, True, task="transcribe", language="id")
    vn._narrow_decoder(
        model,
        set(tok.encode(" " + vn.DIGIT_PROMPT)) | set(tok.sot_sequence) | {tok.sot_prev, tok.no_timestamps},
    )
    variants = args.variants.split(",")
    cpu = {v: 0.0 for v in variants}
    same = {v: 0 for v in variants}
    rows = []
    n = 0
    for item in items:
        for channel in ("clean", "tel"):
            audio = load_audio(folder / item[channel])
            recorded.clear()
            model.encode = recording_encode
            try:
                segs = engine.transcribe_array(audio)
            finally:
                del model.encode
            cached = [Segment.from_dict(s) for s in cache.get(item[channel], {"segments": []})["segments"]]
            if cache and [s.text for s in segs] != [s.text for s in cached]:
                print("first pass differs from cache", item[channel])
            window = recorded[0][0]  # (1500, 512): the first window (seek 0)
            chunks = get_speech_timestamps(audio, VadOptions())
            speech_end = sum(c["end"] - c["start"] for c in chunks) / 16000
            words = [w for s in segs for w in s.words]
            for st in vn.find_number_stretches(words, len(audio) / 16000):
                piece = audio[int(st.start * 16000) : int(st.end * 16000)]
                if len(piece) < 1600:
                    continue
                a = round(collapsed(st.start, chunks) / FRAME)
                b = round(collapsed(st.end, chunks) / FRAME)
                if b <= a or b > 1500:
                    print("skip", st)
                    continue
                tail_from = min(1500, int(np.ceil(speech_end / FRAME)) + 25)
                built = {}
                for v in variants:
                    if v == "base":
                        built[v] = None
                    elif v == "exact":
                        built[v] = window[a:b]
                    elif v == "tail":
                        need = max(0, 500 - (b - a))
                        pad = window[tail_from : tail_from + need]
                        built[v] = np.concatenate([window[a:b], pad])
                    elif v == "silence":
                        need = max(0, 500 - (b - a))
                        built[v] = np.concatenate([window[a:b], silence[:need]])
                    elif v == "silence_at":  # ... the silence frames at the positions after the slice
                        need = max(0, 500 - (b - a))
                        pad = silence[b : b + need]
                        built[v] = np.concatenate([window[a:b], pad, silence[: need - len(pad)]])
                    elif v == "silence_end":
                        need = max(0, 500 - (b - a))
                        built[v] = np.concatenate([window[a:b], silence[1500 - need :]])
                    elif v == "context":  # the stretch's frames and the window's frames around it up to 10 s
                        lo = max(0, min(a, b - 500))
                        built[v] = window[lo : lo + max(500, b - a)]
                res = {}
                order = variants if n % 2 == 0 else variants[::-1]
                for v in order:
                    c0 = time.process_time()
                    enc = None
                    if built[v] is not None:
                        enc = ctranslate2.StorageView.from_array(np.ascontiguousarray(built[v][None]))
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
                        "frames": b - a,
                        **res,
                    }
                )
                n += 1
                print(json.dumps(rows[-1], ensure_ascii=False))
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
