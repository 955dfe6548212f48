"""Talkshow splitting: calls, interjections, greetings, self-introductions, and the real pipeline per call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from nlp.talkshow import (
    TalkTurn,
    as_turns,
    content_words,
    group_calls,
    host_speakers,
    parse_introduction,
    split_talkshow,
)
from nlp.types import AnalysisContext

# A morning dialogue on RRI Purwokerto (station region: Kabupaten Banyumas, 33.02). Caller 1 lives in
# Karanglewas, Kutasari (Purbalingga, 33.03.07.2001) — a name that also exists in Banyumas — and calls twice.
_TURNS = [
    (
        "host",
        0.0,
        14.0,
        "selamat pagi pendengar rri purwokerto kembali lagi di dialog interaktif halo "
        "bupati pagi ini kita bersama bapak kepala dinas pekerjaan umum silakan yang mau "
        "bergabung telepon ke studio",
    ),
    ("host", 14.5, 18.0, "sudah ada penelepon pertama halo selamat pagi"),
    ("caller-1", 18.5, 21.0, "halo assalamualaikum pak selamat pagi"),
    ("host", 21.2, 24.0, "waalaikumsalam silakan dengan siapa di mana"),
    (
        "caller-1",
        24.2,
        38.0,
        "saya budi dari desa karanglewas kecamatan kutasari pak mau lapor jalan kabupaten "
        "di desa kami rusak parah lubangnya besar besar sudah tiga bulan tidak diperbaiki",
    ),
    ("host", 38.2, 39.5, "ya ya silakan"),
    (
        "caller-1",
        39.7,
        50.0,
        "kalau hujan motor sering jatuh pak anak sekolah juga susah lewat tolong segera "
        "diperbaiki terima kasih",
    ),
    (
        "host",
        50.5,
        70.0,
        "baik terima kasih pak budi dari karanglewas nanti langsung kami teruskan ke pak "
        "kepala dinas pekerjaan umum yang ada di studio bagaimana pak kepala dinas "
        "tanggapannya untuk jalan di kutasari ini",
    ),
    (
        "guest",
        70.5,
        95.0,
        "terima kasih pak budi untuk jalan kabupaten di kutasari sudah masuk rencana "
        "perbaikan tahun ini mohon bersabar nanti tim kami cek ke lapangan minggu depan",
    ),
    ("host", 95.5, 100.0, "baik kita lanjut penelepon berikutnya halo selamat pagi"),
    (
        "caller-2",
        100.5,
        118.0,
        "selamat pagi pak nama saya bu siti dari desa canduk kecamatan lumbir saya mau "
        "menyampaikan air pdam di rumah kami sudah dua minggu tidak mengalir tapi tagihan "
        "tetap datang",
    ),
    ("host", 118.2, 119.5, "baik bu"),
    ("caller-2", 119.7, 126.0, "nomor saya nol delapan satu tiga dua dua tiga empat lima enam tujuh delapan"),
    (
        "host",
        126.5,
        140.0,
        "terima kasih ibu siti keluhan soal air pdam nanti kami sampaikan juga ke "
        "direktur pdam karena beliau tidak hadir pagi ini kita masih punya waktu satu "
        "penelepon lagi",
    ),
    ("caller-1", 140.5, 143.0, "halo pak saya budi lagi"),
    ("host", 143.2, 144.5, "ya pak budi silakan"),
    (
        "caller-1",
        144.7,
        158.0,
        "satu lagi pak lampu penerangan jalan di jalan raya kutasari mati semua sudah "
        "sebulan malam malam gelap rawan begal",
    ),
    (
        "host",
        158.5,
        175.0,
        "baik terima kasih pak budi itu tadi penelepon terakhir kita terima kasih bapak "
        "kepala dinas dan para pendengar sampai jumpa minggu depan wassalamualaikum",
    ),
]
TRANSCRIPT = [{"speaker": s, "start": a, "end": b, "text": t} for s, a, b, t in _TURNS]


@dataclass(frozen=True)
class VoiceLikeTurn:
    """Stands in for voice.types.Turn: nlp/ must accept any object with these attributes."""

    start: float
    end: float
    speaker: str
    text: str
    band: str | None = None


# --- pure parts ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "place"),
    [
        ("Halo assalamualaikum pak, saya Budi dari Desa Sukamaju, mau lapor", "Budi", "desa sukamaju"),
        (
            "nama saya bu siti aminah dari kecamatan cibadak kabupaten sukabumi pak",
            "Siti Aminah",
            "kecamatan cibadak kabupaten sukabumi",
        ),
        (
            "kulo pak slamet saking desa karanglewas kecamatan kutasari ajeng matur",
            "Slamet",
            "desa karanglewas kecamatan kutasari",
        ),
        ("ini dengan mas joko dari purbalingga mau tanya", "Joko", "purbalingga"),
        ("perkenalkan saya ibu dewi dari kelurahan sukajadi rt tiga", "Dewi", "kelurahan sukajadi"),
        ("saya warga desa sukamaju kecamatan cibadak mau lapor", None, "desa sukamaju kecamatan cibadak"),
        ("abdi ujang ti desa cikole", "Ujang", "desa cikole"),
        ("nama saya hendra", "Hendra", None),
    ],
)
def test_self_introductions_give_name_and_place(text: str, name: str | None, place: str | None) -> None:
    intro = parse_introduction(text)
    assert intro is not None
    assert (intro.name, intro.place) == (name, place)


@pytest.mark.parametrize(
    "text",
    [
        "halo pak saya mau lapor soal pupuk",
        "saya kecewa sekali dengan pelayanan puskesmas",
        "jalan di sini rusak pak",
        "",
    ],
)
def test_no_introduction_is_invented(text: str) -> None:
    assert parse_introduction(text) is None


def test_greetings_and_introduction_are_not_content() -> None:
    text = "halo assalamualaikum pak selamat pagi saya budi dari desa sukamaju"
    assert content_words(text, parse_introduction(text)) == []
    assert len(content_words("jalan kabupaten di desa kami rusak parah")) >= 4


def test_host_is_found_by_label_band_or_turn_count() -> None:
    turns = as_turns(TRANSCRIPT)
    assert host_speakers(turns) == {"host", "guest"}
    by_band = [
        TalkTurn("spk-0", 0, 5, "selamat pagi", "studio"),
        TalkTurn("spk-1", 5, 9, "halo pak", "phone"),
        TalkTurn("spk-0", 9, 10, "silakan", "studio"),
    ]
    assert host_speakers(by_band) == {"spk-0"}
    by_count = [TalkTurn(s, i, i + 1, "x") for i, s in enumerate(["a", "b", "a", "c", "a"])]
    assert host_speakers(by_count) == {"a"}


def test_calls_are_grouped_across_interjections_and_split_by_real_replies() -> None:
    calls = group_calls(as_turns(TRANSCRIPT))
    assert [c.speaker for c in calls] == ["caller-1", "caller-2", "caller-1"]
    first, second, third = calls
    # the greeting, the introduction after the host's "silakan dengan siapa" and the continuation after
    # "ya ya silakan" are one call
    assert [t.start for t in first.turns] == [18.5, 24.2, 39.7]
    assert [t.start for t in second.turns] == [100.5, 119.7]
    assert "lampu penerangan jalan" in third.text and "budi lagi" in third.text
    assert all("rri purwokerto" not in c.text for c in calls)  # host chatter is nobody's complaint


def test_greeting_only_callers_are_dropped() -> None:
    turns = [
        {
            "speaker": "host",
            "start": 0,
            "end": 10,
            "text": "selamat pagi pendengar kita buka jalur telepon sekarang ya",
        },
        {"speaker": "caller-1", "start": 10, "end": 13, "text": "halo pak salam buat semua pendengar rri"},
        {
            "speaker": "host",
            "start": 13,
            "end": 25,
            "text": "salam kembali terima kasih sudah bergabung kita lanjut ke penelepon berikutnya ya",
        },
        {
            "speaker": "caller-2",
            "start": 25,
            "end": 35,
            "text": "pak pupuk subsidi di kios desa kami kosong sudah sebulan",
        },
    ]
    calls = group_calls(as_turns(turns))
    assert [c.speaker for c in calls] == ["caller-2"]


def test_a_host_follow_up_question_does_not_end_the_call() -> None:
    turns = [
        {"speaker": "caller-1", "start": 0, "end": 9, "text": "pak jalan ke pasar di desa kami rusak parah"},
        {
            "speaker": "host",
            "start": 9,
            "end": 15,
            "text": "baik pak terima kasih informasinya jadi jalan yang rusak itu di dusun mana pak",
        },
        {"speaker": "caller-1", "start": 15, "end": 20, "text": "di dusun krajan pak sudah tiga bulan"},
        {
            "speaker": "host",
            "start": 20,
            "end": 32,
            "text": "baik terima kasih pak nanti kami teruskan ke dinas terkait kita lanjut dulu",
        },
        {
            "speaker": "caller-1",
            "start": 32,
            "end": 40,
            "text": "satu lagi pak lampu jalan di pasar juga mati semua",
        },
    ]
    calls = group_calls(as_turns(turns))
    assert [[t.start for t in c.turns] for c in calls] == [[0, 15], [32]]


def test_input_forms_are_equivalent() -> None:
    objects = [VoiceLikeTurn(t["start"], t["end"], t["speaker"], t["text"]) for t in TRANSCRIPT]
    as_dicts = as_turns(TRANSCRIPT)
    assert as_turns(objects) == as_dicts
    assert as_turns({"turns": TRANSCRIPT}) == as_dicts

    class TranscriptLike:
        def turns(self) -> list[VoiceLikeTurn]:
            return objects

    assert as_turns(TranscriptLike()) == as_dicts
    # consecutive segments of one speaker merge into one turn
    merged = as_turns(
        {
            "segments": [
                {"speaker": "caller-1", "start": 0, "end": 2, "text": "jalan"},
                {"speaker": "caller-1", "start": 2, "end": 4, "text": "rusak"},
            ]
        }
    )
    assert merged == [TalkTurn("caller-1", 0, 4, "jalan rusak")]
    with pytest.raises(ValueError, match="turn 0 has no start/end"):
        as_turns([{"speaker": "host", "text": "halo"}])


# --- with the real pipeline ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def candidates():
    context = AnalysisContext(default_region="33.02", recorded_at=datetime(2026, 11, 20, 1, 0, tzinfo=UTC))
    return split_talkshow(TRANSCRIPT, context)


def test_three_candidates_with_time_spans(candidates) -> None:
    assert [(c.speaker, c.start, c.end) for c in candidates] == [
        ("caller-1", 18.5, 50.0),
        ("caller-2", 100.5, 126.0),
        ("caller-1", 140.5, 158.0),
    ]
    assert "karanglewas" in candidates[0].text and "motor sering jatuh" in candidates[0].text


def test_reporter_names_and_default_places_come_from_the_introductions(candidates) -> None:
    first, second, third = candidates
    assert first.reporter_name == "Budi"
    # Karanglewas exists in Banyumas too; he said Kutasari, so Purbalingga wins over the station's region
    assert first.default_region is not None and first.default_region.startswith("33.03.07")
    assert second.reporter_name == "Siti"
    assert second.default_region is not None and second.default_region.startswith("33.02.01")
    # calling again, caller 1 keeps his name and place
    assert third.reporter_name == "Budi"
    assert third.default_region == first.default_region


def test_each_candidate_is_analysed(candidates) -> None:
    first, second, third = candidates
    assert first.analysis.text == first.text
    assert first.analysis.topics and first.analysis.topics[0].label == "infrastruktur"
    assert any(a.code == "dinas-pupr:33.03" for a in first.analysis.agencies)
    assert second.analysis.topics[0].label == "listrik_air"
    assert "+6281322345678" in second.analysis.phones
    assert any(a.code.startswith("pdam:33.02") for a in second.analysis.agencies)
    assert third.analysis.text == third.text


def test_empty_transcript_gives_no_candidates() -> None:
    assert split_talkshow([]) == []
