"""Where a number-only `generate` call's time goes: the same stretches decoded by the full decoder (every
token scored, the rest suppressed) and by the pass's narrowed one, stopped a few tokens after the prompt
and run to the end, alternating call by call (tuning seeds only).

    PYTHONPATH=$PWD nice -n 10 .venv/bin/python bench/numbers_calls.py --seed 3 --items 12
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--items", type=int, default=12)
    parser.add_argument("--stop-after", type=int, default=6, help="tokens decoded after the prompt")
    args = parser.parse_args(argv)
    if args.seed >= 1000:
        parser.error("tuning seeds only (below 1000)")

    from faster_whisper.tokenizer import Tokenizer

    import voice.numbers as vn
    from bench.numbers_bench import OUT, load_audio
    from voice.engines.whisper import WhisperEngine
    from voice.types import Segment

    engine = WhisperEngine(REPO / "models" / "whisper" / "whisper-base", language="id")
    engine.transcribe_array(np.zeros(16000, dtype=np.float32))
    model = engine.model
    folder = OUT / f"seed-{args.seed}"
    cache = json.loads((folder / "first-pass.json").read_text())
    items = [json.loads(line) for line in (folder / "manifest.jsonl").read_text().splitlines()]
    items = [i for i in items if i["kind"] != "sentence"][: args.items]
    tokenizer = Tokenizer(model.hf_tokenizer, True, task="transcribe", language="id")
    start = [*tokenizer.sot_sequence, tokenizer.no_timestamps]
    row = [tokenizer.sot_prev, *tokenizer.encode(" " + vn.DIGIT_PROMPT), *start]
    options = {"beam_size": 5, "num_hypotheses": vn.HYPOTHESES, "no_repeat_ngram_size": vn.NO_REPEAT_NGRAM}
    vn._narrow_decoder(model, set(row))  # built once, outside the timings
    seconds = {(n, s): 0.0 for n in (False, True) for s in ("short", "whole")}
    encode = 0.0
    calls = 0
    for item in items:
        for channel in ("clean", "tel"):
            audio = load_audio(folder / item[channel])
            segments = [Segment.from_dict(s) for s in cache[item[channel]]["segments"]]
            words = [w for s in segments for w in s.words]
            for s in vn.find_number_stretches(words, len(audio) / 16000):
                piece = audio[int(s.start * 16000) : int(s.end * 16000)]
                t = time.perf_counter()
                encoded = model.encode(vn._features(model, [piece], vn.CONTEXT_SECONDS))
                encode += time.perf_counter() - t
                steps = int(vn.TOKENS_PER_SECOND * (s.end - s.start)) + 8
                for narrow in (False, True, False, True):
                    vn.NARROW_VOCABULARY = narrow
                    for name, length in (("short", len(row) + args.stop_after), ("whole", len(row) + steps)):
                        t = time.perf_counter()
                        vn._generate(model, encoded, [row], max_length=length, **options)
                        seconds[(narrow, name)] += (time.perf_counter() - t) / 2
                calls += 1
    print(f"{calls} stretches of seed {args.seed}; the encoder over 10 s: {encode / calls:.3f} s a stretch")
    for narrow in (False, True):
        label = "narrowed decoder" if narrow else "full decoder"
        short, whole = seconds[(narrow, "short")] / calls, seconds[(narrow, "whole")] / calls
        print(
            f"{label:17} {args.stop_after} tokens after the prompt {short:.3f} s, whole reading {whole:.3f} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
