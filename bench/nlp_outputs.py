"""Dump every field of `nlp.analyze` for the dev texts, so that a speed-up can be shown to change nothing.

Run: PYTHONPATH=$PWD .venv/bin/python bench/nlp_outputs.py bench/out/nlp_outputs.jsonl [--model DIR]
Then the same on the code to compare with (another checkout, same command) and `cmp` the two files.

Texts: every synthetic dev complaint (nlp/data/corpus/dev.jsonl, its clean `text` and its `asr_text`) and the
565 real dev complaints (nlp/data/realdev, their `text` only; never their labels), each analysed twice: with
no context, and with a default region (Surabaya) and a recording time. One JSON line per analysis: the whole
Analysis (every field, nested) plus the classifier's unrounded probabilities (`raw`, repr-exact floats), which
the Analysis only shows rounded to four places. At the end every text of the first pass is analysed again in
reverse order and must give the same answer: a cache that served a stale result would show there.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CONTEXT_REGION = "35.78"  # Kota Surabaya, where the real dev texts were written
CONTEXT_TIME = datetime(2026, 1, 15, 9, 30)


def dev_texts(root: Path) -> list[tuple[str, str]]:
    """(source id, text): synthetic dev clean and ASR forms, then the real dev texts."""
    out: list[tuple[str, str]] = []
    corpus = root / "nlp" / "data" / "corpus" / "dev.jsonl"
    for n, line in enumerate(corpus.read_text(encoding="utf-8").splitlines()):
        row = json.loads(line)
        out.append((f"dev{n}:clean", row["text"]))
        if row.get("asr_text"):
            out.append((f"dev{n}:asr", row["asr_text"]))
    texts = root / "nlp" / "data" / "realdev" / "texts.local.jsonl"
    for line in texts.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out.append((f"real:{row['id']}", row["text"]))  # the text only: labels are not read here
    return out


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def record(nlp_module: object, pipeline: object, text: str, context: object) -> dict:
    """The Analysis as a dict, with the classifier's unrounded scores."""
    from nlp.classify import predict
    from nlp.normalize import normalize
    from nlp.pipeline import clean

    analysis = nlp_module.analyze(text, context, pipeline=pipeline)
    out = {"analysis": dataclasses.asdict(analysis)}
    cleaned = clean(text)
    if cleaned.strip():
        pred = predict(pipeline.get_pipe("suara_classifier").heads, normalize(cleaned).text)
        out["raw"] = {
            "topics": {k: repr(v) for k, v in pred.topics.items()},
            "kind": pred.kind,
            "kind_scores": {k: repr(v) for k, v in pred.kind_scores.items()},
            "urgent": repr(pred.urgent),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path, help="JSON lines file to write")
    parser.add_argument("--model", type=Path, default=None, help="trained pipeline folder")
    parser.add_argument("--data-root", type=Path, default=ROOT, help="checkout whose dev texts are read")
    args = parser.parse_args()
    import nlp
    from nlp.types import AnalysisContext

    pipeline = nlp.load(args.model)
    contexts = {
        "none": AnalysisContext(),
        "sby": AnalysisContext(default_region=CONTEXT_REGION, recorded_at=CONTEXT_TIME),
    }
    texts = dev_texts(args.data_root)
    started = time.perf_counter()
    first: dict[str, str] = {}
    with args.out.open("w", encoding="utf-8") as fh:
        for name, context in contexts.items():
            for source, text in texts:
                row = {"id": f"{source}:{name}", **record(nlp, pipeline, text, context)}
                line = json.dumps(row, ensure_ascii=False, sort_keys=True, default=_plain)
                fh.write(line + "\n")
                if name == "none":
                    first[source] = line
    stale = 0
    for source, text in reversed(texts):
        row = {"id": f"{source}:none", **record(nlp, pipeline, text, contexts["none"])}
        stale += json.dumps(row, ensure_ascii=False, sort_keys=True, default=_plain) != first[source]
    elapsed = time.perf_counter() - started
    print(f"{len(texts)} texts x {len(contexts)} contexts written to {args.out} in {elapsed:.1f} s")
    print(f"second pass (reverse order): {stale} analyses differ from the first")
    if stale:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
