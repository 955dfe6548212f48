"""The real development set: labels well-formed, no citizen text in the repository, texts checked on fetch."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from nlp.project import realdev

TAXONOMY = Path(__file__).resolve().parents[2] / "nlp" / "data" / "taxonomy.json"


def test_labels_are_well_formed_and_hold_no_text() -> None:
    labels = realdev.read_labels()
    topics = {t["label"] for t in json.loads(TAXONOMY.read_text(encoding="utf-8"))["topics"]}
    assert len(labels) >= 500
    assert len({row["id"] for row in labels}) == len(labels)
    for row in labels:
        assert row["topics"] and set(row["topics"]) <= topics, row["id"]
        assert row["kind"] in {"pengaduan", "aspirasi", "permintaan_informasi"}
        assert isinstance(row["urgent"], bool)
        assert len(row["persons_sha256"]) == row["n_persons"]
        assert not {"text", "keluhan", "address", "alamat", "persons"} & set(row), "no source text committed"
    kinds = {row["kind"] for row in labels}
    assert kinds == {"pengaduan", "aspirasi", "permintaan_informasi"}


def _xlsx(path: Path, rows: list[list[str]]) -> None:
    """A minimal spreadsheet as the portal export has it: shared strings, first sheet, header row."""
    strings: list[str] = []
    cells = []
    for r, row in enumerate(rows, 1):
        out = []
        for c, value in enumerate(row):
            strings.append(value)
            out.append(f'<c r="{"ABCDEFGHIJ"[c]}{r}" t="s"><v>{len(strings) - 1}</v></c>')
        cells.append(f'<row r="{r}">{"".join(out)}</row>')
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    shared = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("xl/sharedStrings.xml", f'<sst xmlns="{ns}">{shared}</sst>')
        book.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{ns}"><sheetData>{"".join(cells)}</sheetData></worksheet>',
        )


def _labels(path: Path, text: str) -> None:
    row = {
        "id": "sby-mc-7", "source_row": "7", "text_sha256": realdev.text_hash(text), "topics": ["lingkungan"],
        "kind": "pengaduan", "urgent": False, "places": [], "persons_sha256": [], "n_persons": 0,
    }  # fmt: skip
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")


def test_materialise_checks_every_text_against_the_labelled_hash(tmp_path: Path) -> None:
    text = "sampah menumpuk seminggu & tidak diambil\r\npetugas"
    book, labels, out = tmp_path / "src.xlsx", tmp_path / "dev.jsonl", tmp_path / "texts.jsonl"
    _xlsx(book, [["id", "keluhan", "alamat"], ["7", text, "Jl. Bubutan"]])
    _labels(labels, text)
    assert realdev.materialise(book, labels, out) == 1
    [example] = realdev.load(labels, out)
    assert example.text.replace("\r", "") == text.replace("\r", "") and example.address == "Jl. Bubutan"
    _labels(labels, "another text")
    with pytest.raises(realdev.RealDevError, match="differs from the one we labelled"):
        realdev.materialise(book, labels, out)


def test_evaluating_without_fetched_texts_says_how_to_get_them(tmp_path: Path) -> None:
    with pytest.raises(realdev.RealDevError, match="materialise"):
        realdev.load(realdev.LABELS_PATH, tmp_path / "none.jsonl")
    with pytest.raises(realdev.RealDevError, match=r"not a readable \.xlsx"):
        realdev.materialise(tmp_path / "none.xlsx")


def test_a_third_is_locked_by_row_id_and_the_split_is_stable() -> None:
    """The locked third never moves: tuning looks only at "tune", the final check at "locked"."""
    ids = [row["id"] for row in realdev.read_labels()]
    locked = [i for i in ids if realdev.is_locked(i)]
    assert 0.25 < len(locked) / len(ids) < 0.42
    assert [realdev.is_locked(i) for i in ids] == [realdev.is_locked(i) for i in ids]
    examples = [
        realdev.RealExample(i, "", "", ("lainnya",), "pengaduan", False, (), ()) for i in ids
    ]  # fmt: skip
    tune, held = realdev.subset(examples, "tune"), realdev.subset(examples, "locked")
    assert {e.id for e in held} == set(locked)
    assert len(tune) + len(held) == len(ids) and not {e.id for e in tune} & set(locked)
    assert realdev.is_locked("sby-mc-170339") is False and realdev.is_locked("sby-mc-169085") is True
    with pytest.raises(realdev.RealDevError, match="unknown real-dev split"):
        realdev.subset(examples, "train")
