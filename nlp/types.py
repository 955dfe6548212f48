"""Plain typed results of nlp/: what api/ stores and pages show. No spaCy objects leak out."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class AnalysisContext:
    """What the caller knows besides the text.

    `default_region` is a Kemendagri code (e.g. "33.03") of the hotline's or station's own area,
    used to break ties between same-named places and to route when the text names no place.
    `region_code` is the complaint's own region when the filer set it (or the filer's jurisdiction):
    places in the text may only narrow it, never move the complaint out of it, since that would show
    the complaint to another jurisdiction without a verifier deciding so. `recorded_at` anchors
    relative dates.
    """

    default_region: str | None = None
    recorded_at: datetime | None = None
    channel: str | None = None
    region_code: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """A span of the original text with its label and normalized value."""

    label: str  # PHONE, NIK, DATE, TIME, MONEY, PLACE, FACILITY, PERSON, RT_RW, ADDRESS
    text: str
    start_char: int
    end_char: int
    value: str | None = None


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
