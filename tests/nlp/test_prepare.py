"""What the classifier reads from a written complaint: greetings cut, chat abbreviations written out."""

from __future__ import annotations

import numpy as np

from nlp.classify import KIND_CUES, CueIndex, KeywordIndex
from nlp.prepare import expand, prepare, strip_boilerplate


def test_greetings_and_closings_carry_no_topic_and_are_cut() -> None:
    text = (
        "Assalamu'alaikum wr wb. Yth. Bapak Bupati, mohon maaf sebelumnya, jalan di desa kami rusak. "
        "Terima kasih atas perhatiannya. Wassalamualaikum"
    )
    out = strip_boilerplate(text).lower()
    for gone in ("assalamu", "yth", "bupati", "terima kasih", "mohon maaf", "wassalam"):
        assert gone not in out, gone
    assert "jalan di desa kami rusak" in out


def test_chat_abbreviations_are_written_out() -> None:
    assert expand("sy sdh lapor tp blm ada yg dtg krn tdk ada petugas") == (
        "saya sudah lapor tapi belum ada yang dtg karena tidak ada petugas"
    )


def test_agency_and_public_order_shorthand_is_written_out() -> None:
    """Shorthand any regency's complaints use names the words the taxonomy and the corpus spell out."""
    assert expand("gepeng dan anjal di lalin depan fasum, lapor ke dlh") == (
        "gelandangan pengemis dan anak jalanan di lalu lintas depan fasilitas umum, lapor ke dinas lingkungan"
        " hidup"
    )


def test_pkl_means_street_vendors_whichever_way_it_is_written() -> None:
    assert prepare("banyak pedagang kaki lima di trotoar") == prepare("banyak PKL di trotoar")
    assert "pkl" in prepare("Pedagang Kaki Lima")


def test_digits_fold_and_words_inside_words_stay() -> None:
    assert prepare("RT 03 jl. Ahmad Yani 45") == "rt 00 jalan. ahmad yani 00"
    assert expand("sekolahan kelurahan") == "sekolah kelurahan"  # "kel" inside "kelurahan" untouched


def test_keyword_index_counts_distinct_keywords_per_topic() -> None:
    index = KeywordIndex(
        {"transportasi": ["parkir liar", "juru parkir"], "ketertiban_keamanan": ["PKL"]},
        ["transportasi", "ketertiban_keamanan", "lainnya"],
    )
    counts = index.counts(prepare("Ada jukir liar dan tukang parkir, juga pedagang kaki lima"))
    assert counts[0] > 0 and counts[1] > 0 and counts[2] == 0
    assert np.allclose(index.counts(prepare("lampu jalan mati")), 0)


def test_a_keyword_preparation_empties_or_turns_into_a_common_word_never_counts() -> None:
    """ "terima kasih" is cut as a closing, and "TPI" (a fish auction) must not become "tapi" (but): either
    would count a keyword in nearly every complaint."""
    index = KeywordIndex(
        {"lainnya": ["terima kasih", "sertifikat tanah"], "kelautan_perikanan": ["TPI"]},
        ["lainnya", "kelautan_perikanan"],
    )
    assert "" not in index.keywords["lainnya"]
    assert np.allclose(index.counts(prepare("jalan rusak tp belum diperbaiki, terima kasih")), 0)
    assert index.counts(prepare("harga ikan di TPI anjlok"))[1] > 0


def test_kind_cues_count_questions_requests_and_faults() -> None:
    cues = CueIndex(KIND_CUES)
    names = list(KIND_CUES)
    question = cues.counts(prepare("Mohon ijin bertanya, bagaimana cara daftar rusunawa?"))
    fault = cues.counts(prepare("lampu jalan sdh mati 3 bulan tdk diperbaiki"))
    assert question[names.index("question_mark")] > 0 and question[names.index("asks")] > 0
    assert fault[names.index("reports_fault")] > 0 and fault[names.index("question_mark")] == 0


def test_a_request_for_work_is_a_cue_of_its_own_and_an_apology_is_not() -> None:
    """ "Mohon bantuan perantingan pohon" asks for a job to be done (aspirasi); "mohon maaf" asks nothing."""
    cues, work = CueIndex(KIND_CUES), list(KIND_CUES).index("asks_for_work")
    for request in (
        "Mohon bantuan untuk perantingan pohon",
        "mohon ada pemangkasan pohon",
        "mohon normalisasi",
    ):
        assert cues.counts(prepare(request))[work] > 0, request
    for other in ("Mohon maaf, jalan rusak", "tolong diperbaiki", "jalan rusak sejak lama"):
        assert cues.counts(prepare(other))[work] == 0, other


def test_a_caller_checking_the_line_asks_no_question() -> None:
    """A caller checking the line ("Halo? Bisa dengar saya?") asks nothing about the complaint."""
    text = "Halo? Halo, bisa dengar saya? Iya. Permisi, ini sudah nyambung? Lampu jalan di gang kami mati."
    prepared = prepare(text)
    assert "?" not in prepared and "halo" not in prepared
    assert "lampu jalan" in prepared
    assert "?" in prepare("Mau tanya, kapan bansos cair?")


def test_a_courtesy_ijin_is_no_permit_but_a_permit_stays() -> None:
    """ "Mohon ijin" opens written complaints of every topic ("may I"); read as a permit it made the real
    tune split's perizinan guesses wrong a third of the time. A permit that is named stays."""
    index = KeywordIndex({"perizinan": ["izin", "izin usaha"]}, ["perizinan"])
    for courtesy in (
        "Mohon ijin bertanya, kapan sampah diangkut?",
        "izin dan mohon bantuan perantingan pohon di gang kami",
        "Saya izin untuk melakukan pengaduan tentang jalan rusak.",
        "mhn ijin, lampu jalan mati",
        "Mohon izin ada keluhan warga soal banjir",
    ):
        assert np.allclose(index.counts(prepare(courtesy)), 0), courtesy
    for permit in ("Mohon izin usaha UMKM saya diproses", "ruko itu buka tanpa izin", "mohon izin keramaian"):
        assert index.counts(prepare(permit))[0] > 0, permit


def test_a_link_keeps_its_host_but_not_its_path() -> None:
    """A receipt link's path names the portal's pages ("/perizinan/cetak/"), not the subject; the host names
    the service ("pendataan-nonasn.bkn.go.id")."""
    index = KeywordIndex(
        {"perizinan": ["perizinan"], "kepegawaian": ["non asn", "bkn"]}, ["perizinan", "kepegawaian"]
    )
    receipt = prepare(
        "Surat waris saya (https://ssw.example.go.id/perizinan/cetak/bukti?no=36513) belum diproses"
    )
    assert "perizinan" not in receipt and "ssw example go id" in receipt
    assert np.allclose(index.counts(receipt), 0)
    account = prepare("Mohon bantuan membuat akun di https://daftar-pendataan-nonasn.bkn.go.id/akun")
    assert "bkn" in account and "/akun" not in account
    assert prepare("info di www.lapor.go.id/aduan/123 ya") == "info di  lapor go id  ya"


def test_ijin_is_spelt_as_izin_so_a_named_permit_counts_either_way() -> None:
    index = KeywordIndex({"perizinan": ["izin usaha", "perizinan"]}, ["perizinan"])
    assert index.counts(prepare("ijin usaha saya belum keluar"))[0] > 0
    assert index.counts(prepare("perijinan toko dipersulit"))[0] > 0
    assert np.allclose(index.counts(prepare("Mohon ijin bertanya, kapan sampah diangkut?")), 0)
