"""Compare classifier settings on the real dev tune split and the synthetic dev split, without installing.

Run: PYTHONPATH=$PWD .venv/bin/python bench/nlp_real_sweep.py [--c 0.1] [--keyword-scale 0.5] [--ngrams 2,5]
         [--taxonomy nlp/data/taxonomy.json] [--corpus nlp/data/corpus] [--dev nlp/data/corpus/dev.jsonl]
         [--render-seed N [N ...]] [--extra-seeds [N ...]]

Fits the same heads as `suara nlp train` (nlp.classify.fit_heads, seed 0) with the settings given and prints
topic top-1, macro-F1 and top-1 at 80% coverage for the tune split (never the locked third: that is scored
once per final change, with `python -m nlp.project.evaluate --split locked`) and for synthetic dev, clean
and ASR-like. `--dev` keeps the synthetic figures comparable when `--corpus` appends examples to dev.
Like `suara nlp train`, it adds to `--corpus`'s train.jsonl the situations rendered again with
nlp.project.train.RENDER_SEEDS; `--extra-seeds N …` names other seeds, `--extra-seeds` alone none (as the
model before them was trained; rows `--render-seed 7 --plus` are now `--extra-seeds 7`).
`--render-seed N …` replaces train.jsonl by the situations rendered with these seeds (SEED of
nlp/project/corpus/build.py; the split depends on indices only, so synthetic dev stays unseen).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nlp.classify  # noqa: E402
from nlp.normalize import normalize  # noqa: E402
from nlp.pipeline import clean  # noqa: E402
from nlp.project import realdev  # noqa: E402
from nlp.project.evaluate import Report, score_texts  # noqa: E402
from nlp.project.train import (  # noqa: E402
    DEFAULT_CORPUS,
    DEFAULT_TAXONOMY,
    RENDER_SEEDS,
    extra_renderings,
    read_corpus,
    read_keywords,
    read_labels,
    training_set,
)


class _Pipeline:
    """What score_texts needs of a pipeline: the classifier component."""

    def __init__(self, component: nlp.classify.Classifier) -> None:
        self.component = component

    def get_pipe(self, name: str) -> nlp.classify.Classifier:
        return self.component


def rendered(seeds: list[int], out: Path) -> Path:
    """The train split of the situations rendered with each of these seeds, written to `out`/train.jsonl."""
    from nlp.project.corpus import build

    rows = [row for seed in seeds for row in build.build(seed=seed)[False]]
    out.mkdir(parents=True, exist_ok=True)
    (out / "train.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return out


def fit(
    train: Path, corpus: Path, taxonomy: Path, c: float, keyword_scale: float, extra_seeds: list[int]
) -> nlp.classify.LinearHeads:
    """The heads `suara nlp train` fits, with these settings: `train` plus `corpus`'s situations rendered
    with `extra_seeds` (same ids, so a situation's renderings share one calibration group)."""
    examples = read_corpus(train) + extra_renderings(corpus, extra_seeds)
    data = training_set(examples)
    return nlp.classify.fit_heads(
        data.texts, data.topics, data.kinds, data.urgent, read_labels(taxonomy, examples), data.groups,
        seed=0, c=c, keywords=read_keywords(taxonomy), keyword_scale=keyword_scale,
    )  # fmt: skip


def line(r: Report) -> str:
    at_80 = f"at 80% coverage {r.accuracy_at_80:.3f}"
    return f"{r.variant}: top-1 {r.top1_accuracy:.3f}  macro-F1 {r.macro_f1:.3f}  {at_80}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--c", type=float, default=0.1, help="LinearSVC C of every head")
    parser.add_argument("--keyword-scale", type=float, default=nlp.classify.KEYWORD_SCALE)
    parser.add_argument("--ngrams", default=",".join(map(str, nlp.classify.NGRAMS)), help="character n-grams")
    parser.add_argument("--taxonomy", type=Path, default=DEFAULT_TAXONOMY)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder with train.jsonl")
    parser.add_argument("--dev", type=Path, default=DEFAULT_CORPUS / "dev.jsonl", help="synthetic dev file")
    parser.add_argument("--render-seed", type=int, nargs="+", default=None, help="train on renderings so")
    parser.add_argument("--extra-seeds", type=int, nargs="*", default=list(RENDER_SEEDS), help="add these")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nlp_sweep_") as scratch:
        base = args.corpus if args.render_seed is None else rendered(args.render_seed, Path(scratch))
        sweep(args, base / "train.jsonl")
    return 0


def sweep(args: argparse.Namespace, train: Path) -> nlp.classify.LinearHeads:
    """Fit with these settings and print the tune and synthetic figures."""
    low, high = (int(n) for n in args.ngrams.split(","))
    nlp.classify.char_ngrams.__defaults__ = (low, high)  # training and scoring alike
    started = time.perf_counter()
    component = nlp.classify.Classifier(threshold=0.5, urgent_threshold=0.5, emergency_floor=0.15)
    component.heads = fit(train, args.corpus, args.taxonomy, args.c, args.keyword_scale, args.extra_seeds)
    pipeline = _Pipeline(component)
    print(f"fitted in {time.perf_counter() - started:.0f} s: C={args.c} keyword scale={args.keyword_scale} "
          f"n-grams {low}-{high}, {args.taxonomy}, {train} + renderings {args.extra_seeds}")  # fmt: skip
    tune = realdev.subset(realdev.load(), "tune")
    print(line(score_texts(pipeline, [normalize(clean(e.text)).text for e in tune], tune, "real-tune")))
    dev = read_corpus(args.dev)
    for variant in ("clean", "asr"):
        texts = [normalize(e.text if variant == "clean" else e.asr_text).text for e in dev]
        print(line(score_texts(pipeline, texts, dev, f"synthetic-{variant}")))
    return component.heads


if __name__ == "__main__":
    raise SystemExit(main())
