"""Cut a radio talkshow transcript into complaint candidates, one per caller's call.

A talkshow reaches nlp/ as plain data (nlp/ never imports voice/): turns with speaker, start, end and text,
as objects or mappings, or a transcript that has them. The host's short interjections ("ya, silakan",
"baik pak") do not end a call; a long host turn or another caller does. Greetings alone are not a
complaint. A caller's self-introduction ("saya Budi dari Desa Sukamaju") gives the reporter's name and the
default region used to read the rest of the call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from nlp.types import AnalysisContext, ComplaintCandidate

# A host turn of at most this many words (or this short in time) is an interjection, not a reply.
INTERJECTION_WORDS = 8
INTERJECTION_SECONDS = 3.0
# A host question of at most this many words, with a question word among its last few, is a follow-up.
PROMPT_WORDS, QUESTION_TAIL = 20, 6
_QUESTION = frozenset(
    ["mana", "berapa", "kapan", "siapa", "bagaimana", "gimana", "apakah", "kenapa", "mengapa"]
)
# A call needs at least this many words beyond greetings and the self-introduction to be a complaint.
MIN_CONTENT_WORDS = 4


@dataclass(frozen=True, slots=True)
class TalkTurn:
    speaker: str
    start: float
    end: float
    text: str
    band: str | None = None


@dataclass(frozen=True, slots=True)
class Introduction:
    """What a caller said about themself: name (without title), place phrase, and the matched span."""

    name: str | None
    place: str | None
    start: int
    end: int


@dataclass
class _Call:
    speaker: str
    turns: list[TalkTurn] = field(default_factory=list)
    last_end: float = 0.0

    @property
    def text(self) -> str:
        return " ".join(t.text.strip() for t in self.turns if t.text.strip())


# --- input ------------------------------------------------------------------------------------------


def _field(item: Any, name: str) -> Any:
    if isinstance(item, Mapping):
        return item.get(name)
    return getattr(item, name, None)


def as_turns(transcript: Any) -> list[TalkTurn]:
    """Turns from turn objects/dicts, a dict with "turns" or "segments", or an object with .turns()."""
    if isinstance(transcript, Mapping):
        items = transcript.get("turns") or transcript.get("segments") or []
    elif callable(getattr(transcript, "turns", None)):
        items = transcript.turns()
    elif isinstance(transcript, Iterable) and not isinstance(transcript, str | bytes):
        items = list(transcript)
    else:
        raise TypeError(f"expected turns or a transcript, got {type(transcript).__name__}")
    turns: list[TalkTurn] = []
    for i, item in enumerate(items):
        speaker, start, end = _field(item, "speaker"), _field(item, "start"), _field(item, "end")
        if start is None or end is None:
            raise ValueError(f"turn {i} has no start/end time")
        turn = TalkTurn(
            speaker=str(speaker or "speaker"),
            start=float(start),
            end=float(end),
            text=str(_field(item, "text") or ""),
            band=_field(item, "band"),
        )
        if turns and turns[-1].speaker == turn.speaker:  # segments of one speaker in a row: one turn
            last = turns[-1]
            turns[-1] = replace(last, end=max(last.end, turn.end), text=f"{last.text} {turn.text}".strip())
        else:
            turns.append(turn)
    return sorted(turns, key=lambda t: t.start)


# --- roles ------------------------------------------------------------------------------------------

_HOST_LABEL = re.compile(r"^(host|penyiar|presenter|mc|studio|announcer|narasumber|guest|tamu)", re.I)
_CALLER_LABEL = re.compile(r"^(caller|penelepon|pendengar|phone|telepon|listener)", re.I)


def host_speakers(turns: Sequence[TalkTurn]) -> set[str]:
    """Speakers who are the studio side: by label, else by band, else the one with the most turns."""
    speakers = {t.speaker for t in turns}
    hosts = {s for s in speakers if _HOST_LABEL.match(s)}
    callers = {s for s in speakers if _CALLER_LABEL.match(s)}
    if hosts or callers:
        return hosts if hosts else speakers - callers
    bands = {t.speaker: t.band for t in turns if t.band}
    if bands and any(b == "phone" for b in bands.values()):
        return {s for s in speakers if bands.get(s) != "phone"}
    counts: dict[str, int] = {}
    for t in turns:
        counts[t.speaker] = counts.get(t.speaker, 0) + 1
    return {max(counts, key=lambda s: counts[s])} if counts else set()


def is_interjection(turn: TalkTurn) -> bool:
    """A host's backchannel ("ya", "silakan pak") or question to the caller: the caller goes on."""
    words = _words(turn.text)
    if len(words) <= INTERJECTION_WORDS or (turn.end - turn.start) <= INTERJECTION_SECONDS:
        return True
    # "jadi jalan yang rusak itu di dusun mana pak?": a follow-up question asks for more of the same call
    asks = turn.text.rstrip().endswith("?") or any(w in _QUESTION for w in words[-QUESTION_TAIL:])
    return len(words) <= PROMPT_WORDS and asks


# --- self-introduction ------------------------------------------------------------------------------


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_TITLES = (
    "pak|bapak|bu|ibu|mas|mbak|mba|kang|akang|teh|teteh|bang|abang|uda|uni|daeng|om|tante|kak|kakak|dik|adik|"
    "cak|ning|bli|mbok|neng|ujang|haji|hajah|hj|ustad|ustaz|ustadz|mama|amang|inang|opung|ompu|bung|nona|nyong"
)
_NOT_NAME = _wordset(
    """mau ingin pengen pingin lapor melapor melaporkan mengadu ngadu warga dari di sudah udah tinggal yang
    ini itu mohon dengan sendiri punya adalah selaku sebagai seorang ketua asli juga lagi cuma hanya
    mewakili ajeng badhe bade arep pengin kepengin matur nyuwun hoyong rek
    dan atau ke kepada pada untuk buat soal tentang terkait mengenai sedang lagi baru masih tidak nggak gak
    enggak ndak kurang tolong minta bisa boleh kami kita kalian anda saya aku kulo kula abdi tiang aye gue nih
    dong sih ya iya nggih ok oke baik begini gini jadi eh anu apa namanya halo hallo selamat pagi siang sore
    malam assalamualaikum terima kasih makasih rt rw desa kelurahan kecamatan kabupaten kota kampung dusun
    provinsi jalan pendengar penelepon setia ibu bapak pak bu mas mbak mau"""
)
_PLACE_WORDS = (
    "desa|kelurahan|kel|kecamatan|kec|kabupaten|kab|kota|kampung|dusun|dukuh|nagari|gampong|provinsi|rt|rw"
)
_PLACE_STOP = _wordset(
    """mau ingin pengen pingin lapor melapor melaporkan mengadu ngadu menyampaikan sampaikan mohon tolong
    minta pak bu bapak ibu mas mbak ya iya nih dong sih saya kami kita ini itu jadi begini gini eh anu
    terkait soal rt rw ajeng badhe bade arep pengin kepengin matur nyuwun hoyong bade rek
    tentang mengenai yang sudah udah sekarang tadi mengeluhkan keluhan langsung dan nah terus jalan"""
)
_ME = {"saya", "aku", "kulo", "kula", "abdi", "tiang", "aye", "gue", "sayah", "ane"}
_FROM = {"dari", "di", "warga", "asal", "saking", "ti", "tinggal", "rumah", "domisili"}
_TITLE_SET = set(_TITLES.split("|"))
_LEVEL_SET = set(_PLACE_WORDS.split("|")) - {"rt", "rw"}


def _plain(text: str) -> str:
    """Lowercase words separated by single spaces: ASR text and typed text look the same."""
    return re.sub(r"\s+", " ", re.sub(r"[^0-9a-z' ]+", " ", text.lower())).strip()


def _words(text: str) -> list[str]:
    return _plain(text).split()


def _take_name(words: list[str], j: int) -> tuple[str | None, int]:
    """A title (skipped) then up to three name words; returns the name and the index after it."""
    if j + 1 < len(words) and words[j] in _TITLE_SET and words[j + 1] not in _NOT_NAME | _FROM:
        j += 1  # "bu siti" → Siti; but "abdi ujang ti …": ujang is the name here
    k = j
    while k < len(words) and k - j < 3 and words[k] not in _NOT_NAME and words[k] not in _FROM:
        k += 1
    name = " ".join(w.capitalize() for w in words[j:k])
    return (name or None), k


def _find_name(words: list[str]) -> tuple[str | None, int, int]:
    """(name, first word, index after) of the caller's name, or (None, 0, 0)."""
    for i, w in enumerate(words):
        j = None
        needs_from = False
        if w in ("nama", "namanya") and i + 1 < len(words) and words[i + 1] in _ME:
            j = i + 2
            if j < len(words) and words[j] in ("adalah", "ialah"):
                j += 1
        elif w in ("perkenalkan", "kenalkan"):
            j = i + 1
            if j < len(words) and words[j] in _ME:
                j += 1
            if j + 1 < len(words) and words[j] == "nama" and words[j + 1] in _ME:
                j += 2
        elif w in _ME or w in ("dengan", "ini"):
            j = i + 1
            if j < len(words) and words[j] == "ini":
                j += 1
            needs_from = True
        if j is None:
            continue
        name, k = _take_name(words, j)
        if name and (not needs_from or (k < len(words) and words[k] in _FROM)):
            return name, i, k
    return None, 0, 0


def _take_place(words: list[str], i: int, bare_ok: bool) -> tuple[str | None, int]:
    """Place phrase from index i: segments of an optional level word and one or two name words."""
    out: list[str] = []
    j = i
    while j < len(words):
        level = words[j] in _LEVEL_SET
        if not level and (out or not bare_ok):
            break
        k = j + 1 if level else j
        n = k
        while n < len(words) and n - k < 2 and words[n] not in _PLACE_STOP and words[n] not in _LEVEL_SET:
            n += 1
        if n == k:
            break
        out.extend(words[j:n])
        j = n
    return (" ".join(out) or None), j


def parse_introduction(text: str) -> Introduction | None:
    """The caller's self-introduction in (ASR) text: "saya budi dari desa sukamaju" → Budi, "desa sukamaju".

    Works on lowercase, unpunctuated text and looks only at the first 40 words, where callers introduce
    themselves. start/end are word indices of the introduction in the lowercased words. None when there is
    neither a name nor a place.
    """
    words = _words(text)[:40]
    name, start, end = _find_name(words)
    place = None
    scan_from, scan_to = (end, min(end + 3, len(words))) if name else (0, min(15, len(words)))
    for i in range(scan_from, scan_to):
        if words[i] not in _FROM:
            continue
        j = i + 1
        if words[i] in ("tinggal", "rumah", "domisili") and j < len(words) and words[j] == "di":
            j += 1
        place, after = _take_place(words, j, bare_ok=name is not None)
        if place:
            start = start if name else i
            end = after
            break
    if name is None and place is None:
        return None
    return Introduction(name, place, start, end)


# --- chatter ----------------------------------------------------------------------------------------

_CHATTER = _wordset(
    """halo hallo helo alo assalamualaikum asalamualaikum assalamu alaikum waalaikumsalam waalaikum salam
    wr wb lapor melapor melaporkan menyampaikan sampaikan mengadu ngadu
    warahmatullahi wabarakatuh selamat pagi siang sore malam pak bu bapak ibu mas mbak mba kang teh bang
    terima kasih makasih matur nuwun suwun hatur nuhun salam buat untuk semua pendengar penyiar rri ya iya yah
    nggih inggih baik oke ok eh em hmm anu apa namanya bisa dengar dengarkan saya sudah udah nyambung
    tersambung om swastiastu horas sampurasun rampes permisi punten sehat kabar gimana bagaimana alhamdulillah
    juga dan di studio kembali sama sugeng enjing dalu kulo tabik pun dengan admin ini setia wassalamualaikum
    sampai jumpa lagi dulu itu aja saja sekian mau langsung nah mauliate tabe"""
)


def content_words(text: str, intro: Introduction | None = None) -> list[str]:
    """Words that carry the complaint: not greetings, thanks, fillers, nor the self-introduction."""
    words = _words(text)
    if intro and intro.end > intro.start:
        words = words[: intro.start] + words[intro.end :]
    return [w for w in words if w not in _CHATTER]


def _substantive(call: _Call) -> bool:
    text = call.text
    return len(content_words(text, parse_introduction(text))) >= MIN_CONTENT_WORDS


# --- splitting --------------------------------------------------------------------------------------


def group_calls(turns: Sequence[TalkTurn]) -> list[_Call]:
    """Group caller turns into calls; host interjections do not end a call, a real host reply does."""
    hosts = host_speakers(turns)
    calls: list[_Call] = []
    current: _Call | None = None
    for turn in turns:
        if turn.speaker in hosts:
            # a long host turn ends a call that already said something; greetings alone wait for more
            if current is not None and not is_interjection(turn) and _substantive(current):
                calls.append(current)
                current = None
            continue
        if current is not None and current.speaker != turn.speaker:
            calls.append(current)
            current = None
        if current is None:
            current = _Call(turn.speaker)
        current.turns.append(turn)
        current.last_end = turn.end
    if current is not None:
        calls.append(current)
    return [c for c in calls if _substantive(c)]


def split_talkshow(
    turns: Any, context: AnalysisContext | None = None, *, model_dir: Any = None
) -> list[ComplaintCandidate]:
    """Complaint candidates, one per call, each analysed with the caller's own place as default region.

    Args:
        turns: turn objects or dicts (speaker "host"/"caller-N", start, end, text), or a transcript.
        context: the station's default region, the recording start time (anchors relative dates) and channel.
        model_dir: the trained pipeline's folder (default models/nlp/suara-id under the repository).
    Returns:
        Candidates in time order, with reporter name and default region from the self-introduction when
        the caller gave one (a caller who calls again keeps what they said the first time).
    """
    from nlp.pipeline import analyze as analyze_with  # the loaded spaCy pipeline; imported on use
    from nlp.pipeline import load

    pipeline = load(model_dir)

    def analyze(text: str, ctx: AnalysisContext) -> Any:
        return analyze_with(text, ctx, pipeline=pipeline)

    context = context or AnalysisContext()
    known: dict[str, tuple[str | None, str | None]] = {}  # speaker → (name, region) from an earlier call
    out: list[ComplaintCandidate] = []
    for call in group_calls(as_turns(turns)):
        text = call.text
        intro = parse_introduction(text)
        name = intro.name if intro else None
        region = _intro_region(intro, context, analyze) if intro and intro.place else None
        prev_name, prev_region = known.get(call.speaker, (None, None))
        name, region = name or prev_name, region or prev_region
        known[call.speaker] = (name, region)
        start, end = call.turns[0].start, call.turns[-1].end
        call_context = AnalysisContext(
            default_region=region or context.default_region,
            recorded_at=context.recorded_at + timedelta(seconds=start) if context.recorded_at else None,
            channel=context.channel or "talkshow",
            region_code=context.region_code,
        )
        analysis = analyze(text, call_context)
        out.append(
            ComplaintCandidate(
                start=start,
                end=end,
                speaker=call.speaker,
                text=text,
                analysis=analysis,
                reporter_name=name or analysis.reporter_name,
                default_region=region or context.default_region,
            )
        )
    return out


def _intro_region(intro: Introduction, context: AnalysisContext, analyze: Any) -> str | None:
    """Resolve the introduced place with the pipeline's gazetteer, tie-broken by the station's region."""
    found = analyze(f"saya dari {intro.place}", AnalysisContext(default_region=context.default_region))
    return found.region_code
