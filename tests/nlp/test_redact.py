"""Redacted public text: names, phone numbers, NIK and exact addresses masked; places kept."""

from __future__ import annotations

from spacy.language import Language

from nlp import analyze


def test_private_details_are_masked_and_listed(pipeline: Language) -> None:
    text = (
        "Saya Budi Santoso dari desa sukamaju kecamatan cibungbulang, NIK 3201015002900001, rumah di "
        "RT 03 RW 05 "
        "jalan merdeka nomor 12, hp nol delapan satu dua tiga empat lima enam tujuh delapan sembilan. "
        "Tolong pak, Budi sudah lapor dua kali."
    )
    a = analyze(text, pipeline=pipeline)
    red = a.redacted_text
    for secret in ("Budi", "Santoso", "3201015002900001", "RT 03", "merdeka nomor 12", "nol delapan satu"):
        assert secret not in red, secret
    assert "[NAMA]" in red and "[NIK]" in red and "[ALAMAT]" in red and "[TELEPON]" in red
    # The village and district stay: the agency must know where to act.
    assert "desa sukamaju" in red and "kecamatan cibungbulang" in red
    labels = {r.label for r in a.redactions}
    assert {"PERSON", "NIK", "RT_RW", "ADDRESS", "PHONE"} <= labels
    for r in a.redactions:
        assert text[r.start_char : r.end_char] == r.text
    # The repeated first name is masked too.
    assert sum(r.label == "PERSON" for r in a.redactions) >= 2


def test_unvalidated_long_digit_strings_are_still_masked(pipeline: Language) -> None:
    a = analyze("nomor saya satu dua tiga empat lima enam tujuh delapan sembilan satu", pipeline=pipeline)
    assert "satu dua tiga" not in a.redacted_text
    assert a.redactions


def test_email_is_masked(pipeline: Language) -> None:
    a = analyze("kirim ke budi.s@example.com ya", pipeline=pipeline)
    assert "example.com" not in a.redacted_text


def test_text_without_private_details_is_unchanged(pipeline: Language) -> None:
    text = "lampu jalan di kabupaten sleman mati semua"
    a = analyze(text, pipeline=pipeline)
    assert a.redacted_text == text
    assert a.redactions == ()


def test_every_introduced_caller_is_masked_in_a_long_transcript(pipeline: Language) -> None:
    text = (
        "halo selamat pagi nama saya siti aminah dari desa sukamaju, jalan rusak. terima kasih bu siti. "
        "penelepon berikutnya silakan. kulo parmin saking desa cibadak, lampu mati. "
        "halo saya hotman sitorus bu, air pdam mati"
    )
    a = analyze(text, pipeline=pipeline)
    for name in ("siti", "aminah", "parmin", "hotman", "sitorus"):
        assert name not in a.redacted_text.lower(), name
    assert a.reporter_name == "Siti Aminah"
