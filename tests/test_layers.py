"""The layers of DESIGN.md hold: voice/ and nlp/ never import api/, nlp/ never imports voice/; inside api/
the domains (the folders with models.py) never import each other both ways, their models never import the
access layer or intake, and the kernel imports nothing of api/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _imported(path: Path) -> set[str]:
    """Top-level package of every import in a file, at module level or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize(("package", "forbidden"), [("voice", {"api"}), ("nlp", {"api", "voice"})])
def test_a_lower_layer_never_imports_a_higher_one(package: str, forbidden: set[str]) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imported(path) & forbidden)
        for path in sorted((ROOT / package).rglob("*.py"))
        if _imported(path) & forbidden
    }
    assert not offenders, offenders


API = ROOT / "api"
DOMAINS = sorted(p.name for p in API.iterdir() if (p / "models.py").is_file())


def _api_parts(path: Path) -> set[str]:
    """The api/ parts (`api.X...` → X) a file imports, at module level or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        found |= {n.split(".")[1] for n in names if n.startswith("api.") and n.count(".") >= 1}
    return found


def test_the_api_domains_are_the_folders_that_own_tables() -> None:
    assert {"agency", "audit", "auth", "complaint", "recording"} <= set(DOMAINS)
    assert not {"access", "intake", "kernel"} & set(DOMAINS)


def test_no_two_api_domains_import_each_other_both_ways() -> None:
    arrows = {
        (domain, part)
        for domain in DOMAINS
        for path in (API / domain).rglob("*.py")
        for part in _api_parts(path)
        if part in DOMAINS and part != domain
    }
    both = sorted((a, b) for a, b in arrows if a < b and (b, a) in arrows)
    assert not both, both


def test_domain_models_never_import_the_layers_above_them() -> None:
    offenders = {
        f"{domain}/models.py": sorted(_api_parts(API / domain / "models.py") & {"access", "intake", "deps"})
        for domain in DOMAINS
    }
    assert not any(offenders.values()), offenders


def test_the_kernel_imports_nothing_of_api() -> None:
    assert _api_parts(API / "kernel.py") == set()


def _api_modules(path: Path) -> set[str]:
    """The api/ modules (`api.X.Y`) a file imports by name, at module level or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("api."):
            found |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("api.")}
    return {".".join(name.split(".")[:3]) for name in found if name.count(".") >= 2}


def test_the_access_layer_reads_the_domains_models_only() -> None:
    """access/ sits above the domains' tables and below their services: it may read models (what a row
    is) but never call a service, or the services' own calls to policy would run in a circle."""
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            m for m in _api_modules(path) if m.split(".")[1] in DOMAINS and not m.endswith(".models")
        )
        for path in sorted((API / "access").glob("*.py"))
    }
    assert not any(offenders.values()), offenders


@pytest.mark.parametrize(
    "module", ["crypto.py", "keys.py", "config.py", "errors.py", "validation.py", "files.py"]
)
def test_the_modules_below_the_domains_import_no_domain_nor_layer_above(module: str) -> None:
    assert not _api_parts(API / module) & {*DOMAINS, "access", "intake", "deps"}
