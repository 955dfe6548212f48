"""Per-class precision, recall and F1 of the trained pipeline on the dev split, clean and ASR-like."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nlp.classify import KINDS, is_urgent, needs_review, predict, select_topics
from nlp.normalize import normalize
from nlp.pipeline import clean
from nlp.project.train import DEFAULT_CORPUS, Example, read_corpus


@dataclass(frozen=True, slots=True)
class ClassScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True, slots=True)
class Report:
    variant: str  # clean | asr
    topics: list[ClassScore]
    kinds: list[ClassScore]
    urgent: ClassScore
    micro_f1: float
    macro_f1: float
    top1_accuracy: float
    n: int
    accuracy_at_80: float = 0.0  # top-1 accuracy on the 80% of texts the model is surest about
    review_share: float = 0.0  # texts marked "perlu ditinjau" (no topic likely enough)
    review_accuracy: float = 0.0  # top-1 accuracy on the texts not marked for review


def _score(label: str, gold: list[bool], pred: list[bool]) -> ClassScore:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return ClassScore(label, precision, recall, f1, tp + fn)


def accuracy_at_coverage(confidence: list[float], correct: list[bool], coverage: float) -> float:
    """Top-1 accuracy on the `coverage` share of texts with the highest confidence."""
    keep = max(1, round(len(correct) * coverage))
    order = sorted(range(len(correct)), key=lambda i: -confidence[i])[:keep]
    return sum(correct[i] for i in order) / keep


def evaluate_examples(pipeline, examples: list[Example], variant: str) -> Report:
    """Score one variant ("clean" uses text, "asr" uses asr_text) of the examples."""
    texts = [normalize(e.text if variant == "clean" else e.asr_text).text for e in examples]
    return score_texts(pipeline, texts, examples, variant)


def score_texts(pipeline, texts: list[str], examples: list, variant: str) -> Report:
    """Score normalized texts against gold labels (objects with topics, kind and urgent)."""
    clf = pipeline.get_pipe("suara_classifier")
    preds = [predict(clf.heads, t) for t in texts]
    labels = clf.heads.topics
    chosen = [
        {lab for lab, _ in select_topics(p.topics, clf.threshold, clf.secondary_thresholds)} for p in preds
    ]
    topics = [_score(lab, [lab in e.topics for e in examples], [lab in c for c in chosen]) for lab in labels]
    kinds = [_score(k, [e.kind == k for e in examples], [p.kind == k for p in preds]) for k in KINDS]
    flags = [
        is_urgent(t, p.urgent, clf.urgent_threshold, clf.emergency_floor)
        for t, p in zip(texts, preds, strict=True)
    ]
    urgent = _score("urgent", [e.urgent for e in examples], flags)
    tp = sum(len(c & set(e.topics)) for c, e in zip(chosen, examples, strict=True))
    n_pred, n_gold = sum(len(c) for c in chosen), sum(len(e.topics) for e in examples)
    micro_p, micro_r = tp / max(n_pred, 1), tp / max(n_gold, 1)
    present = [s for s in topics if s.support]
    correct = [max(p.topics, key=p.topics.get) in e.topics for p, e in zip(preds, examples, strict=True)]
    confidence = [max(p.topics.values()) for p in preds]
    review = [needs_review(p.topics, clf.review_threshold) for p in preds]
    kept = [c for c, r in zip(correct, review, strict=True) if not r]
    return Report(
        variant=variant,
        topics=topics,
        kinds=kinds,
        urgent=urgent,
        micro_f1=2 * micro_p * micro_r / max(micro_p + micro_r, 1e-9),
        # over the topics the set has examples of (the real set has no village-fund or fisheries complaint)
        macro_f1=sum(s.f1 for s in present) / max(len(present), 1),
        top1_accuracy=sum(correct) / len(examples),
        n=len(examples),
        accuracy_at_80=accuracy_at_coverage(confidence, correct, 0.8),
        review_share=sum(review) / len(examples),
        review_accuracy=sum(kept) / max(len(kept), 1),
    )


def evaluate(pipeline, corpus_dir: Path = DEFAULT_CORPUS) -> list[Report]:
    dev = read_corpus(Path(corpus_dir) / "dev.jsonl")
    return [evaluate_examples(pipeline, dev, variant) for variant in ("clean", "asr")]


def evaluate_real(pipeline, with_address: bool = False, split: str = "all") -> Report:
    """Score the hand-labelled real complaints (nlp/data/realdev); RealDevError if not materialised.

    `split`: "all", "tune" (the two thirds changes are judged on) or "locked" (the third kept for the
    final check, see realdev.is_locked).
    """
    from nlp.project import realdev

    examples = realdev.subset(realdev.load(), split)
    raw = [f"{e.text}\nAlamat: {e.address}" if with_address and e.address else e.text for e in examples]
    variant = "real" if split == "all" else f"real-{split}"
    return score_texts(pipeline, [normalize(clean(t)).text for t in raw], examples, variant)


def format_report(report: Report) -> str:
    if report.variant.startswith("real"):
        title = "real dev" + (f" ({report.variant[5:]} split)" if report.variant != "real" else "")
    else:
        title = f"dev ({report.variant})"
    lines = [f"== {title}, n={report.n} ==", f"{'label':<24}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}"]
    for s in [*report.topics, *report.kinds, report.urgent]:
        lines.append(f"{s.label:<24}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.support:6d}")
    lines.append(
        f"topics micro-F1 {report.micro_f1:.3f}  macro-F1 {report.macro_f1:.3f}  "
        f"top-1 accuracy {report.top1_accuracy:.3f}"
    )
    lines.append(
        f"top-1 accuracy at 80% coverage {report.accuracy_at_80:.3f}  "
        f"perlu ditinjau {report.review_share:.1%} (accuracy on the rest {report.review_accuracy:.3f})"
    )
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class EntityReport:
    n: int
    person_predicted: int
    person_precision: float  # predicted PERSON values that are names a person labelled in the text
    person_recall: float  # of every labelled name (introduced or only mentioned)
    place_recall: float  # labelled place names found among the place mentions
    region_share: float  # texts that get a region code
    region_share_with_address: float  # the same with the portal's address field appended
    region_share_in_default: float  # a code inside the portal's own region, given as the default region


def evaluate_entities_real(pipeline, default_region: str = "35.78") -> EntityReport:
    """PERSON and place figures on the hand-labelled real complaints (persons are compared as hashes).

    The complaints were written to Surabaya's portal (region 35.78), which a deployment there would set
    as the default region of the channel.
    """
    from nlp.pipeline import analyze
    from nlp.project import realdev
    from nlp.types import AnalysisContext

    examples = realdev.load()
    predicted = correct = gold_names = found_names = gold_places = found_places = with_region = 0
    with_region_address = in_default = 0
    context = AnalysisContext(default_region=default_region)
    for e in examples:
        code = analyze(e.text, context, pipeline=pipeline).region_code
        in_default += code is not None and (code + ".").startswith(default_region + ".")
        a = analyze(e.text, pipeline=pipeline)
        names = {realdev.name_hash(x.text) for x in a.entities if x.label == "PERSON"}
        predicted += len(names)
        correct += len(names & set(e.persons_sha256))
        gold_names += len(e.persons_sha256)
        found_names += len(set(e.persons_sha256) & names)
        mentions = " | ".join(m.text.casefold() for m in a.places)
        gold_places += len(e.places)
        found_places += sum(p.casefold() in mentions for p in e.places)
        with_region += a.region_code is not None
        if e.address:
            with_address = analyze(f"{e.text}\nAlamat: {e.address}", pipeline=pipeline)
            with_region_address += with_address.region_code is not None
        else:
            with_region_address += a.region_code is not None
    return EntityReport(
        n=len(examples),
        person_predicted=predicted,
        person_precision=correct / max(predicted, 1),
        person_recall=found_names / max(gold_names, 1),
        place_recall=found_places / max(gold_places, 1),
        region_share=with_region / len(examples),
        region_share_with_address=with_region_address / len(examples),
        region_share_in_default=in_default / len(examples),
    )


def format_entity_report(r: EntityReport) -> str:
    return (
        f"== real dev entities, n={r.n} ==\n"
        f"PERSON: {r.person_predicted} predicted, precision {r.person_precision:.3f}, "
        f"recall {r.person_recall:.3f} (of every named person, introduced or not)\n"
        f"places: labelled place names found {r.place_recall:.3f}; region code on {r.region_share:.1%} "
        f"of texts ({r.region_share_with_address:.1%} with the address field; "
        f"{r.region_share_in_default:.1%} "
        "get a code inside the portal's city when it is given as the default region)"
    )


def main(argv: list[str] | None = None) -> int:
    """`python -m nlp.project.evaluate [--model DIR] [--split all|tune|locked]`: real dev, one split."""
    import argparse

    import nlp
    from nlp.project.realdev import RealDevError

    parser = argparse.ArgumentParser(description="Topic, kind and urgency figures on the real dev set.")
    parser.add_argument("--model", type=Path, default=None, help="trained pipeline folder")
    parser.add_argument("--split", choices=("all", "tune", "locked"), default="all")
    args = parser.parse_args(argv)
    try:
        print(format_report(evaluate_real(nlp.load(args.model), split=args.split)))
    except (RealDevError, nlp.NlpError) as exc:
        print(f"error: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
