"""`suara analyze` and `suara nlp evaluate` as a user runs them: JSON out, one-line errors, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from spacy.language import Language
from typer.testing import CliRunner

from api.commands.nlp_cmds import register

runner = CliRunner()


@pytest.fixture(scope="module")
def app(pipeline: Language) -> typer.Typer:
    cli = typer.Typer()
    register(cli)
    return cli


def _transcript(tmp_path: Path, segments: list[dict]) -> Path:
    path = tmp_path / "transcript.json"
    path.write_text(json.dumps({"segments": segments, "engine": "vosk", "language": "id"}), encoding="utf-8")
    return path


def test_analyze_text_prints_the_analysis(app: typer.Typer) -> None:
    text = "saya budi dari desa sukamaju kecamatan cibungbulang, jalan rusak, hp nol delapan satu dua tiga"
    text += " empat lima enam tujuh delapan"
    result = runner.invoke(app, ["analyze", text, "--recorded-at", "2026-11-29T09:00"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["region_code"] == "32.01.16.2013"
    assert data["phones"] == ["+62812345678"]
    assert data["reporter_name"] == "Budi"


def test_analyze_single_speaker_transcript_file(app: typer.Typer, tmp_path: Path) -> None:
    path = _transcript(
        tmp_path,
        [
            {"start": 0.0, "end": 3.0, "text": "halo saya mau lapor lampu jalan mati", "speaker": None},
            {"start": 3.0, "end": 6.0, "text": "di kabupaten sleman sudah seminggu", "speaker": None},
        ],
    )
    result = runner.invoke(app, ["analyze", "--file", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["text"] == "halo saya mau lapor lampu jalan mati di kabupaten sleman sudah seminggu"
    assert data["region_code"] == "34.04"


def test_analyze_talkshow_transcript_gives_candidates(app: typer.Typer, tmp_path: Path) -> None:
    path = _transcript(
        tmp_path,
        [
            {"start": 0.0, "end": 5.0, "speaker": "host",
             "text": "selamat pagi pendengar, kita buka telepon"},
            {"start": 5.0, "end": 9.0, "speaker": "caller-1",
             "text": "halo pak saya budi dari desa sukamaju kecamatan cibungbulang"},
            {"start": 9.0, "end": 16.0, "speaker": "caller-1",
             "text": "jalan di desa kami rusak parah sudah tiga bulan tidak diperbaiki"},
            {"start": 16.0, "end": 20.0, "speaker": "host",
             "text": "baik terima kasih pak budi, kami teruskan"},
        ],
    )  # fmt: skip
    result = runner.invoke(app, ["analyze", "--file", str(path)])
    assert result.exit_code == 0, result.output
    candidates = json.loads(result.stdout)["candidates"]
    assert len(candidates) == 1
    assert candidates[0]["speaker"] == "caller-1"
    assert candidates[0]["start"] == 5.0 and candidates[0]["end"] == 16.0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "either TEXT or --file"),
        (["x", "--file", "y.json"], "either TEXT or --file"),
        (["--file", "/nonexistent/t.json"], "no such file"),
        (["jalan rusak", "--recorded-at", "kemarin"], "not an ISO date"),
        (["a" * 100_001], "too long"),
    ],
)
def test_bad_input_is_one_line_and_non_zero(app: typer.Typer, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["analyze", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_bad_transcript_files(app: typer.Typer, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    for content, message in [
        ("not json", "not a JSON transcript"),
        ('{"segments": 3}', "no 'segments' list"),
        ('{"segments": [{"start": "x", "text": "a"}]}', "bad segment"),
    ]:
        bad.write_text(content, encoding="utf-8")
        result = runner.invoke(app, ["analyze", "--file", str(bad)])
        assert result.exit_code != 0 and message in result.output, result.output


def test_evaluate_prints_per_class_scores(app: typer.Typer) -> None:
    result = runner.invoke(app, ["nlp", "evaluate"])
    assert result.exit_code == 0, result.output
    assert "dev (clean" in result.stdout and "dev (asr" in result.stdout
    assert "infrastruktur" in result.stdout and "macro-F1" in result.stdout


def test_train_writes_a_loadable_pipeline(app: typer.Typer, tmp_path: Path) -> None:
    from nlp.pipeline import load
    from nlp.project.train import DEFAULT_CORPUS

    lines = (DEFAULT_CORPUS / "train.jsonl").read_text(encoding="utf-8").splitlines()[::20]
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "train.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "model"
    result = runner.invoke(app, ["nlp", "train", "--corpus", str(tmp_path / "corpus"), "--output", str(out)])
    assert result.exit_code == 0, result.output
    again = runner.invoke(
        app, ["nlp", "train", "--if-missing", "--corpus", str(tmp_path / "corpus"), "--output", str(out)]
    )
    assert "up to date" in again.output
    trained = load(out)
    assert trained.get_pipe("suara_classifier").heads is not None


def test_train_reports_a_bad_corpus(app: typer.Typer, tmp_path: Path) -> None:
    (tmp_path / "train.jsonl").write_text('{"text": "x"}\n', encoding="utf-8")
    result = runner.invoke(app, ["nlp", "train", "--corpus", str(tmp_path), "--output", str(tmp_path / "m")])
    assert result.exit_code != 0
    assert "bad corpus line" in result.output
