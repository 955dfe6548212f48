"""Transcript exporters: SRT and WebVTT subtitles (one cue per segment) and plain text."""

from __future__ import annotations

from voice.types import Segment, Transcript


def _clock(seconds: float, separator: str) -> str:
    millis = max(0, round(seconds * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def _label(segment: Segment) -> str:
    if segment.speaker:
        return f"{segment.speaker}: "
    if segment.channel is not None:
        return f"[ch{segment.channel}] "
    return ""


def to_srt(transcript: Transcript) -> str:
    cues = []
    for number, seg in enumerate(transcript.segments, start=1):
        cues.append(
            f"{number}\n{_clock(seg.start, ',')} --> {_clock(seg.end, ',')}\n{_label(seg)}{seg.text}\n"
        )
    return "\n".join(cues)


def to_vtt(transcript: Transcript) -> str:
    cues = ["WEBVTT\n"]
    for seg in transcript.segments:
        voice = f"<v {seg.speaker}>" if seg.speaker else _label(seg)
        cues.append(f"{_clock(seg.start, '.')} --> {_clock(seg.end, '.')}\n{voice}{seg.text}\n")
    return "\n".join(cues)


def to_text(transcript: Transcript) -> str:
    return "".join(f"{_label(seg)}{seg.text}\n" for seg in transcript.segments)


def render(transcript: Transcript, fmt: str) -> str:
    """Render in one of json, srt, vtt, txt."""
    renderers = {
        "json": lambda t: t.to_json(indent=2) + "\n",
        "srt": to_srt,
        "vtt": to_vtt,
        "txt": to_text,
    }
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(renderers)}")
    return renderers[fmt](transcript)
