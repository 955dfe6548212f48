"""Contacts, identity numbers, dates, money, addresses, facilities and the reporter's name."""

from __future__ import annotations

from datetime import datetime

import pytest
from spacy.language import Language

from nlp import AnalysisContext, analyze
from nlp.components import nik_valid

NOW = AnalysisContext(recorded_at=datetime(2026, 11, 29, 9, 0))


def _values(analysis, label: str) -> list[str | None]:
    return [e.value for e in analysis.entities if e.label == label]


def test_spoken_phone_number_to_e164_pointing_at_the_words(pipeline: Language) -> None:
    text = "nomor saya kosong delapan satu tiga dua dua tiga empat lima enam tujuh delapan terima kasih"
    a = analyze(text, pipeline=pipeline)
    assert a.phones == ("+6281322345678",)
    phone = next(e for e in a.entities if e.label == "PHONE")
    assert phone.text == "kosong delapan satu tiga dua dua tiga empat lima enam tujuh delapan"
    assert text[phone.start_char : phone.end_char] == phone.text


def test_phone_with_the_leading_zero_dropped_by_asr(pipeline: Language) -> None:
    text = "nomor saya delapan satu dua tiga empat lima enam tujuh delapan sembilan"
    assert analyze(text, pipeline=pipeline).phones == ("+628123456789",)


@pytest.mark.parametrize("written", ["0812-3456-7890", "+62 812 3456 7890", "6281234567890", "081234567890"])
def test_written_phone_numbers(pipeline: Language, written: str) -> None:
    assert analyze(f"hubungi saya di {written} ya", pipeline=pipeline).phones == ("+6281234567890",)


@pytest.mark.parametrize(
    ("nik", "valid"),
    [
        ("3201011002900001", True),  # man born 10-02-1990 in Cibinong, Bogor
        ("3201015002900001", True),  # woman: day + 40
        ("3201013202900001", False),  # day 32
        ("3201017102900001", False),  # woman with day 31 + 40 in February
        ("9901011002900001", False),  # no province 99
        ("3201991002900001", False),  # no district 32.01.99
        ("3201011002900000", False),  # serial 0000
    ],
)
def test_nik_validation(nik: str, valid: bool) -> None:
    assert nik_valid(nik) is valid


def test_nik_found_only_when_valid(pipeline: Language) -> None:
    assert analyze("NIK saya 3201015002900001", pipeline=pipeline).niks == ("3201015002900001",)
    assert analyze("NIK saya 3201013202900001", pipeline=pipeline).niks == ()


def test_spoken_nik(pipeline: Language) -> None:
    text = "nik saya tiga dua nol satu nol satu lima nol nol dua sembilan nol nol nol nol satu"
    assert analyze(text, pipeline=pipeline).niks == ("3201015002900001",)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("jalan rusak sejak tiga hari yang lalu", "2026-11-26"),
        ("lampu mati sejak dua minggu yang lalu", "2026-11-15"),
        ("sudah dua bulan yang lalu saya lapor", "2026-09-29"),
        ("kejadiannya kemarin sore", "2026-11-28"),
        ("sejak seminggu yang lalu air mati", "2026-11-22"),
        ("tanggal dua puluh tujuh november", "2026-11-27"),
        ("pada 5 januari 2025 saya datang", "2025-01-05"),
        ("tanggal 17/08/2026 ada acara", "2026-08-17"),
        ("sejak bulan desember dua ribu dua puluh empat", "2024-12"),
    ],
)
def test_dates_including_relative_ones(pipeline: Language, text: str, value: str) -> None:
    assert value in _values(analyze(text, NOW, pipeline=pipeline), "DATE")


@pytest.mark.parametrize(
    ("text", "value"),
    [("sejak tiga hari yang lalu", "-P3D"), ("dua minggu yang lalu", "-P14D"), ("sebulan yang lalu", "-P1M"),
     ("bulan lalu", "-P1M"), ("kemarin", "-P1D")],
)  # fmt: skip
def test_relative_date_without_recording_time_is_a_duration(
    pipeline: Language, text: str, value: str
) -> None:
    assert _values(analyze(f"air mati {text}", pipeline=pipeline), "DATE") == [value]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("jam tujuh pagi", "07:00"),
        ("pukul 14.30", "14:30"),
        ("jam delapan malam", "20:00"),
        ("jam 3 sore", "15:00"),
        ("jam setengah delapan pagi", "07:30"),
    ],
)
def test_times(pipeline: Language, text: str, value: str) -> None:
    assert _values(analyze(f"kejadian {text} tadi", pipeline=pipeline), "TIME") == [value]


def test_money(pipeline: Language) -> None:
    a = analyze("diminta lima puluh ribu rupiah, lalu Rp 1.500.000 lagi", pipeline=pipeline)
    assert _values(a, "MONEY") == ["50000", "1500000"]


@pytest.mark.parametrize(
    ("text", "value"),
    [("RT 3 RW 5", "RT 03 / RW 05"), ("RT/RW 003/005", "RT 003 / RW 005"), ("rt.07/rw.02", "RT 07 / RW 02"),
     ("erwe nol dua", "RW 02")],
)  # fmt: skip
def test_rt_rw_forms(pipeline: Language, text: str, value: str) -> None:
    assert _values(analyze(f"rumah saya di {text} desa x", pipeline=pipeline), "RT_RW") == [value]


def test_rt_rw_and_street_address(pipeline: Language) -> None:
    a = analyze("rumah saya di rt nol tiga rw nol lima, jalan merdeka nomor dua belas", pipeline=pipeline)
    assert _values(a, "RT_RW") == ["RT 03 / RW 05"]
    assert _values(a, "ADDRESS") == ["Merdeka No. 12"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("puskesmas tutup", "puskesmas"),
        ("dinas pupr belum datang", "dinas"),
        ("air pdam mati", "pdam"),
        ("listrik pln padam", "pln"),
        ("kartu bpjs kesehatan ditolak", "bpjs"),
        ("sudah lapor polsek", "polisi"),
        ("atap sd negeri 3 bocor", "sekolah"),
        ("ke kantor desa tiga kali", "kantor_pemerintah"),
    ],
)
def test_facilities(pipeline: Language, text: str, kind: str) -> None:
    assert kind in _values(analyze(text, pipeline=pipeline), "FACILITY")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("saya Budi dari Desa Sukamaju mau lapor", "Budi"),
        ("halo pak nama saya siti aminah warga rt dua", "Siti Aminah"),
        ("selamat pagi saya ibu ratna dari cibinong", "Ratna"),
        ("saya hotman sitorus bu rt di sulangi", "Hotman Sitorus"),
        ("kulo margaretha saking desa sungai jeman", "Margaretha"),
        ("saya guru di sana, nama saya andi baso bpjs saya tidak dibayar", "Andi Baso"),
        ("dengan pak joko di sini", "Joko"),
        ("saya ojek dari beru, nama saya hotman sitorus", "Hotman Sitorus"),
        ("halo betul ini dengan call center toba? jalan rusak", None),
        ("saya mau lapor jalan rusak", None),
        ("saya lapor ya pak", None),
        ("saya sendiri bingung pak", None),
        ("saya warga desa sukamaju", None),
    ],
)
def test_reporter_self_introduction(pipeline: Language, text: str, name: str | None) -> None:
    assert analyze(text, pipeline=pipeline).reporter_name == name


def test_an_event_followed_by_kemarin_is_not_yesterday(pipeline: Language) -> None:
    assert _values(analyze("sejak lebaran kemarin air mati", NOW, pipeline=pipeline), "DATE") == []


@pytest.mark.parametrize(
    "text",
    [
        "mau tanya kenapa bantuan pkh saya dihentikan",
        "bantuan saya diminta kembali oleh pak rt",
        "tiang listrik roboh di depan rumah saya",
        "Got mampet.\n2. Tiang MNC miring akibat galian, mohon diperbaiki",
        "Tiang Telkom miring di depan rumah, kabelnya menjuntai",
        "Pada saat deadline nama saya masuk dalam daftar tidak lengkap",
        "TOLONG PENGADUAN SAYA DIPERHATIKAN, JANGAN DI KLIK SELESAI",
        "rumah saya kebakaran udh dari bulan lalu",
    ],
)
def test_no_person_where_no_name_is_introduced(pipeline: Language, text: str) -> None:
    a = analyze(text, pipeline=pipeline)
    assert [e.text for e in a.entities if e.label == "PERSON"] == []
    assert a.reporter_name is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Assalamualaikum wr wb\nNama sy Ibu Ervina Winoto, sy mengajukan keluhan", "Ervina Winoto"),
        ("MOHON BANTUAN KURSI RODA\nNama : SUMARNO\nAlamat : Kapas lor wetan 3", "Sumarno"),
        ("Selamat pagi, saya Rizaldy warga Tenggilis Mejoyo, mau mengadu", "Rizaldy"),
        ("ketua rt saya bernama bpk.sariono.surat domisili ditolak", "Sariono"),
        ("Selamat siang\\nSaya Pelapor Hari Wicaksono\\nTadi pagi jalan ditutup", "Hari Wicaksono"),
        (
            "Yang bertanda tangan di bawah ini :\\nNama : Hendrawan Kristiyanto Jabatan : Ketua RT",
            "Hendrawan Kristiyanto",
        ),
    ],
)
def test_written_introductions(pipeline: Language, text: str, name: str) -> None:
    assert analyze(text, pipeline=pipeline).reporter_name == name


def test_introductions_cache_serves_each_text_its_own_names(pipeline: Language) -> None:
    """analyze() reads a text's introductions twice and keeps the last few texts' answers: texts read in
    turn, one right after another, keep their own names, and a caller changing the list it was given
    changes nothing for the next caller."""
    from nlp.components import introductions

    texts = {"nama saya budi santoso dari desa sukamaju": "Budi Santoso", "saya mau lapor jalan rusak": None}
    texts["Nama : SUMARNO\nAlamat : Kapas lor wetan 3"] = "Sumarno"
    for _ in range(2):
        for text, name in [*texts.items(), *reversed(texts.items())]:
            a = analyze(text, pipeline=pipeline)
            assert a.reporter_name == name
            assert [e.value for e in a.entities if e.label == "PERSON"] == ([name] if name else [])
    first = introductions("nama saya budi santoso dari desa sukamaju")
    first.clear()
    assert [n[3] for n in introductions("nama saya budi santoso dari desa sukamaju")] == ["Budi Santoso"]
