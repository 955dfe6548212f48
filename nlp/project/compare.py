"""Measure: our TF-IDF + linear SVM heads against spaCy's textcat_multilabel on the same split.

Run: .venv/bin/python -m nlp.project.compare [--epochs 12]
Prints macro-F1 and top-1 accuracy of topics on dev (clean and ASR-like) for both, with training time.
Not part of `suara nlp train`; it is the evidence for choosing the classifier (see nlp/classify.py).
"""

from __future__ import annotations

import argparse
import random
import time

import spacy
from spacy.training import Example as SpacyExample
from spacy.util import minibatch

from nlp.classify import fit_heads, predict, select_topics
from nlp.normalize import normalize
from nlp.project.train import DEFAULT_CORPUS, DEFAULT_TAXONOMY, read_corpus, read_labels, training_set

BOW = {
    "@architectures": "spacy.TextCatBOW.v3",
    "exclusive_classes": False,
    "ngram_size": 2,
    "no_output_layer": False,
}


def _macro(gold: list[set[str]], pred: list[set[str]], labels: list[str]) -> float:
    f1s = []
    for lab in labels:
        tp = sum(lab in g and lab in p for g, p in zip(gold, pred, strict=True))
        fp = sum(lab in p and lab not in g for g, p in zip(gold, pred, strict=True))
        fn = sum(lab in g and lab not in p for g, p in zip(gold, pred, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s)


def _spacy_textcat(texts: list[str], topics: list[list[str]], labels: list[str], epochs: int, seed: int):
    spacy.util.fix_random_seed(seed)
    nlp = spacy.blank("id")
    textcat = nlp.add_pipe("textcat_multilabel", config={"model": BOW})
    for lab in labels:
        textcat.add_label(lab)
    examples = [
        SpacyExample.from_dict(nlp.make_doc(t), {"cats": {lab: float(lab in ts) for lab in labels}})
        for t, ts in zip(texts, topics, strict=True)
    ]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(examples)
        for batch in minibatch(examples, size=32):
            nlp.update(batch, sgd=optimizer, drop=0.1)
    return nlp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    train = read_corpus(DEFAULT_CORPUS / "train.jsonl")
    dev = read_corpus(DEFAULT_CORPUS / "dev.jsonl")
    labels = read_labels(DEFAULT_TAXONOMY, train)
    data = training_set(train)

    started = time.perf_counter()
    heads = fit_heads(data.texts, data.topics, data.kinds, data.urgent, labels, data.groups, seed=args.seed)
    ours_s = time.perf_counter() - started
    started = time.perf_counter()
    textcat = _spacy_textcat(data.texts, data.topics, labels, args.epochs, args.seed)
    spacy_s = time.perf_counter() - started

    print(f"{'variant':<8}{'model':<34}{'macro-F1':>9}{'top-1':>8}")
    for variant in ("clean", "asr"):
        texts = [normalize(e.text if variant == "clean" else e.asr_text).text for e in dev]
        gold = [set(e.topics) for e in dev]
        preds = [predict(heads, t).topics for t in texts]
        ours = [{lab for lab, _ in select_topics(p, 0.5)} for p in preds]
        cats = [doc.cats for doc in textcat.pipe(texts)]
        theirs = [{lab for lab, _ in select_topics(c, 0.5)} for c in cats]
        for name, pred, scores in (
            ("tfidf+svm (ours)", ours, preds),
            ("spaCy textcat_multilabel bow", theirs, cats),
        ):
            macro = _macro(gold, pred, labels)
            top1 = sum(max(s, key=s.get) in g for s, g in zip(scores, gold, strict=True)) / len(gold)
            print(f"{variant:<8}{name:<34}{macro:9.3f}{top1:8.3f}")
    print(f"training time: ours {ours_s:.0f} s, spaCy textcat {spacy_s:.0f} s ({args.epochs} epochs)")


if __name__ == "__main__":
    main()
