"""Random mixtures of number words, digits, places, punctuation and odd Unicode never crash analyze()."""

from __future__ import annotations

import random

import pytest
from spacy.language import Language

from nlp import analyze
from nlp.normalize import normalize

_WORDS = (
    "nol satu dua tiga empat lima enam tujuh delapan sembilan kosong nam semilan doa nom sepuluh sebelas "
    "seratus seribu sejuta belas puluh ratus ribu juta miliar koma setengah ke ketiga rupiah rp rt rw er te "
    "pe el en desa kelurahan kecamatan kabupaten kota provinsi sukamaju bogor cibinong jalan nomor no jam "
    "pukul tanggal november kemarin sejak hari yang lalu saya nama dari bu pak"
)
PIECES = [
    *_WORDS.split(),
    "0",
    "08",
    "12",
    "3",
    "2019",
    "50.000",
    "-",
    ",",
    ".",
    "/",
    "+62",
    "\x00",
    "\u200b",
]
PIECES += ["😀", "٣", "ｆ"]


def _random_text(rng: random.Random) -> str:
    return "".join(
        rng.choice(PIECES) + rng.choice(("", " ", " ", " ", ",", "-")) for _ in range(rng.randint(0, 40))
    )


@pytest.mark.parametrize("seed", range(6))
def test_random_texts_do_not_crash_and_offsets_stay_valid(pipeline: Language, seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(150):
        text = _random_text(rng)
        norm = normalize(text)
        for start in range(0, len(norm.text) + 1, 7):
            a, b = norm.to_original(start, min(len(norm.text), start + 5))
            assert 0 <= a <= b <= len(text)
        result = analyze(text, pipeline=pipeline)
        for e in result.entities:
            assert text[e.start_char : e.end_char] == e.text
        for r in result.redactions:
            assert text[r.start_char : r.end_char] == r.text
