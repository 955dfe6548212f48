"""The ASR-like form of a corpus sentence: what Vosk or Whisper would make of it when it is spoken.

Lowercase, no punctuation, numbers as Indonesian words (phone numbers digit by digit), acronyms sometimes
spelled as letters, and a few misrecognitions per text — not a word salad.
"""

from __future__ import annotations

import random
import re

from lokal import terbilang

_ACRONYMS = {
    "pdam": "pe de a em",
    "pln": "pe el en",
    "bpjs": "be pe je es",
    "ktp": "ka te pe",
    "kk": "ka ka",
    "rsud": "er es u de",
    "sd": "es de",
    "smp": "es em pe",
    "sma": "es em a",
    "umk": "u em ka",
    "dprd": "de pe er de",
    "bpn": "be pe en",
    "kkp": "ka ka pe",
    "ppl": "pe pe el",
    "dtks": "de te ka es",
    "blt": "be el te",
    "pkh": "pe ka ha",
    "rt": "erte",
    "rw": "erwe",
    "nik": "en i ka",
    "sim": "sim",
    "kppn": "ka pe pe en",
    "asn": "a es en",
    "pns": "pe en es",
    "igd": "i ge de",
    "tki": "te ka i",
}
_CONFUSIONS = {
    "puskesmas": ["puskes mas", "pukesmas", "puskemas"],
    "pungli": ["pung li", "pungki"],
    "bansos": ["ban sos", "bansus"],
    "jembatan": ["jambatan", "jembat an"],
    "sekolah": ["sekola"],
    "tolong": ["tolon", "tulung"],
    "rusak": ["rusa"],
    "sampah": ["sampa"],
    "listrik": ["listri"],
    "sudah": ["suda"],
    "nggak": ["ngga", "engga"],
    "pupuk": ["pupu"],
    "nelayan": ["lelayan"],
    "kapal": ["kapan"],
    "pak": ["pa", "bapak"],
    "bu": ["buk", "ibu"],
    "izin": ["ijin"],
    "sertifikat": ["sertifikad"],
    "limbah": ["limba"],
    "banjir": ["banjer"],
    "longsor": ["longsong"],
    "kades": ["kadis", "kaget"],
    "bantuan": ["bantuin"],
    "gaji": ["gajih"],
    "lurah": ["lura"],
    "polisi": ["polis"],
    "dukcapil": ["duk capil", "dukcapi"],
    "kecamatan": ["kecamatan", "ke camatan"],
    "kabupaten": ["kabupatin"],
    "tagihan": ["tagian"],
    "dinas": ["dina"],
    "desa": ["desa", "dessa"],
    "ambulans": ["ambulan"],
    "pensiun": ["pensiunan"],
    "irigasi": ["irigas"],
    "terima": ["trima"],
    "kasih": ["kasi"],
    "mohon": ["mohan"],
    "pemerintah": ["pemerinta"],
    "warga": ["warga", "waga"],
    "perusahaan": ["perusaan"],
    "transparan": ["trasparan"],
    "pendaftaran": ["pendafaran"],
}
_DROPPABLE = {"yang", "di", "ke", "itu", "ini", "ya", "sih", "dong", "nih", "aja", "kok", "pak", "bu", "dan"}
_DIGITS = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]


# How Whisper base misspells digit words in spoken phone numbers (DOMAIN.md): rare, but it happens.
_DIGIT_SLIPS = {
    "nol": "nom",
    "dua": "doa",
    "empat": "empa",
    "enam": "nam",
    "tujuh": "tuju",
    "sembilan": "semilan",
}


def spell_digits(digits: str, rng: random.Random, slips: bool = False) -> str:
    """A digit string as spoken: one word per digit, "kosong" or "nol" for 0, now and then a slip."""
    zero = "kosong" if rng.random() < 0.5 else "nol"
    words = [zero if d == "0" else _DIGITS[int(d)] for d in digits]
    if slips:
        words = [_DIGIT_SLIPS[w] if w in _DIGIT_SLIPS and rng.random() < 0.08 else w for w in words]
    return " ".join(words)


def _number_words(m: re.Match[str]) -> str:
    raw = m.group(0)
    if "," in raw:
        whole, frac = raw.split(",", 1)
        return f"{terbilang(int(whole))} koma {' '.join(_DIGITS[int(d)] for d in frac)}"
    return terbilang(int(raw.replace(".", "")))


def misspell_place(name: str, rng: random.Random) -> str:
    if len(name) < 5:
        return name
    i = rng.randrange(1, len(name) - 1)
    op = rng.random()
    if op < 0.4:
        return name[:i] + name[i + 1 :]
    if op < 0.7:
        return name[:i] + name[i] + name[i:]
    return name[:i] + rng.choice("aeiou") + name[i + 1 :]


def to_asr(text: str, rng: random.Random, place_names: list[str]) -> str:
    t = text
    for name in place_names:
        if rng.random() < 0.25:
            t = t.replace(name, misspell_place(name, rng))
    t = re.sub(
        r"(?:\+62|0)8[\d-]{8,14}\d", lambda m: spell_digits(re.sub(r"\D", "", m.group(0)), rng, True), t
    )
    t = re.sub(
        r"\bRT (\d+)",
        lambda m: (
            "RT "
            + (spell_digits(m.group(1), rng) if m.group(1).startswith("0") else terbilang(int(m.group(1))))
        ),
        t,
    )
    t = re.sub(
        r"\bRW (\d+)",
        lambda m: (
            "RW "
            + (spell_digits(m.group(1), rng) if m.group(1).startswith("0") else terbilang(int(m.group(1))))
        ),
        t,
    )
    t = re.sub(r"Rp\s?([\d.,]+)( juta| ribu)?", lambda m: f"{m.group(1)}{m.group(2) or ''} rupiah", t)
    t = re.sub(r"\d+(?:\.\d{3})+|\d+,\d+|\d+", _number_words, t)
    t = t.lower().replace("/", " ").replace("-", " ")
    t = re.sub(r"[^\w\s']", " ", t)
    words = t.split()
    out: list[str] = []
    budget = rng.randint(1, 4)  # a few misrecognitions per text, not a word salad
    for w in words:
        if budget and w in _ACRONYMS and rng.random() < 0.4:
            out.append(_ACRONYMS[w])
            budget -= 1
        elif budget and w in _CONFUSIONS and rng.random() < 0.3:
            out.append(rng.choice(_CONFUSIONS[w]))
            budget -= 1
        elif budget and w in _DROPPABLE and rng.random() < 0.05:
            budget -= 1  # a dropped short word
        else:
            out.append(w)
    return " ".join(out)
