"""Model management on real model files: install from folders, archives and packages; verify; resolve."""

from __future__ import annotations

import shutil
import tarfile
from pathlib import Path

import pytest

from voice import models as store
from voice.errors import ModelError


@pytest.fixture()
def spk_source(models_dir: Path, tmp_path: Path) -> Path:
    """A copy of the installed speaker model folder (15 MB: cheap to install again)."""
    src = store.speaker_model_path(models_dir)
    assert src is not None, "the default set-up installs vosk-model-spk-0.4"
    copy = tmp_path / "src" / "vosk-model-spk-0.4"
    shutil.copytree(src, copy)
    return copy


def test_defaults_are_installed_and_intact(models_dir: Path) -> None:
    installed = {m.name: m for m in store.list_models(models_dir=models_dir)}
    assert {d.name for d in store.DEFAULT_MODELS} <= set(installed)
    for name in installed:
        assert store.verify(name, models_dir=models_dir) == []
    ko = installed["vosk-model-small-ko-0.22"]
    assert ko.sample_rate == 16000
    conf = ko.absolute_path(models_dir) / "conf"
    # repeatable decoding (no dither) and endpoints for monologues are set at installation
    assert "--dither=0" in (conf / "mfcc.conf").read_text().split()
    assert "--endpoint.rule5.min-utterance-length=30.0" in (conf / "model.conf").read_text().split()


def test_install_from_folder_and_archive(spk_source: Path, tmp_path: Path) -> None:
    target = tmp_path / "models"
    model = store.install(str(spk_source), models_dir=target)
    assert model.engine == "vosk-spk" and model.name == "vosk-model-spk-0.4"
    assert (target / "spk" / "vosk-model-spk-0.4" / "final.ext.raw").is_file()
    assert store.verify(model.name, models_dir=target) == []
    assert "--dither=0" in (target / "spk" / "vosk-model-spk-0.4" / "mfcc.conf").read_text().split()

    archive = tmp_path / "spk.tar.gz"
    with tarfile.open(archive, "w:gz") as tf:
        tf.add(spk_source, arcname="vosk-model-spk-0.4")
    with pytest.raises(ModelError, match="already installed"):
        store.install(str(archive), models_dir=target)
    again = store.install(str(archive), models_dir=target, name="spk-copy")
    assert again.files == model.files


def test_incomplete_folder_is_refused_naming_the_missing_file(spk_source: Path, tmp_path: Path) -> None:
    (spk_source / "mean.vec").unlink()
    with pytest.raises(ModelError, match=r"mean\.vec"):
        store.install(str(spk_source), models_dir=tmp_path / "models", engine="vosk-spk")
    assert store.list_models(models_dir=tmp_path / "models") == []


def test_incomplete_vosk_model_names_what_is_missing(models_dir: Path, tmp_path: Path) -> None:
    partial = tmp_path / "vosk-model-small-xx-0.1"
    (partial / "am").mkdir(parents=True)
    (partial / "am" / "final.mdl").write_bytes(b"x")
    missing = store.missing_files(partial, "vosk")
    assert "conf/mfcc.conf" in missing and "ivector/final.ie" in missing
    with pytest.raises(ModelError, match=r"conf/mfcc\.conf"):
        store.install(str(partial), models_dir=tmp_path / "models", engine="vosk")


def test_verify_detects_changed_and_missing_files(spk_source: Path, tmp_path: Path) -> None:
    target = tmp_path / "models"
    model = store.install(str(spk_source), models_dir=target)
    folder = model.absolute_path(target)
    (folder / "transform.mat").write_bytes(b"tampered")
    (folder / "README.txt").unlink()
    problems = store.verify(model.name, models_dir=target)
    assert "checksum mismatch in transform.mat" in problems
    assert "missing README.txt" in problems


def test_remove_and_unknown_model(spk_source: Path, tmp_path: Path) -> None:
    target = tmp_path / "models"
    model = store.install(str(spk_source), models_dir=target)
    store.remove(model.name, models_dir=target)
    assert not model.absolute_path(target).exists()
    with pytest.raises(ModelError, match=r"unknown model 'vosk-model-spk-0\.4'"):
        store.verify(model.name, models_dir=target)


def test_a_vosk_model_for_the_language_wins_over_whisper(models_dir: Path) -> None:
    assert store.resolve_model(language="ko", models_dir=models_dir).engine == "vosk"
    assert store.resolve_model(language="id", models_dir=models_dir).engine == "whisper"
    assert store.resolve_model(language="ko", engine="whisper", models_dir=models_dir).engine == "whisper"
    with pytest.raises(ModelError, match="no vosk model installed for language 'id'"):
        store.resolve_model(language="id", engine="vosk", models_dir=models_dir)
    with pytest.raises(ModelError, match="speaker model"):
        store.resolve_model(language="ko", name="vosk-model-spk-0.4", models_dir=models_dir)


def test_missing_source(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no such file or folder"):
        store.install(str(tmp_path / "nothing"), models_dir=tmp_path / "models")
