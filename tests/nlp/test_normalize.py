"""Spoken Indonesian numbers → digits, with offsets that still point at the spoken words."""

from __future__ import annotations

import pytest

from nlp.normalize import normalize


@pytest.mark.parametrize(
    ("spoken", "written"),
    [
        (
            "nomor saya nol delapan satu tiga dua dua tiga empat lima enam tujuh delapan",
            "nomor saya 081322345678",
        ),
        ("nol delapan satu tiga, dua dua tiga empat, lima enam tujuh delapan", "081322345678"),
        # Grouped: "dua puluh tiga" is 23 inside a phone number.
        ("hp kosong delapan lima dua dua puluh tiga empat puluh lima enam tujuh", "hp 0852234567"),
        # Whisper misspellings and "kosong" inside a digit string.
        ("kosong delapan satu dua tiga empat nam tujuh delapan semilan nom", "08123467890"),
        ("nom delapan doa satu tiga tiga empat lima enam tujuh", "0821334567"),
        # Whisper's own digit spellings.
        ("nomornya 3, 3, 7, 1, 0, 8, 2, 2, 1", "nomornya 337108221"),
        ("sejak tahun dua ribu sembilan belas", "sejak tahun 2019"),
        ("diminta lima puluh ribu rupiah oleh petugas", "diminta Rp50.000 oleh petugas"),
        ("dua juta lima ratus ribu rupiah", "Rp2.500.000"),
        ("bayar seratus lima puluh ribu", "bayar Rp150.000"),
        ("lima ribu warga terdampak", "5000 warga terdampak"),  # money only after "bayar", "diminta"…
        ("RT nol tiga RW nol lima", "RT 03 RW 05"),
        ("rt 3 rw 5", "rt 03 rw 05"),
        ("rumah ketiga dan yang ke dua belas", "rumah ke-3 dan yang ke-12"),
        ("tanggal dua puluh tujuh november jam tujuh pagi", "tanggal 27 november jam 7 pagi"),
        ("sebelas dua belas seratus dua puluh tiga", "11 12 123"),
        # Decimal amounts.
        ("biaya 2,5 juta", "biaya Rp2.500.000"),
        ("satu koma lima juta rupiah", "Rp1.500.000"),
        ("dua setengah juta", "Rp2.500.000"),
        # Whisper writes digits with hyphens or in pairs.
        ("nomor 0-8-1-2-3-4-5-6-7-8-9", "nomor 08123456789"),
        ("08 12 34 56 78 9", "08123456789"),
        # Loose punctuation, digits and words mixed, repeated digits, split pairs.
        ("Kosong -kosong sembilan satu dua tiga", "009123"),
        ("nomor 2 lima, 1, 4", "nomor 2514"),
        ("hp nol delapan satu dobel tiga empat lima enam tujuh", "hp 081334567"),
        ("dua puluh tiga puluh lima", "20 35"),
        ("bu Lina dua anak", "bu Lina 2 anak"),  # a near-miss of "lima" is five only inside a digit string
        ("no delapan doa satu tiga tiga empat lima enam tujuh", "0821334567"),
        # Acronyms spelled letter by letter.
        ("tiang pe el en roboh", "tiang PLN roboh"),
        ("er te nol tiga er we nol lima", "RT 03 RW 05"),
        ("kartu be pe je es saya", "kartu BPJS saya"),
    ],
)
def test_spoken_numbers_become_digits(spoken: str, written: str) -> None:
    assert normalize(spoken).text == written


@pytest.mark.parametrize(
    "text",
    [
        "rumah kosong sudah lama",  # "kosong" is only zero inside a digit string
        "doa kami semoga cepat",  # "doa" is only two inside a digit string
        "jalan melati no 5 dan no 0812345678",  # "no" is nomor before written digits
        "a i u e o de en",  # letter names that spell no known acronym
        "Rp 50.000 dan 08123456789",  # already written
        "jam 08.00 - 10.00 ada 1.500 kk, sekitar 10-15 orang",
        "",
    ],
)
def test_ordinary_words_and_written_numbers_stay(text: str) -> None:
    assert normalize(text).text == text


def test_offsets_map_back_to_the_spoken_words() -> None:
    original = "hubungi nol delapan satu dua tiga empat lima enam tujuh delapan ya pak"
    norm = normalize(original)
    start = norm.text.index("0812")
    end = start + len("0812345678")
    a, b = norm.to_original(start, end)
    assert original[a:b] == "nol delapan satu dua tiga empat lima enam tujuh delapan"
    # Text after the rewrite keeps its own offsets.
    ya = norm.text.index(" ya") + 1
    assert norm.to_original(ya, ya + 2) == (original.index(" ya") + 1, original.index(" ya") + 3)


def test_money_span_includes_rupiah() -> None:
    original = "disuruh bayar lima puluh ribu rupiah"
    norm = normalize(original)
    a, b = norm.to_original(norm.text.index("Rp"), len(norm.text))
    assert original[a:b] == "lima puluh ribu rupiah"
