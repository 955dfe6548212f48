"""`suara nlp train|evaluate --from-store` as an administrator runs them, on the real store and real training.

What officials verified becomes training data; the candidate model replaces the installed one only when it
is not worse on the frozen dev split, and the replaced model stays beside it for rollback. One backend is
enough here: reading the store on both is tests/api/complaint/test_corrections.py's job.
"""

from __future__ import annotations

import json
import re
import shutil
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app as cli
from nlp.project.train import DEFAULT_CORPUS, DEFAULT_OUTPUT

V1 = "/api/v1"
runner = CliRunner()


def _suara(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(cli, [str(a) for a in args])
    return result.exit_code, result.output


def _verified(client, text: str, topic: str) -> int:
    made = client.post(f"{V1}/complaints", json={"text": text})
    assert made.status_code == 201, made.text
    cid = made.json()["id"]
    assert client.patch(f"{V1}/complaints/{cid}", json={"topic": topic}).is_success
    moved = client.post(f"{V1}/complaints/{cid}/transitions", json={"to": "verified"})
    assert moved.status_code == 200, moved.text
    return cid


def _small_corpus(folder: Path) -> Path:
    """Every 40th training example: a model that trains in seconds and is clearly worse than the real one."""
    lines = (DEFAULT_CORPUS / "train.jsonl").read_text(encoding="utf-8").splitlines()[::40]
    folder.mkdir()
    (folder / "train.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_training_from_the_store_installs_only_a_model_that_is_not_worse(client, tmp_path: Path) -> None:
    tag = uuid.uuid4().hex[:8]
    _verified(client, f"lampu jalan di gang {tag} mati sudah seminggu, gelap sekali", "listrik_air")
    _verified(client, f"guru honorer di sekolah {tag} belum digaji tiga bulan", "pendidikan")
    corpus = _small_corpus(tmp_path / "corpus")

    # The installed model is the real one: a candidate fitted on a fortieth of the corpus is worse.
    installed = tmp_path / "suara-id"
    shutil.copytree(DEFAULT_OUTPUT, installed)
    before = (installed / "meta.json").read_bytes()
    code, out = _suara("nlp", "train", "--from-store", "--corpus", corpus, "--output", installed)
    assert code == 0, out
    assert "not installed: the candidate is worse" in out
    assert (installed / "meta.json").read_bytes() == before
    assert not (tmp_path / "suara-id.candidate").exists() and not (tmp_path / "suara-id.previous").exists()

    # A damaged installed model is an error, said in one line, and no candidate is left lying about.
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / "config.cfg").write_text("[nlp\n", encoding="utf-8")
    code, out = _suara("nlp", "train", "--from-store", "--corpus", corpus, "--output", damaged)
    assert code != 0 and "cannot load the NLP model" in out, out
    assert "Traceback" not in out and not (tmp_path / "damaged.candidate").exists()

    # Nothing installed yet: the candidate is taken, with the officials' complaints in its training data.
    fresh = tmp_path / "fresh"
    code, out = _suara("nlp", "train", "--from-store", "--corpus", corpus, "--output", fresh)
    assert code == 0, out
    assert "current none" in out and "installed" in out
    meta = json.loads((fresh / "meta.json").read_text(encoding="utf-8"))
    assert meta["store_examples"] >= 2

    # The same inputs again are not worse: installed, and the model it replaced is kept for rollback.
    code, out = _suara("nlp", "train", "--from-store", "--corpus", corpus, "--output", fresh)
    assert code == 0, out
    assert "the previous model is kept at" in out
    assert json.loads((tmp_path / "fresh.previous" / "meta.json").read_text(encoding="utf-8")) == meta
    assert (fresh / "config.cfg").is_file() and not (tmp_path / "fresh.candidate").exists()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_evaluate_from_the_store_reports_agreement_and_corrections(client) -> None:
    _verified(client, f"jalan berlubang di desa {uuid.uuid4().hex[:8]} membahayakan pengendara", "lingkungan")
    code, out = _suara("nlp", "evaluate", "--from-store")
    assert code == 0, out
    assert "agreement of nlp's topic with the officials" in out
    rows = out.splitlines()
    assert any(line.split()[:1] == ["lingkungan"] for line in rows)  # a row per topic ...
    assert any(re.fullmatch(r"\d{4}-\d{2}\s+\d+\s+[\d.]+%", line.strip()) for line in rows)  # ... and month
    corrections = next(line for line in out.splitlines() if line.startswith("corrections by field:"))
    assert "topic" in corrections
