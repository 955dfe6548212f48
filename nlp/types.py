"""Plain typed results of nlp/: what api/ stores and pages show. No spaCy objects leak out."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class TimedWord:
    """A transcribed word with its audio time (seconds) and recogniser confidence in [0, 1]."""

    text: str
    start: float
    end: float
    confidence: float


@dataclass(frozen=True, slots=True)
class AnalysisContext:
    """What the caller knows besides the text.

    `default_region` is a Kemendagri code (e.g. "33.03") of the hotline's or station's own area,
    used to break ties between same-named places and to route when the text names no place.
    `region_code` is the complaint's own region when the filer set it (or the filer's jurisdiction):
    places in the text may only narrow it, never move the complaint out of it, since that would show
    the complaint to another jurisdiction without a verifier deciding so. `recorded_at` anchors
    relative dates. `words` are the transcript's words in text order when the text is a transcript:
    numbers then carry their audio span and the recogniser's confidence per digit.
    """

    default_region: str | None = None
    recorded_at: datetime | None = None
    channel: str | None = None
    region_code: str | None = None
    words: tuple[TimedWord, ...] = ()


@dataclass(frozen=True, slots=True)
class NikDetails:
    """What a NIK says about its holder: where it was issued, birth date, sex (day + 40 for women)."""

    region_code: str  # district, e.g. "33.03.07"
    region: tuple[str, ...]  # province, regency, district names
    birth_date: str  # ISO date
    sex: str  # "L" (laki-laki) | "P" (perempuan)


@dataclass(frozen=True, slots=True)
class SpokenNumber:
    """A number as it was spoken: digits, where in the text and the audio, how sure we are of each digit.

    `kind` is mobile, landline, nik, amount or number; `plausible` says whether the digits fit that kind
    (operator prefix and length, NIK region and birth date); `needs_confirmation` marks a number a person
    should confirm by listening to `audio_start`–`audio_end` (seconds, when the words had times).
    """

    digits: str
    start_char: int
    end_char: int
    digit_confidences: tuple[float, ...]
    kind: str = "number"
    value: str | None = None  # E.164 for phones, the NIK, the amount in rupiah
    plausible: bool = False
    needs_confirmation: bool = False
    audio_start: float | None = None
    audio_end: float | None = None
    nik: NikDetails | None = None

    @property
    def confidence(self) -> float:
        """The weakest digit decides: one wrong digit makes the whole number wrong."""
        return min(self.digit_confidences, default=0.0)


@dataclass(frozen=True, slots=True)
class Entity:
    """A span of the original text with its label and normalized value."""

    label: str  # PHONE, NIK, DATE, TIME, MONEY, PLACE, FACILITY, PERSON, RT_RW, ADDRESS
    text: str
    start_char: int
    end_char: int
    value: str | None = None
    number: SpokenNumber | None = None  # PHONE, NIK, MONEY: the digits as spoken, with confidence


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved region: Kemendagri code, name, level and a score in [0, 1]."""

    code: str
    name: str
    level: str  # province, regency, district, village
    score: float
    path: tuple[str, ...] = ()  # names from province down, for display


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place mentioned in the text with its ranked candidates (one when unambiguous)."""

    text: str
    start_char: int
    end_char: int
    candidates: tuple[Place, ...]

    @property
    def resolved(self) -> Place | None:
        return self.candidates[0] if len(self.candidates) == 1 else None


@dataclass(frozen=True, slots=True)
class Topic:
    label: str
    score: float


@dataclass(frozen=True, slots=True)
class AgencySuggestion:
    """A responsible agency proposed by a routing rule, with the rule that produced it."""

    code: str
    name: str
    score: float
    rule: str
    region_code: str | None = None


@dataclass(frozen=True, slots=True)
class Redaction:
    label: str
    start_char: int
    end_char: int
    text: str


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything nlp/ read in one complaint text."""

    text: str
    normalized_text: str
    entities: tuple[Entity, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    region_code: str | None = None  # the most specific unambiguous region, if any
    topics: tuple[Topic, ...] = ()
    kind: str = "pengaduan"  # pengaduan | aspirasi | permintaan_informasi
    urgent: bool = False
    agencies: tuple[AgencySuggestion, ...] = ()
    redacted_text: str = ""
    redactions: tuple[Redaction, ...] = ()
    reporter_name: str | None = None
    phones: tuple[str, ...] = ()  # E.164
    niks: tuple[str, ...] = ()
    language_ok: bool = True
    numbers: tuple[SpokenNumber, ...] = ()  # every spoken number of four digits or more, in text order
    warnings: tuple[str, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class ComplaintCandidate:
    """One caller's complaint cut out of a talkshow, with its time span for playback."""

    start: float
    end: float
    speaker: str
    text: str
    analysis: Analysis
    reporter_name: str | None = None
    default_region: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
