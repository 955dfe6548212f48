"""One stretch of a recording as a small audio file of its own: a caller's complaint cut from an hour-long
talkshow, so that an official or an agency hears that caller and no one else.

Decoding goes through `decode_pcm` (ffmpeg, or sox for AMR-NB, whose timestamps ffmpeg shifts), so a
clip starts where the transcript says; pydub encodes the result.
"""

from __future__ import annotations

import io
from pathlib import Path

from voice.audio import BYTES_PER_SAMPLE, decode_pcm

CLIP_FORMATS: dict[str, str] = {"mp3": "audio/mpeg", "ogg": "audio/ogg", "wav": "audio/wav"}
CLIP_RATE = 16000  # what the recognisers heard; speech stays intelligible and a minute is ~0.5 MB mp3
MAX_CLIP_SECONDS = 30 * 60.0
PAD_SECONDS = 0.25  # a breath either side, so the first and last words are not clipped


def cut_clip(path: str | Path, start: float, end: float, *, fmt: str = "mp3") -> bytes:
    """The audio from `start` to `end` seconds (padded by a quarter second, within the file) as `fmt`.

    Raises:
        ValueError: an unknown format, or a span that is empty, negative or longer than 30 minutes.
        AudioDecodeError: the file cannot be decoded, or the span lies past its end.
    """
    if fmt not in CLIP_FORMATS:
        raise ValueError(f"format {fmt!r}: one of {', '.join(CLIP_FORMATS)}")
    if not 0 <= start < end:
        raise ValueError(f"span {start:.2f}–{end:.2f} s: the start must be at least 0 and before the end")
    if end - start > MAX_CLIP_SECONDS:
        raise ValueError(f"span of {end - start:.0f} s: a clip is at most {MAX_CLIP_SECONDS:.0f} s")
    from pydub import AudioSegment

    begin = max(0.0, start - PAD_SECONDS)
    pcm = b"".join(decode_pcm(path, sample_rate=CLIP_RATE, start=begin, duration=end + PAD_SECONDS - begin))
    clip = AudioSegment(data=pcm, sample_width=BYTES_PER_SAMPLE, frame_rate=CLIP_RATE, channels=1)
    out = io.BytesIO()
    if fmt == "mp3":
        clip.export(out, format="mp3", bitrate="64k")
    elif fmt == "ogg":
        clip.export(out, format="ogg", codec="libopus", bitrate="32k")
    else:
        clip.export(out, format="wav")
    return out.getvalue()
