"""alphacep vosk-server's WebSocket protocol, so its existing clients work with Suara unchanged.

Client → server: an optional text message `{"config": {"sample_rate": 8000, "words": 1, …}}` first, then
binary frames of 16-bit little-endian mono PCM, and `{"eof" : 1}` at the end (`{"reset" : 1}` ends the
current utterance). With `"partial_words": 1` in the config, each partial also carries `"partial_result"`,
its words timed on the call's clock (what vosk's SetPartialWords gives), so a client can tell when each
word first showed. Server → client: exactly one text message per binary frame, `{"partial": "…"}` or,
when an utterance ended, `{"text": "…", "result": [{"word", "start", "end", "conf"}]}`; the last one answers
`eof`, then the server closes. Anything else closes the socket with a code and a short reason.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from typing import Any

from voice import Segment, StreamUpdate, Word

# RFC 6455 close codes.
NORMAL, UNSUPPORTED_DATA, INVALID_PAYLOAD, POLICY, TOO_BIG, SERVER_ERROR = 1000, 1003, 1007, 1008, 1009, 1011
SERVICE_RESTART = 1012  # the server is going down: call again
DEFAULT_RATE = 8000  # vosk-server's default: a telephone line
MAX_FRAME_BYTES = 512 * 1024  # 5 s of 48 kHz audio; vosk clients send about 0.2–0.5 s per frame
MAX_REASON = 120  # a close reason must fit 123 bytes


class ProtocolError(Exception):
    """A message the protocol does not allow: the socket closes with `code` and the message as reason."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason.encode()[:MAX_REASON].decode(errors="ignore")


@dataclass(frozen=True, slots=True)
class Config:
    sample_rate: float = DEFAULT_RATE
    words: bool = True
    max_alternatives: int = 0
    partial_words: bool = False  # vosk's SetPartialWords: timed words in each partial


@dataclass(frozen=True, slots=True)
class Command:
    """A text message: new settings, the end of the audio, or the end of an utterance."""

    kind: str  # "config" | "eof" | "reset"
    config: Config | None = None


def parse_text(message: str, current: Config) -> Command:
    """Read a text message (raises ProtocolError for anything but config, eof and reset)."""
    try:
        data = json.loads(message)
    except ValueError:
        raise ProtocolError(INVALID_PAYLOAD, "text messages must be JSON: config, eof or reset") from None
    if not isinstance(data, dict) or len(data) != 1:
        raise ProtocolError(UNSUPPORTED_DATA, 'expected {"config": …}, {"eof" : 1} or {"reset" : 1}')
    if data.get("eof") == 1:
        return Command("eof")
    if data.get("reset") == 1:
        return Command("reset")
    if isinstance(data.get("config"), dict):
        return Command("config", _config(data["config"], current))
    raise ProtocolError(UNSUPPORTED_DATA, 'expected {"config": …}, {"eof" : 1} or {"reset" : 1}')


def _config(raw: dict[str, Any], current: Config) -> Config:
    rate = raw.get("sample_rate", current.sample_rate)
    if isinstance(rate, bool) or not isinstance(rate, int | float) or not math.isfinite(rate):
        raise ProtocolError(UNSUPPORTED_DATA, "config.sample_rate must be a number of Hz")
    words = raw.get("words", current.words)
    partial_words = raw.get("partial_words", current.partial_words)
    alternatives = raw.get("max_alternatives", current.max_alternatives)
    if isinstance(alternatives, bool) or not isinstance(alternatives, int) or not 0 <= alternatives <= 10:
        raise ProtocolError(UNSUPPORTED_DATA, "config.max_alternatives must be an integer from 0 to 10")
    return replace(
        current,
        sample_rate=float(rate),
        words=bool(words),
        max_alternatives=alternatives,
        partial_words=bool(partial_words),
    )


def check_frame(frame: bytes) -> bytes:
    """A binary frame of PCM, refused when larger than any live client sends."""
    if len(frame) > MAX_FRAME_BYTES:
        raise ProtocolError(TOO_BIG, f"audio frame of {len(frame):,} bytes; send at most {MAX_FRAME_BYTES:,}")
    return frame


def render_update(update: StreamUpdate, config: Config) -> str:
    """The one answer to a binary frame: the finished utterance if one ended, else the partial text."""
    if update.final:
        return render_final(update.final, config)
    answer: dict[str, Any] = {"partial": update.partial}
    if config.partial_words:
        answer["partial_result"] = [_word(w) for w in update.partial_words]
    return json.dumps(answer, ensure_ascii=False)


def _word(word: Word) -> dict[str, Any]:
    """A word as vosk writes it in `result` and `partial_result`."""
    return {
        "conf": round(word.confidence, 6),
        "end": round(word.end, 3),
        "start": round(word.start, 3),
        "word": word.text,
    }


def render_final(segments: tuple[Segment, ...] | list[Segment], config: Config) -> str:
    """Finished segments as one vosk result: text, and timed words when `words` is on."""
    answer: dict[str, Any] = {}
    if config.words:
        answer["result"] = [_word(w) for segment in segments for w in segment.words]
    answer["text"] = " ".join(s.text.strip() for s in segments if s.text.strip())
    return json.dumps(answer, ensure_ascii=False)
