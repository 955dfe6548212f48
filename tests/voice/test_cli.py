"""`suara transcribe` and `suara models` as a user runs them: real processes, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

SUARA = [sys.executable, "-m", "api.cli"]


def suara(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*SUARA, *args], capture_output=True, text=True, cwd=REPO, timeout=600)


def test_transcribe_json_prints_a_summary_line(ko_speech: Path) -> None:
    result = suara("transcribe", str(ko_speech), "--language", "ko")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["engine"] == "vosk" and data["segments"]
    summary = result.stderr.strip().splitlines()[-1]
    assert "s audio" in summary and "words" in summary and "x real time" in summary


def test_transcribe_writes_each_format_to_a_folder(ko_speech: Path, id_speech: Path, tmp_path: Path) -> None:
    for fmt, marker in (("srt", "-->"), ("vtt", "WEBVTT"), ("txt", "")):
        result = suara("transcribe", str(ko_speech), "--language", "ko", "-f", fmt, "-o", str(tmp_path))
        assert result.returncode == 0, result.stderr
        written = (tmp_path / f"ko.{fmt}").read_text()
        assert marker in written and written.strip()
    assert not list(tmp_path.glob(".*tmp")), "no temporary file may be left behind"


def test_bad_inputs_fail_in_one_line_and_write_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    not_audio = tmp_path / "notes.wav"
    not_audio.write_text("hello")
    cases = {
        str(tmp_path / "missing.wav"): "no such file",
        str(not_audio): "not a readable audio file",
    }
    for path, message in cases.items():
        result = suara("transcribe", path, "-o", str(out))
        assert result.returncode == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("suara: error:") and message in lines[0]
    assert not out.exists()


def test_unknown_model_is_a_clear_error(ko_speech: Path) -> None:
    result = suara("transcribe", str(ko_speech), "--model", "vosk-model-xx")
    assert result.returncode == 1
    assert "unknown model 'vosk-model-xx'" in result.stderr


def test_models_list_and_verify() -> None:
    listing = suara("models", "list")
    assert listing.returncode == 0 and "whisper-base" in listing.stdout
    verify = suara("models", "verify")
    assert verify.returncode == 0 and verify.stdout.count(": ok") >= 3


def test_installing_an_incomplete_model_folder_names_the_missing_files(tmp_path: Path) -> None:
    folder = tmp_path / "vosk-model-small-id-0.1"
    (folder / "am").mkdir(parents=True)
    (folder / "am" / "final.mdl").write_bytes(b"not really a model")
    result = suara("models", "install", str(folder), "--engine", "vosk", "--models-dir", str(tmp_path / "m"))
    assert result.returncode == 1
    assert "missing conf/mfcc.conf" in result.stderr and "ivector/final.ie" in result.stderr
    assert not (tmp_path / "m" / "manifest.json").exists()


def test_a_damaged_installed_model_is_reported_when_used(ko_speech: Path, tmp_path: Path) -> None:
    import shutil

    from voice import models as store

    models = tmp_path / "models"
    spk = store.speaker_model_path(REPO / "models")
    store.install(str(spk), models_dir=models)
    # a Vosk model folder whose graph went missing after installation
    src = REPO / "models" / "vosk" / "vosk-model-small-ko-0.22"
    shutil.copytree(src, tmp_path / "ko", ignore=shutil.ignore_patterns("graph"))
    (tmp_path / "ko" / "graph").mkdir()
    for name in ("HCLr.fst", "Gr.fst"):
        (tmp_path / "ko" / "graph" / name).symlink_to(src / "graph" / name)
    store.install(str(tmp_path / "ko"), models_dir=models, name="ko-small", language="ko")
    (models / "vosk" / "ko-small" / "graph" / "HCLr.fst").unlink()
    result = suara("transcribe", str(ko_speech), "--language", "ko", "--models-dir", str(models))
    assert result.returncode == 1
    assert "model ko-small is incomplete (missing graph/HCLG.fst or graph/HCLr.fst)" in result.stderr
