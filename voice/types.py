"""Transcript data shared by every engine: frozen dataclasses with JSON in and out.

One shape for Vosk and Whisper, for hotline calls and talkshows, so that nlp/ and api/ never
see an engine's raw output. Times are seconds from the start of the recording.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from typing import Any

TRANSCRIPT_VERSION = 1


@dataclass(frozen=True, slots=True)
class Word:
    """One recognised word with its time span and confidence in [0, 1]."""

    start: float
    end: float
    text: str
    confidence: float

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Word:
        return cls(float(data["start"]), float(data["end"]), str(data["text"]), float(data["confidence"]))


@dataclass(frozen=True, slots=True)
class Segment:
    """An utterance: consecutive words between pauses, with who said it where known.

    `speaker` is a label such as "host" or "caller-1" (talkshows) or None; `channel` is the
    source channel index for split stereo calls, else None; `band` is "phone" or "studio"
    when measured, else None.
    """

    start: float
    end: float
    text: str
    words: tuple[Word, ...] = ()
    confidence: float = 0.0
    speaker: str | None = None
    channel: int | None = None
    band: str | None = None
    alternatives: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Segment:
        return cls(
            start=float(data["start"]),
            end=float(data["end"]),
            text=str(data["text"]),
            words=tuple(Word.from_dict(w) for w in data.get("words", ())),
            confidence=float(data.get("confidence", 0.0)),
            speaker=data.get("speaker"),
            channel=data.get("channel"),
            band=data.get("band"),
            alternatives=tuple(data.get("alternatives", ())),
        )


@dataclass(frozen=True, slots=True)
class Gap:
    """A stretch without speech that was skipped: kind is "silence", "music" or "noise"."""

    start: float
    end: float
    kind: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Gap:
        return cls(float(data["start"]), float(data["end"]), str(data["kind"]))


@dataclass(frozen=True, slots=True)
class Turn:
    """A speaker turn: consecutive segments of one speaker, the unit nlp/ splits talkshows by."""

    start: float
    end: float
    speaker: str
    text: str
    band: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Turn:
        return cls(
            float(data["start"]),
            float(data["end"]),
            str(data["speaker"]),
            str(data["text"]),
            data.get("band"),
        )


@dataclass(frozen=True, slots=True)
class Transcript:
    """A whole recording's transcript, whichever engine produced it."""

    segments: tuple[Segment, ...]
    engine: str
    model: str
    language: str
    duration: float
    gaps: tuple[Gap, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict)
    version: int = TRANSCRIPT_VERSION

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments if s.text)

    @property
    def words(self) -> list[Word]:
        return [w for s in self.segments for w in s.words]

    def turns(self) -> list[Turn]:
        """Merge consecutive segments of the same speaker (or channel) into turns."""
        turns: list[Turn] = []
        for seg in self.segments:
            label = seg.speaker or (f"channel-{seg.channel}" if seg.channel is not None else "speaker")
            if turns and turns[-1].speaker == label:
                last = turns[-1]
                turns[-1] = replace(last, end=seg.end, text=f"{last.text} {seg.text}".strip())
            else:
                turns.append(Turn(seg.start, seg.end, label, seg.text, seg.band))
        return turns

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Transcript:
        version = int(data.get("version", TRANSCRIPT_VERSION))
        if version > TRANSCRIPT_VERSION:
            raise ValueError(f"transcript version {version} is newer than this Suara ({TRANSCRIPT_VERSION})")
        return cls(
            segments=tuple(Segment.from_dict(s) for s in data["segments"]),
            engine=str(data["engine"]),
            model=str(data["model"]),
            language=str(data["language"]),
            duration=float(data["duration"]),
            gaps=tuple(Gap.from_dict(g) for g in data.get("gaps", ())),
            metadata=dict(data.get("metadata", {})),
            version=version,
        )

    @classmethod
    def from_json(cls, text: str) -> Transcript:
        return cls.from_dict(json.loads(text))
