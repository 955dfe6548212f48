"""spaCy components: contacts, identity numbers, dates, money, addresses, facilities, reporter name, places.

They run on normalized text (see nlp.normalize), so rules see "081322345678" and "Rp50.000" rather than
spelled-out words. Each found span goes to `doc.spans["suara"]` with its normalized value in `span._.value`;
places go to `doc.spans["places"]` with their ranked candidates in `doc._.places`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache

from lokal import parse_phone
from spacy.lang.tokenizer_exceptions import BASE_EXCEPTIONS
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, filter_spans, registry

from nlp.gazetteer import FUZZY_CUTOFF, TRIGGERS, MatchSettings, common_words, get_gazetteer, resolve
from nlp.normalize import MONTHS
from nlp.numbers import decode_nik

SPANS_KEY = "suara"
PLACES_KEY = "places"

if not Span.has_extension("value"):
    Span.set_extension("value", default=None)
if not Doc.has_extension("places"):
    Doc.set_extension("places", default=None)

Finder = Callable[[str, datetime | None], Iterable[tuple[int, int, str, str | None]]]


def doc_text(doc: Doc) -> str:
    """The doc's text: Doc.text re-joins every token on each call, so analyze() stores it once."""
    return doc.user_data.get("text") or doc.text


# --- tokenizer -----------------------------------------------------------------------------------------


@registry.tokenizers("suara.tokenizer.v1")
def make_tokenizer() -> Callable[[Language], Tokenizer]:
    """Indonesian punctuation rules without the 16,000 Indonesian special cases.

    Those special cases (mostly reduplications such as "anak-anak") made loading take over 4 s, and our rules
    work on character offsets, so a hyphenated word split into three tokens costs us nothing.
    """

    def create(nlp: Language) -> Tokenizer:
        d = nlp.Defaults
        return Tokenizer(
            nlp.vocab,
            rules=BASE_EXCEPTIONS,
            prefix_search=compile_prefix_regex(d.prefixes).search if d.prefixes else None,
            suffix_search=compile_suffix_regex(d.suffixes).search if d.suffixes else None,
            infix_finditer=compile_infix_regex(d.infixes).finditer if d.infixes else None,
            token_match=d.token_match,
            url_match=d.url_match,
        )

    return create


# --- contacts and identity -------------------------------------------------------------------------------

# Whisper often drops the leading "kosong", so a bare 8xx… of mobile length is a phone number too.
_PHONE = re.compile(
    r"(?<![0-9])(?:(?:\+62|62|0)[ -]?(?:8[0-9]{7,11}|[2-9][0-9]{6,10})|8[1-9][0-9]{7,10})(?![0-9])"
)
_NIK = re.compile(r"(?<![0-9])[0-9]{16}(?![0-9])")


def find_phones(text: str, _now: datetime | None = None) -> Iterable[tuple[int, int, str, str | None]]:
    for m in _PHONE.finditer(text):
        info = parse_phone(m.group())
        if info.valid and info.e164:
            yield m.start(), m.end(), "PHONE", info.e164


def nik_valid(nik: str) -> bool:
    """Structure check plus: the district exists (Kemendagri data), the birth date is not in the future."""
    return decode_nik(nik) is not None


def find_niks(text: str, _now: datetime | None = None) -> Iterable[tuple[int, int, str, str | None]]:
    for m in _NIK.finditer(text):
        if nik_valid(m.group()):
            yield m.start(), m.end(), "NIK", m.group()


# --- money, RT/RW, street addresses --------------------------------------------------------------------

_MONEY = re.compile(r"\bRp\.? ?([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]{2})?(?![0-9])", re.IGNORECASE)
_RT_RW = re.compile(
    r"\bRT ?/ ?RW\.? ?([0-9]{1,3}) ?/ ?([0-9]{1,3})\b"
    r"|\b(?:RT|erte)\.? ?([0-9]{1,3})(?:(?: ?/ ?| |, ?)(?:RW|erwe)\.? ?([0-9]{1,3}))?\b"
    r"|\b(?:RW|erwe)\.? ?([0-9]{1,3})\b",
    re.IGNORECASE,
)
_STREET = re.compile(
    r"\b(?:jalan|jl|jln|gang|gg|komplek|kompleks|perumahan|perum|blok)\.? ?"
    r"((?:[^\W\d_]+\.? ?){1,4}?)(?:no|nomor|nomer|nmr)\.? ?([0-9]{1,4}[a-z]?)\b",
    re.IGNORECASE,
)


def find_money(text: str, _now: datetime | None = None) -> Iterable[tuple[int, int, str, str | None]]:
    for m in _MONEY.finditer(text):
        yield m.start(), m.end(), "MONEY", m.group(1).replace(".", "")


def find_rt_rw(text: str, _now: datetime | None = None) -> Iterable[tuple[int, int, str, str | None]]:
    for m in _RT_RW.finditer(text):
        rt, rw, rw_only = m.group(1) or m.group(3), m.group(2) or m.group(4), m.group(5)
        parts = [f"RT {rt.zfill(2)}"] if rt else []
        if rw or rw_only:
            parts.append(f"RW {(rw or rw_only).zfill(2)}")
        yield m.start(), m.end(), "RT_RW", " / ".join(parts)


def find_streets(text: str, _now: datetime | None = None) -> Iterable[tuple[int, int, str, str | None]]:
    for m in _STREET.finditer(text):
        yield m.start(), m.end(), "ADDRESS", f"{m.group(1).strip().title()} No. {m.group(2)}"


# --- dates and times -----------------------------------------------------------------------------------

_MONTH_RE = "|".join(MONTHS)
_DATE = re.compile(
    rf"\b(?:tanggal|tgl\.?)? ?([0-9]{{1,2}}) ({_MONTH_RE})\b(?: (?:tahun )?([0-9]{{4}}))?", re.IGNORECASE
)
_MONTH_YEAR = re.compile(rf"\b(?:bulan )?({_MONTH_RE}) (?:tahun )?([0-9]{{4}})\b", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b([0-9]{1,2})[/-]([0-9]{1,2})[/-]([0-9]{4}|[0-9]{2})\b")
_UNITS = {"hari": 1, "minggu": 7, "pekan": 7, "bulan": 30, "tahun": 365}
_RELATIVE = re.compile(
    r"\b(?:sejak |sudah |selama |dari )?([0-9]{1,3}|se) ?(hari|minggu|pekan|bulan|tahun) "
    r"(?:yang |yg )?(?:lalu|kemarin)\b",
    re.IGNORECASE,
)
_NAMED_DAYS = {
    "kemarin": -1, "kemaren": -1, "kemarin lusa": -2, "hari ini": 0, "tadi pagi": 0, "tadi malam": 0,
    "semalam": -1, "minggu lalu": -7, "pekan lalu": -7, "bulan lalu": -30, "tahun lalu": -365,
}  # fmt: skip
# "lebaran kemarin" is the last Eid, not yesterday.
_EVENT_BEFORE = re.compile(
    r"\b(?:lebaran|idul fitri|idul adha|natal|imlek|puasa|ramadhan|ramadan|pemilu|pilkada|pilkades|pilpres"
    r"|tahun baru|musim \w+) $",
    re.IGNORECASE,
)
_NAMED = re.compile(r"\b(" + "|".join(sorted(_NAMED_DAYS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_TIME = re.compile(
    r"\b(?:jam|pukul|pkl\.?) ?(setengah )?([0-9]{1,2})(?:[.:]([0-9]{2})| lewat ([0-9]{1,2}))?"
    r"(?: (pagi|siang|sore|malam|subuh))?\b",
    re.IGNORECASE,
)


def _shift(now: datetime, days: int, unit: str, count: int) -> date:
    d = now.date()
    if unit == "bulan":
        month = d.month - count
        year = d.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        return _clamp(year, month, d.day)
    if unit == "tahun":
        return _clamp(d.year - count, d.month, d.day)
    return d - timedelta(days=days)


def _duration(unit: str, count: int) -> str:
    """How long ago, as a negative ISO 8601 duration, when there is no recording time to anchor it."""
    return {"bulan": f"-P{count}M", "tahun": f"-P{count}Y"}.get(unit, f"-P{count * _UNITS[unit]}D")


def _named_duration(phrase: str, days: int) -> str:
    return {"bulan lalu": "-P1M", "tahun lalu": "-P1Y"}.get(phrase, f"-P{days}D")


def _clamp(year: int, month: int, day: int) -> date:
    for dd in (day, 30, 29, 28):
        try:
            return date(year, month, dd)
        except ValueError:
            continue
    return date(year, month, 28)


def find_dates(text: str, now: datetime | None = None) -> Iterable[tuple[int, int, str, str | None]]:
    taken: list[tuple[int, int]] = []
    for m in _DATE.finditer(text):
        day, month = int(m.group(1)), MONTHS[m.group(2).lower()]
        year = int(m.group(3)) if m.group(3) else (now.year if now else None)
        value = None
        if year:
            try:
                value = date(year, month, day).isoformat()
            except ValueError:
                continue
        else:
            value = f"--{month:02d}-{day:02d}"
        taken.append((m.start(), m.end()))
        yield m.start(), m.end(), "DATE", value
    for m in _MONTH_YEAR.finditer(text):
        if not any(a <= m.start() < b or m.start() <= a < m.end() for a, b in taken):
            taken.append((m.start(), m.end()))
            yield m.start(), m.end(), "DATE", f"{m.group(2)}-{MONTHS[m.group(1).lower()]:02d}"
    for m in _NUMERIC_DATE.finditer(text):
        year = int(m.group(3)) + (2000 if len(m.group(3)) == 2 else 0)
        try:
            value = date(year, int(m.group(2)), int(m.group(1))).isoformat()
        except ValueError:
            continue
        yield m.start(), m.end(), "DATE", value
    for m in _RELATIVE.finditer(text):
        count = 1 if m.group(1).lower() == "se" else int(m.group(1))
        unit = m.group(2).lower()
        days = count * _UNITS[unit]
        value = _shift(now, days, unit, count).isoformat() if now else _duration(unit, count)
        taken.append((m.start(), m.end()))
        yield m.start(), m.end(), "DATE", value
    for m in _NAMED.finditer(text):
        if any(a <= m.start() < b for a, b in taken) or _EVENT_BEFORE.search(text, 0, m.start()):
            continue
        offset = _NAMED_DAYS[m.group(1).lower()]
        phrase = m.group(1).lower()
        if now and phrase in ("bulan lalu", "tahun lalu"):
            value = _shift(now, -offset, phrase.split()[0], 1).isoformat()
        else:
            anchored = (now.date() + timedelta(days=offset)).isoformat() if now else None
            value = anchored or _named_duration(phrase, -offset)
        yield m.start(), m.end(), "DATE", value


def find_times(text: str, _now: datetime | None = None) -> Iterable[tuple[int, int, str, str | None]]:
    for m in _TIME.finditer(text):
        hour, minute = int(m.group(2)), int(m.group(3) or m.group(4) or 0)
        if m.group(1):  # "setengah delapan" is half an hour before eight
            hour, minute = (hour - 1) % 24, 30
        part = (m.group(5) or "").lower()
        if (part in ("siang", "sore") and hour < 12 and not (part == "siang" and hour >= 10)) or (
            part == "malam" and 5 <= hour < 12
        ):
            hour += 12
        elif part == "malam" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59:
            continue
        yield m.start(), m.end(), "TIME", f"{hour:02d}:{minute:02d}"


# --- institutions and facilities ----------------------------------------------------------------------


@registry.misc("suara.facility_patterns.v1")
def facility_patterns() -> list[tuple[str, str]]:
    """(regex, canonical type) for public institutions and facilities named in complaints."""
    dinas = r"(?:pupr|pu|kesehatan|pendidikan|sosial|perhubungan|dishub|lingkungan hidup|pertanian|perikanan|"
    dinas += r"kependudukan(?: dan catatan sipil)?|dukcapil|pemadam kebakaran|damkar|tenaga kerja|disnaker|"
    dinas += r"perizinan|pmptsp|dpmptsp|koperasi|pariwisata|perumahan|kelautan(?: dan perikanan)?|"
    dinas += r"pekerjaan umum(?: dan penataan ruang)?|bina marga|sumber daya air|psda|kominfo|pangan|"
    dinas += r"ketahanan pangan|pemberdayaan masyarakat(?: dan)? desa|pmd|dpmd)"
    return [
        (r"puskesmas(?: pembantu)?|pustu|polindes|poskesdes", "puskesmas"),
        (r"rsud|rumah sakit(?: umum)?(?: daerah)?|rs", "rumah_sakit"),
        (r"posyandu", "posyandu"),
        (rf"(?:kantor )?dinas {dinas}", "dinas"),
        (r"dinsos|dinkes|disdik|dispendik|disdukcapil|dukcapil|dishub|dlh|bpbd|satpol ?pp|damkar|bappeda",
         "dinas"),
        (r"pdam|perumda air minum", "pdam"),
        (r"pln|listrik negara", "pln"),
        (r"bpjs(?: kesehatan| ketenagakerjaan| tk)?|kis|jkn", "bpjs"),
        (r"polsek|polres|polresta|polda|polri|kantor polisi|koramil|kodim", "polisi"),
        (r"(?:sdn?|smpn?|sman?|smkn?|min|mtsn?|man)(?: negeri)?(?: [0-9]{1,3})?", "sekolah"),
        (r"sekolah dasar(?: negeri)?|sekolah menengah(?: pertama| atas| kejuruan)?(?: negeri)?", "sekolah"),
        (r"kantor (?:desa|kelurahan|lurah|kepala desa|camat|kecamatan|bupati|walikota|wali kota|gubernur"
         r"|pos)",
         "kantor_pemerintah"),
        (r"balai desa|pemdes|pemerintah desa|pemkab|pemkot|pemprov", "kantor_pemerintah"),
        (r"samsat|kua|kantor urusan agama|bpn|kantor pertanahan|imigrasi|kpp|kppn|djpb|bea cukai",
         "instansi_vertikal"),
        (r"inspektorat|ombudsman|kpk|kejaksaan|kejari|pengadilan", "pengawas"),
        (r"pasar(?: tradisional| induk)?|terminal|pelabuhan|stasiun|tpa|tps", "fasilitas_umum"),
    ]  # fmt: skip


def facility_finder(patterns: list[tuple[str, str]]) -> Finder:
    """One alternation regex, longest alternatives first, then an optional number or name word."""
    compiled = re.compile(
        r"\b(?:" + "|".join(f"(?P<g{i}>{p})" for i, (p, _) in enumerate(patterns)) + r")\b", re.IGNORECASE
    )
    kinds = [k for _, k in patterns]

    def find(text: str, _now: datetime | None = None) -> Iterable[tuple[int, int, str, str | None]]:
        for m in compiled.finditer(text):
            group = next(int(name[1:]) for name, v in m.groupdict().items() if v is not None)
            yield m.start(), m.end(), "FACILITY", kinds[group]

    return find


# --- reporter self-introduction ------------------------------------------------------------------------

# "nama saya Budi", "kulo Parmin" (Javanese), "tiang Cucu" (Balinese/Sasak), "ambo" (Minang): a name follows.
_STRONG_INTROS = (("nama", "saya"), ("saya", "bernama"), ("nama", "aku"), ("namaku",), ("kulo",), ("kula",),
                  ("tiang",), ("ambo",), ("sayo",), ("nama", "sy"), ("sy", "bernama"), ("nama", ":"),
                  ("nama", "lengkap"), ("perkenalkan", "saya"))  # fmt: skip
# "saya Budi dari …": a name only when something typical of an introduction follows it.
_WEAK_INTROS = {"saya", "aku", "dengan", "sy"}
# Regional one-word introductions double as ordinary words ("tiang listrik" is a power pole).
_ONE_WORD_INTROS = {"kulo", "kula", "tiang", "ambo", "sayo"}
# "saya Budi" introduces a name at the start of a sentence or after a greeting, not as a possessive
# ("bantuan pkh saya dihentikan").
_WORDS_BEFORE_INTRO = (
    "halo hallo pak bu bapak ibu pagi siang sore malam assalamualaikum wb ya nah jadi ini mas mbak kak admin"
    " min permisi perkenalkan maaf salam hormat sebelumnya om bang dan tapi"
)
_BEFORE_INTRO = set(_WORDS_BEFORE_INTRO.split()) | {",", ".", "?", "!", ";", ":", "(", ")", "/", "\n"}
# "saya dihentikan", "saya diminta", "saya mengajukan": an inflected verb after "saya" is no name.
_VERB_FORM = re.compile(r"(di|me|mem|men|meng|meny|ber|ter|per|ke)[a-z]{3,}(kan|an|i|nya)|[a-z]{3,}(kan|nya)")
_WORDS_HONORIFIC = "bapak bpk ibu pak bu buk mas mbak bang kak sdr saudara saudari teh akang kang daeng om"
_WORDS_SURE_END = "dari saking ti asal warga selaku tinggal"
_WORDS_NAME_END = (
    "di yang mau ingin hendak umur usia alamat rt rw nomor no pak bu buk bang mas mbak om kak ya nih ini teh"
    " ketua guru petani nelayan pedagang ibu bapak"
)
_WORDS_NOT_NAME = (
    "mau ingin akan sudah sedang lagi ini itu yang sangat cuma hanya juga mohon minta tolong mengadu melapor"
    " lapor melaporkan menyampaikan tanya bertanya adalah warga tinggal dari di ke punya pernah masih belum"
    " tidak nggak gak ga bukan bisa dapat harus kira rasa kecewa bingung sebagai selaku orang salah satu"
    " pengguna pelanggan penerima petani nelayan guru pedagang ketua sopir dan atau sama kami kita dia mereka"
    " anak suami istri keluarga tetangga sendiri pun ya iya halo selamat pagi siang sore malam"
    " assalamualaikum"
    " terima kasih baru lama bpjs pln pdam puskesmas desa kelurahan kecamatan kabupaten kota dusun kampung rt"
    " rw jalan udah mo pengen cuman kemarin tadi waktu ojek buruh bidan perawat honorer mahasiswa pelajar"
    " karyawan pegawai pensiunan kader tukang peternak pengusaha operator pengurus pemilik orang tua"
    " saya sy aku asli kok tdk tdak tidak sdh udh blm nik butuh sakit hanya lahir cinta batal"
    " jabatan pekerjaan telp telepon hp email"  # the next field of a form ("Nama : X Jabatan : Ketua RT")
)
# "Saya pelapor Hari …": a role before the name is skipped like an honorific.
_HONORIFICS = set(_WORDS_HONORIFIC.split()) | {"pelapor"}
_SURE_END = set(_WORDS_SURE_END.split()) | {","}
_NAME_END = _SURE_END | set(_WORDS_NAME_END.split()) | {".", "?", "!", ";", ":", "(", ")", "/", "\n", "nik"}
_NOT_NAME = set(_WORDS_NOT_NAME.split())
_INTRO_TOKEN = re.compile(r"[^\W\d_]+|[,.?!;:()/\n]")


# The strong introductions by their first word, in _STRONG_INTROS order: only those can start at a word.
_STRONG_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _intro in _STRONG_INTROS:
    _STRONG_BY_FIRST.setdefault(_intro[0], []).append(_intro[1:])


def _intro_at(words: list[tuple[int, int, str, str]], i: int) -> tuple[int, bool] | None:
    """Index after an introduction starting at word i, and whether it is a strong one."""
    for rest in _STRONG_BY_FIRST.get(words[i][2], ()):
        if all(i + n < len(words) and words[i + n][2] == w for n, w in enumerate(rest, 1)):
            return i + 1 + len(rest), True
    if words[i][2] == "dengan":  # "dengan Pak Joko": only with an honorific, else "ini dengan call center"
        return (i + 1, False) if i + 1 < len(words) and words[i + 1][2] in _HONORIFICS else None
    if i > 0 and words[i - 1][2] not in _BEFORE_INTRO:
        return None
    return (i + 1, False) if words[i][2] in _WEAK_INTROS else None


def introductions(text: str) -> list[tuple[int, int, str, str, bool]]:
    """Every self-introduced name: (start, end, "PERSON", name, strong), in text order."""
    return list(_introductions(text))


# analyze() asks twice for one text (the PERSON entities, then the reporter's name); the answer depends on
# the text alone (and the fixed word list), so the last few texts' answers are kept, as immutable tuples.
@lru_cache(maxsize=8)
def _introductions(text: str) -> tuple[tuple[int, int, str, str, bool], ...]:
    words = [(m.start(), m.end(), m.group().lower(), m.group()) for m in _INTRO_TOKEN.finditer(text)]
    written = any(c.isupper() for c in text) and any(c.islower() for c in text)
    found: list[tuple[int, int, str, str, bool]] = []
    for i in range(len(words)):
        intro = _intro_at(words, i)
        name = _name_after(words, intro[0], intro[1], written) if intro else None
        if intro and name and (not found or name[0] >= found[-1][1]):
            found.append((*name, intro[1]))
    return tuple(found)


def reporter_name(text: str) -> str | None:
    """The caller's own name: "nama saya X" anywhere beats "saya X dari …", which is also how people state
    their job ("saya ojek dari …"); otherwise the first introduction."""
    names = introductions(text)
    strong = [n for n in names if n[4]]
    return (strong or names or [(0, 0, "", None, False)])[0][3]


def find_people(text: str, _now: datetime | None = None) -> Iterable[tuple[int, int, str, str | None]]:
    """Every introduced name (a talkshow transcript has several callers): all are masked in public text."""
    for start, end, label, name, _ in introductions(text):
        yield start, end, label, name


def _weak_name_ok(words: list[tuple[int, int, str, str]], j: int, k: int, written: bool) -> bool:
    """After a weak introduction ("saya X"), is X a name rather than the next word of the sentence?

    In written text (mixed case) a name is capitalized and an ordinary word is not; in lowercase text an
    inflected verb ("saya dihentikan") is never a name unless "dari", "warga", a comma… follows it.
    """
    after = words[k][2] if k < len(words) else "."
    if written and all(_capitalized(w[3]) for w in words[j:k]):
        return all(w[2] not in common_words() for w in words[j:k]) or after in _NAME_END
    if written and any(w[3][0].islower() for w in words[j:k]):
        return False
    if after not in _SURE_END and any(_VERB_FORM.fullmatch(w[2]) for w in words[j:k]):
        return False
    if after not in _NAME_END:
        return False
    # Lowercase ASR text: an ordinary word is a name only before "dari", "warga", a comma…
    ordinary = any(w[2] in common_words() and not _capitalized(w[3]) for w in words[j:k])
    return not ordinary or after in _SURE_END


def _capitalized(word: str) -> bool:
    """Capitalized as a name is ("Budi"), not shouted (an all-caps text says nothing)."""
    return word[0].isupper() and not word.isupper()


def _strong_name_ok(
    words: list[tuple[int, int, str, str]], j: int, k: int, written: bool, intro_word: str
) -> bool:
    """After "nama saya": not "nama saya masuk dalam daftar"; after "tiang": not "tiang listrik", nor
    "Tiang MNC miring" (a pole of a cable company): a one-word regional introduction ends its name where an
    introduction does ("saking", "dari", a comma…)."""
    first = words[j]
    after = words[k][2] if k < len(words) else "."
    if intro_word in _ONE_WORD_INTROS and after not in _NAME_END:
        return False
    if _capitalized(first[3]) or first[3].isupper():
        return True
    if _VERB_FORM.fullmatch(first[2]):
        return False
    if intro_word in _ONE_WORD_INTROS or written:
        return first[2] not in common_words()
    return True


def _name_after(
    words: list[tuple[int, int, str, str]], j: int, strong: bool, written: bool = False
) -> tuple[int, int, str, str] | None:
    """The name after an introduction ending at word j, as (start, end, label, value), if there is one."""
    common = common_words()
    intro_word = words[j - 1][2] if j > 0 else ""
    while j < len(words) and (
        words[j][2] in _HONORIFICS or (words[j][2] == "." and words[j - 1][2] in _HONORIFICS)  # "bpk."
    ):
        j += 1
    k = j
    while k < len(words) and k < j + 3 and words[k][2] not in _NOT_NAME and words[k][2] not in _NAME_END:
        if not words[k][3][0].isalpha():
            break
        # After the first name word, an ordinary lowercase word ends the name ("siti tambang pasir").
        if strong and k > j and words[k][2] in common and not words[k][3][0].isupper():
            break
        k += 1
    if k == j or (k == j + 1 and len(words[j][2]) < 2):  # "saya M.Afif": no one-letter names
        return None
    if not strong and not _weak_name_ok(words, j, k, written):
        return None
    if strong and not _strong_name_ok(words, j, k, written, intro_word):
        return None
    name = " ".join(w[3].title() for w in words[j:k])
    return words[j][0], words[k - 1][1], "PERSON", name


# --- the spaCy components ------------------------------------------------------------------------------

_DEFAULT_FINDERS: tuple[Finder, ...] = (
    find_niks, find_phones, find_money, find_rt_rw, find_streets, find_dates, find_times, find_people,
)  # fmt: skip


def _to_spans(doc: Doc, found: Iterable[tuple[int, int, str, str | None]]) -> list[Span]:
    spans: list[Span] = []
    for start, end, label, value in found:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            span._.value = value
            spans.append(span)
    return spans


class EntityFinder:
    """Rule-based entities over normalized text; `doc.user_data["recorded_at"]` anchors relative dates."""

    def __init__(self, facility_patterns: list[tuple[str, str]]) -> None:
        self.finders = (*_DEFAULT_FINDERS, facility_finder(facility_patterns))

    def __call__(self, doc: Doc) -> Doc:
        now = doc.user_data.get("recorded_at")
        text = doc_text(doc)
        found = [f for finder in self.finders for f in finder(text, now)]
        # Keep the longest span where two overlap (a NIK is not also a phone).
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        kept: list[tuple[int, int, str, str | None]] = []
        for f in found:
            if kept and f[0] < kept[-1][1]:
                continue
            kept.append(f)
        doc.spans[SPANS_KEY] = _to_spans(doc, kept)
        return doc


@Language.factory(
    "suara_entities", default_config={"facility_patterns": {"@misc": "suara.facility_patterns.v1"}}
)
def make_entity_finder(nlp: Language, name: str, facility_patterns: list[tuple[str, str]]) -> EntityFinder:
    return EntityFinder(facility_patterns)


class PlaceFinder:
    """Gazetteer places; `doc.user_data["default_region"]` breaks ties between same-named regions."""

    def __init__(self, settings: MatchSettings) -> None:
        self.settings = settings

    def __call__(self, doc: Doc) -> Doc:
        gaz = get_gazetteer()
        mentions = resolve(gaz, gaz.find(doc_text(doc), self.settings), doc.user_data.get("default_region"))
        doc._.places = mentions
        spans = []
        for m in mentions:
            span = doc.char_span(m.start_char, m.end_char, label="PLACE", alignment_mode="expand")
            if span is not None:
                span._.value = m.resolved.code if m.resolved else None
                spans.append(span)
        doc.spans[PLACES_KEY] = spans
        # doc.ents, for displaCy and other spaCy tools: every entity, the longer one where two overlap.
        doc.ents = filter_spans([*doc.spans[SPANS_KEY], *spans])
        return doc


@registry.misc("suara.place_triggers.v1")
def place_triggers() -> dict[str, list[int]]:
    """Words that announce a place name ("desa", "kabupaten", ASR's "dessa"…) and the levels they name."""
    return {word: list(levels) for word, levels in TRIGGERS.items()}


@Language.factory(
    "suara_places",
    default_config={"triggers": {"@misc": "suara.place_triggers.v1"}, "fuzzy_cutoff": FUZZY_CUTOFF},
)
def make_place_finder(
    nlp: Language, name: str, triggers: dict[str, list[int]], fuzzy_cutoff: float
) -> PlaceFinder:
    get_gazetteer()  # build the index and word list at load time, not on the first call
    common_words()
    settings = MatchSettings({w: tuple(levels) for w, levels in triggers.items()}, fuzzy_cutoff)
    return PlaceFinder(settings)
