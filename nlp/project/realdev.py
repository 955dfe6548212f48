"""The real development set: hand labels in the repository, the citizens' texts fetched by each developer.

The texts come from a public repository that carries no licence (see nlp/data/corpus/README.md), so we
commit only our own labels, the source row ids and a hash of each text; `materialise` reads the source
spreadsheet once and writes the texts to a git-ignored file next to the labels. Never train on this set.

    .venv/bin/python -m nlp.project.realdev materialise /path/to/Dataset_Capstone.xlsx
"""

from __future__ import annotations

import hashlib
import json
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

LOCK_SALT = "suara-realdev-locked-v1"
REALDEV_DIR = Path(__file__).resolve().parent.parent / "data" / "realdev"
LABELS_PATH = REALDEV_DIR / "dev.jsonl"
TEXTS_PATH = REALDEV_DIR / "texts.local.jsonl"  # git-ignored: the source has no licence
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


class RealDevError(ValueError):
    """The labels, the source spreadsheet or the materialised texts are missing or do not match."""


@dataclass(frozen=True, slots=True)
class RealExample:
    id: str
    text: str
    address: str
    topics: tuple[str, ...]
    kind: str
    urgent: bool
    places: tuple[str, ...]
    persons_sha256: tuple[str, ...]


def is_locked(example_id: str) -> bool:
    """About a third of the set, chosen by a salted hash of the row id, is never looked at while tuning.

    Every change to the classifier is judged on the other two thirds ("tune"); the locked third is only
    scored when a change is final, so it stays a fair check of how the tuning generalises.
    """
    digest = hashlib.sha256(f"{LOCK_SALT}:{example_id}".encode()).digest()
    return digest[0] % 3 == 0


def text_hash(text: str) -> str:
    """Over the text with line ends unified (XML readers turn CR LF into LF)."""
    unified = text.replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(unified.encode("utf-8")).hexdigest()[:16]


def name_hash(name: str) -> str:
    """Persons are stored hashed: a citizen's name has no business in our repository."""
    return hashlib.sha256(" ".join(name.casefold().split()).encode("utf-8")).hexdigest()[:12]


def _shared_strings(book: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in book.namelist():
        return []
    root = ElementTree.fromstring(book.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(f"{{{_NS['m']}}}t")) for si in root.findall("m:si", _NS)]


def _column(ref: str) -> str:
    return "".join(c for c in ref if c.isalpha())


def read_xlsx_rows(path: Path) -> list[dict[str, str]]:
    """The first sheet of an .xlsx as dicts keyed by the header row (stdlib only: zip + XML)."""
    try:
        with zipfile.ZipFile(path) as book:
            strings = _shared_strings(book)
            sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError) as exc:
        raise RealDevError(f"{path}: not a readable .xlsx ({exc})") from exc
    rows: list[dict[str, str]] = []
    for row in sheet.iter(f"{{{_NS['m']}}}row"):
        cells: dict[str, str] = {}
        for c in row.findall("m:c", _NS):
            v = c.find("m:v", _NS)
            if v is not None and v.text is not None:
                cells[_column(c.get("r", ""))] = strings[int(v.text)] if c.get("t") == "s" else v.text
            else:
                cells[_column(c.get("r", ""))] = "".join(t.text or "" for t in c.iter(f"{{{_NS['m']}}}t"))
        rows.append(cells)
    if not rows:
        return []
    header = rows[0]
    return [{name: r.get(col, "") for col, name in header.items()} for r in rows[1:]]


def read_labels(path: Path = LABELS_PATH) -> list[dict]:
    if not path.is_file():
        raise RealDevError(f"no real-dev labels at {path}")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def materialise(xlsx: Path, labels: Path = LABELS_PATH, out: Path = TEXTS_PATH) -> int:
    """Write the labelled rows' texts (and addresses) from the source spreadsheet; check every hash."""
    by_id = {r["id"]: r for r in read_xlsx_rows(xlsx)}
    written = []
    for row in read_labels(labels):
        src = by_id.get(row["source_row"])
        if src is None:
            raise RealDevError(f"{row['id']}: row {row['source_row']} is not in {xlsx}")
        if text_hash(src["keluhan"]) != row["text_sha256"]:
            raise RealDevError(f"{row['id']}: the text in {xlsx} differs from the one we labelled")
        written.append({"id": row["id"], "text": src["keluhan"], "address": src.get("alamat", "")})
    out.write_text("".join(json.dumps(w, ensure_ascii=False) + "\n" for w in written), encoding="utf-8")
    return len(written)


def load(labels: Path = LABELS_PATH, texts: Path = TEXTS_PATH) -> list[RealExample]:
    """Labels joined with the materialised texts; a clear error if the texts were never fetched."""
    if not texts.is_file():
        raise RealDevError(
            f"real-dev texts not materialised ({texts}): see nlp/data/realdev/GUIDE.md, then run "
            "`python -m nlp.project.realdev materialise <Dataset_Capstone.xlsx>`"
        )
    body = {}
    for line in texts.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            body[row["id"]] = row
    out = []
    for row in read_labels(labels):
        src = body.get(row["id"])
        if src is None or text_hash(src["text"]) != row["text_sha256"]:
            raise RealDevError(f"{row['id']}: missing or changed in {texts}: materialise again")
        out.append(
            RealExample(
                row["id"], src["text"], src.get("address", ""), tuple(row["topics"]), row["kind"],
                bool(row["urgent"]), tuple(row["places"]), tuple(row["persons_sha256"]),
            )
        )  # fmt: skip
    return out


def subset(examples: list[RealExample], split: str) -> list[RealExample]:
    """ "all", "tune" (the two thirds tuned on) or "locked" (the third kept for the final check)."""
    if split == "all":
        return list(examples)
    if split not in ("tune", "locked"):
        raise RealDevError(f"unknown real-dev split {split!r}: all, tune or locked")
    return [e for e in examples if is_locked(e.id) == (split == "locked")]


def available(labels: Path = LABELS_PATH, texts: Path = TEXTS_PATH) -> bool:
    return labels.is_file() and texts.is_file()


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "materialise":
        print(__doc__, file=sys.stderr)
        return 2
    try:
        n = materialise(Path(argv[1]))
    except RealDevError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{n} real-dev texts written to {TEXTS_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
