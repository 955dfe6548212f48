"""`suara analyze` and `suara nlp train|evaluate`: the nlp/ layer on the command line."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from api.commands.output import cli_errors, fail

MODEL_OPTION = typer.Option("--model", envvar="SUARA_NLP_MODEL", help="Trained pipeline folder.")
CORPUS_OPTION = typer.Option("--corpus", help="Folder with train.jsonl and dev.jsonl.")


def _context(region: str | None, recorded_at: str | None) -> Any:
    from nlp import AnalysisContext

    when = None
    if recorded_at:
        try:
            when = datetime.fromisoformat(recorded_at)
        except ValueError:
            fail(f"--recorded-at: not an ISO date/time: {recorded_at!r}")
    return AnalysisContext(default_region=region, recorded_at=when)


def _read_transcript(path: Path) -> tuple[str, list[dict[str, Any]]]:
    """A voice Transcript JSON: its text, and its speaker turns (consecutive segments of one speaker)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        fail(f"{path}: no such file")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        fail(f"{path}: not a JSON transcript ({exc})")
    segments = data.get("segments") if isinstance(data, dict) else None
    if not isinstance(segments, list):
        fail(f"{path}: not a transcript: no 'segments' list")
    try:
        turns = _turns(segments)
    except (TypeError, ValueError) as exc:
        fail(f"{path}: bad segment ({exc})")
    return " ".join(t["text"] for t in turns if t["text"]), turns


def _turns(segments: list[Any]) -> list[dict[str, Any]]:
    turns: list[dict[str, Any]] = []
    for n, seg in enumerate(segments):
        if not isinstance(seg, dict) or not isinstance(seg.get("text", ""), str):
            raise ValueError(f"segment {n} is not an object with a text")
        text = seg.get("text", "").strip()
        speaker = seg.get("speaker")
        if speaker is None and seg.get("channel") is not None:
            speaker = f"channel-{seg['channel']}"
        if turns and turns[-1]["speaker"] == speaker:
            turns[-1]["end"] = float(seg.get("end", turns[-1]["end"]))
            turns[-1]["text"] = f"{turns[-1]['text']} {text}".strip()
        else:
            start = float(seg.get("start", 0.0))
            turns.append(
                {"speaker": speaker, "start": start, "end": float(seg.get("end", start)), "text": text}
            )
    return turns


def _print(obj: Any, pretty: bool) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False, indent=2 if pretty else None, default=str))


def analyze(
    text: Annotated[str | None, typer.Argument(help="Complaint text; '-' reads stdin.")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="A transcript JSON from `suara transcribe`.")
    ] = None,
    region: Annotated[
        str | None, typer.Option(help="Default region code of the hotline, e.g. 32.01.")
    ] = None,
    recorded_at: Annotated[
        str | None, typer.Option(help="When it was said (ISO), for relative dates.")
    ] = None,
    talkshow: Annotated[
        bool | None,
        typer.Option("--talkshow/--no-talkshow", help="Split into callers (default: if speakers)."),
    ] = None,
    pretty: Annotated[bool, typer.Option(help="Indent the JSON.")] = True,
    model: Annotated[Path | None, MODEL_OPTION] = None,
) -> None:
    """Analyze a complaint (text or transcript file) and print the analysis as JSON."""
    import nlp

    if (text is None) == (file is None):
        fail("give either TEXT or --file, not both or neither")
    context = _context(region, recorded_at)
    with cli_errors(nlp.NlpError):
        pipeline = nlp.load(model)
        if file is None:
            body = sys.stdin.read() if text == "-" else str(text)
            _print(nlp.analyze(body, context, pipeline=pipeline).to_dict(), pretty)
            return
        body, turns = _read_transcript(file)
        speakers = {t["speaker"] for t in turns if t["speaker"] is not None}
        if talkshow or (talkshow is None and len(speakers) >= 2):
            candidates = nlp.split_talkshow(turns, context, model_dir=model)
            _print({"candidates": [c.to_dict() for c in candidates]}, pretty)
            return
        _print(nlp.analyze(body, context, pipeline=pipeline).to_dict(), pretty)


nlp_app = typer.Typer(help="Train and evaluate the Indonesian NLP pipeline.", no_args_is_help=True)


@nlp_app.command("train")
def train(
    corpus: Annotated[Path | None, CORPUS_OPTION] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Model folder to write.")] = None,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same model).")] = 0,
    if_missing: Annotated[
        bool, typer.Option("--if-missing", help="Skip when a model trained from the same inputs exists.")
    ] = False,
    from_store: Annotated[
        bool,
        typer.Option(
            "--from-store",
            help="Add the complaints officials verified; install only if not worse on the frozen dev set.",
        ),
    ] = False,
) -> None:
    """Build the spaCy pipeline from nlp/project/config.cfg and fit it on the corpus."""
    if from_store:
        _train_from_store(corpus, output, seed)
        return
    from nlp.project.train import (
        DEFAULT_CORPUS,
        DEFAULT_OUTPUT,
        DEFAULT_TAXONOMY,
        CorpusError,
        inputs_fingerprint,
        is_up_to_date,
    )
    from nlp.project.train import train as run

    corpus, output = corpus or DEFAULT_CORPUS, output or DEFAULT_OUTPUT
    if if_missing and is_up_to_date(output, inputs_fingerprint(corpus, DEFAULT_TAXONOMY, seed)):
        typer.echo(f"NLP model at {output} is up to date with its corpus; not retraining")
        return
    with cli_errors(CorpusError, OSError):
        path = run(corpus, output, seed=seed)
    typer.echo(f"trained pipeline written to {path}")


@nlp_app.command("evaluate")
def evaluate(
    corpus: Annotated[Path | None, CORPUS_OPTION] = None,
    model: Annotated[Path | None, MODEL_OPTION] = None,
    real: Annotated[
        bool, typer.Option("--real", help="Also the hand-labelled real complaints (nlp/data/realdev).")
    ] = False,
    from_store: Annotated[
        bool,
        typer.Option("--from-store", help="How often nlp agreed with the officials, per topic and month."),
    ] = False,
) -> None:
    """Print per-class precision/recall/F1 on the dev split, clean and ASR-like (and on real complaints)."""
    import nlp
    from nlp.project.evaluate import evaluate as run
    from nlp.project.evaluate import (
        evaluate_entities_real,
        evaluate_real,
        format_entity_report,
        format_report,
    )
    from nlp.project.realdev import RealDevError
    from nlp.project.train import DEFAULT_CORPUS, CorpusError

    if from_store:
        _evaluate_from_store()
        return
    with cli_errors(CorpusError, nlp.NlpError, RealDevError):
        pipeline = nlp.load(model)
        if real:
            typer.echo(format_report(evaluate_real(pipeline)))
            typer.echo(format_entity_report(evaluate_entities_real(pipeline)))
            typer.echo("")
        for report in run(pipeline, corpus or DEFAULT_CORPUS):
            typer.echo(format_report(report))
            typer.echo("")


def _store_rows() -> tuple[list[Any], list[Any]]:
    """Verified complaints and verifiers' corrections, read once from the store."""
    from api.complaint.corrections import corrections, verified_complaints
    from api.database import session_scope

    with session_scope(write=False) as db_session:
        return verified_complaints(db_session), corrections(db_session)


def _train_from_store(corpus: Path | None, output: Path | None, seed: int) -> None:
    import nlp
    from nlp.project.learn import Labelled, as_examples, retrain_and_install
    from nlp.project.realdev import RealDevError
    from nlp.project.train import DEFAULT_CORPUS, DEFAULT_OUTPUT, DEFAULT_TAXONOMY, CorpusError, read_labels

    verified, _ = _store_rows()
    items = [
        Labelled(f"store-{v.complaint_id}", v.text, v.topic, v.kind, v.urgent) for v in verified if v.topic
    ]
    with cli_errors(CorpusError, nlp.NlpError, RealDevError, OSError):
        extra = as_examples(items, read_labels(DEFAULT_TAXONOMY, []))
        if not extra:
            fail("no verified complaint with a topic in the store: nothing to learn from")
        outcome = retrain_and_install(extra, output or DEFAULT_OUTPUT, corpus or DEFAULT_CORPUS, seed)
    current = "none" if outcome.current is None else f"{outcome.current:.3f}"
    typer.echo(
        f"{outcome.n_extra} verified complaints added; top-1 accuracy on the {outcome.measured_on}: "
        f"current {current}, candidate {outcome.candidate:.3f}"
    )
    if outcome.installed:
        typer.echo(f"installed; the previous model is kept at {outcome.previous} for rollback")
    else:
        typer.echo("not installed: the candidate is worse than the current model")


def _evaluate_from_store() -> None:
    from nlp.project.learn import agreement

    verified, changes = _store_rows()
    by_topic, by_month = agreement((v.machine_topic, v.topic, v.verified_at) for v in verified)
    if not verified:
        fail("no verified complaint in the store yet")
    typer.echo(f"== agreement of nlp's topic with the officials, {len(verified)} verified complaints ==")
    for title, rows in (("topic", by_topic), ("month", by_month)):
        typer.echo(f"{title:<24}{'n':>6}{'agreed':>9}")
        for a in rows:
            typer.echo(f"{a.key:<24}{a.n:6d}{a.share:9.1%}")
    fields: dict[str, int] = {}
    for c in changes:
        fields[c.field] = fields.get(c.field, 0) + 1
    typer.echo(
        "corrections by field: " + (", ".join(f"{k} {v}" for k, v in sorted(fields.items())) or "none")
    )


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze)
    app.add_typer(nlp_app, name="nlp")
