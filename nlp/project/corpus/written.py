"""Written framing of a situation: a complaint as citizens type it into a portal, not as they say it on air.

Real written complaints open with a written greeting or a salutation to the official, introduce the writer
by RT/RW and kelurahan (sometimes as a form: "Nama: … NIK: …"), add background that says nothing about the
subject ("sudah 3 kali lapor lewat aplikasi ini", "warga lain juga merasakan"), abbreviate as in chat, and
close with thanks or a request to follow up. The spoken corpus has none of that, so a classifier trained
on it takes the official named in a salutation ("camat", "lurah") or the follow-up boilerplate for the
subject. Pools are split by index like the spoken ones (build.split_pool), so dev shares none with train.
"""

from __future__ import annotations

import random
import re

OPENERS = [
    "Assalamualaikum wr wb.", "Selamat pagi admin.", "Yth. Bapak {pejabat},", "Dengan hormat,",
    "Permisi, mohon ijin.", "Selamat siang Bapak/Ibu.", "Dear Bapak/Ibu {pejabat},", "Mat siang min..",
    "Assalamu'alaikum. Yth Bapak {pejabat} dan jajarannya.", "Selamat malam.", "Salam sejahtera,",
    "Kepada Yth. Bapak/Ibu petugas,", "Pagi pak.", "Mohon ijin menyampaikan,", "Selamat sore admin {kanal}.",
]  # fmt: skip

PEJABAT = ["Walikota", "Bupati", "Camat", "Lurah", "Kepala Desa", "Gubernur", "Kepala Dinas"]
KANAL = ["wargaku", "lapor", "media center", "pengaduan", "aplikasi ini"]

INTROS = [
    "Saya warga {rt} Kelurahan {desa} Kecamatan {kec}.",
    "Saya {nama}, warga {desa} {rt}, ingin menyampaikan keluhan.",
    "Nama: {nama}\nNIK: {nik}\nAlamat: {desa} {rt} Kec. {kec}\n",
    "Kami warga {rt} {desa} ingin melaporkan hal berikut.",
    "Saya selaku ketua {rtrw} di wilayah {desa} menyampaikan keluhan warga.",
    "Perkenalkan saya {nama} dari {desa}, Kecamatan {kec}, {kab}.",
    "sy warga kel {desa} kec {kec} mau lapor.",
    "Saya atas nama {nama} ({telp}) tinggal di {desa}.",
    "Saya mewakili warga {desa} menyampaikan hal ini.",
    "Izin lapor, saya warga {kec} yang tinggal di {desa}.",
]

# Background that says nothing about the subject: which office was asked before, how long, who else minds.
CONTEXT = [
    "Sudah {n} kali saya laporkan lewat aplikasi ini tapi belum ada tanggapan.",
    "Sudah lapor ke RT dan RW tapi tidak ada tindak lanjut.",
    "Warga sekitar juga merasakan hal yang sama.",
    "Kejadian ini sudah berlangsung sejak tahun {tahun}.",
    "Sebelumnya sudah saya sampaikan ke kelurahan tapi disuruh menunggu.",
    "Pak lurah dan pak camat sudah tahu masalah ini.",
    "Terlampir foto sebagai bukti.",
    "Laporan saya nomor {nolap} sebelumnya belum ada kabar.",
    "Saya sudah datang ke kantor kecamatan {n} kali.",
    "Mohon maaf kalau salah alamat, saya tidak tahu harus lapor ke mana.",
    "Ini bukan pertama kalinya terjadi.",
    "Sudah pernah dimediasi oleh RW tapi tidak ada hasilnya.",
    "Lokasinya di {desa} dekat balai RW.",
    "Kondisi ini sangat meresahkan kami sebagai warga.",
]

CLOSINGS = {
    "pengaduan": [
        "Mohon segera ditindaklanjuti. Terima kasih.", "Mohon perhatiannya.", "Terima kasih.",
        "Mohon ditindak tegas.", "Tolong segera diproses pak.", "Mohon bantuannya 🙏",
        "Wassalamualaikum wr wb.", "Mohon ditindaklanjuti oleh dinas terkait.",
        "Terimakasih atas perhatiannya.",
    ],
    "aspirasi": [
        "Mohon bantuannya, terima kasih.", "Besar harapan kami usulan ini dapat terealisasi.",
        "Atas perhatian dan bantuannya kami ucapkan terima kasih.", "Mohon dipertimbangkan.",
        "Semoga bisa direalisasikan tahun ini.", "Terima kasih.",
    ],
    "permintaan_informasi": [
        "Mohon penjelasannya.", "Mohon infonya, terima kasih.", "Terima kasih sebelumnya.",
        "Mohon pencerahannya pak.", "Ditunggu jawabannya.", "Terima kasih.",
    ],
}  # fmt: skip

LEADS = {
    "pengaduan": [
        "Saya mau mengadukan", "Ingin melaporkan", "Mau komplain", "Saya ingin menyampaikan keluhan,",
    ],
    "aspirasi": ["Kami mengajukan permohonan,", "Mohon bantuan,", "Usulan warga,", "Kami memohon,"],
    "permintaan_informasi": [
        "Mau tanya,", "Mohon ijin bertanya,", "Saya ingin menanyakan,", "Numpang tanya,",
    ],
}  # fmt: skip

# Chat abbreviations as people type them (the reverse of a part of nlp/data/abbreviations.json).
ABBREVIATE = {
    "yang": "yg", "sudah": "sdh", "tidak": "tdk", "dengan": "dgn", "untuk": "utk", "saya": "sy",
    "karena": "krn", "belum": "blm", "sekarang": "skrg", "bapak": "bpk", "juga": "jg", "dari": "dr",
    "tapi": "tp", "rumah": "rmh", "tolong": "tlg", "mohon": "mhn", "masih": "msh", "banyak": "byk",
    "orang": "org", "tahun": "thn", "bulan": "bln", "bisa": "bs", "kelurahan": "kel", "kecamatan": "kec",
}  # fmt: skip
_ABBREV = re.compile(r"\b(" + "|".join(ABBREVIATE) + r")\b", re.IGNORECASE)


def abbreviate(text: str, rng: random.Random, share: float) -> str:
    """Replace about `share` of the words that have a chat abbreviation."""
    return _ABBREV.sub(lambda m: ABBREVIATE[m.group(0).lower()] if rng.random() < share else m.group(0), text)


def casing(text: str, rng: random.Random) -> str:
    """Most write in sentence case; some all lowercase, a few in capitals."""
    r = rng.random()
    if r < 0.25:
        return text.lower()
    if r < 0.32:
        return text.upper()
    return text


def written_slots(rng: random.Random) -> dict[str, str]:
    """Slots only the written frame uses (the place and name slots come from the spoken builder)."""
    return {
        "pejabat": rng.choice(PEJABAT),
        "kanal": rng.choice(KANAL),
        "nik": "".join(rng.choice("0123456789") for _ in range(16)),
        "tahun": str(rng.randint(2015, 2025)),
        "nolap": f"{rng.randint(1000, 99999)}/MC/{rng.choice(['III', 'VII', 'IX', 'XI'])}/"
        f"{rng.randint(2021, 2025)}",
        "rtrw": rng.choice(["RT", "RW"]) + f" {rng.randint(1, 15):02d}",
        "telp": "08" + "".join(rng.choice("0123456789") for _ in range(rng.choice([9, 10]))),
    }
