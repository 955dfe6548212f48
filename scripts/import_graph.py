"""Print the import graph between the parts of api/ (domain folders and top-level modules).

Usage: .venv/bin/python scripts/import_graph.py [--dot]

Each arrow `a -> b (n)` says that n modules of part a import part b (at module level or inside functions).
The last lines list the domain folders (those with models.py) that import each other both ways: the
redesign wants none.
"""

from __future__ import annotations

import ast
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def part_of(module: str) -> str | None:
    """`api.complaint.service` → `complaint`; `api.config` → `config`; outside api/ → None."""
    bits = module.split(".")
    if bits[0] != "api" or len(bits) < 2:
        return None
    return bits[1]


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Modules imported by a file, resolved against its package for relative imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else module_name(path)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def edges() -> Counter[tuple[str, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    for path in sorted((ROOT / "api").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        source = part_of(module_name(path))
        targets = {part_of(m) for m in imports_of(path)} - {None, source}
        for target in targets:
            counts[(source, target)] += 1  # type: ignore[index]
    return counts


def two_way(counts: Counter[tuple[str, str]], domains: set[str]) -> list[tuple[str, str]]:
    return sorted((a, b) for a, b in counts if a < b and (b, a) in counts and a in domains and b in domains)


def main(argv: list[str]) -> int:
    counts = edges()
    # Domains are the folders that own tables; access/ and intake/ are layers above them, kernel,
    # database, crypto, config and errors below (tests/test_layers.py holds the same rule).
    domains = {p.name for p in (ROOT / "api").iterdir() if (p / "models.py").is_file()}
    if "--dot" in argv:
        print("digraph api {")
        for (a, b), n in sorted(counts.items()):
            print(f'  "{a}" -> "{b}" [label={n}];')
        print("}")
        return 0
    for (a, b), n in sorted(counts.items()):
        print(f"{a} -> {b} ({n})")
    both = two_way(counts, domains)
    print(f"\nparts: {len({p for e in counts for p in e})}, arrows: {len(counts)}")
    print(f"domain folders importing each other both ways: {len(both)}")
    for a, b in both:
        print(f"  {a} <-> {b}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
