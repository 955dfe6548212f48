"""Whisper engine (faster-whisper, CTranslate2, int8 on CPU) for languages without a Vosk model."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from voice.engines.base import ProgressCallback, StreamUpdate, require_rate
from voice.errors import ModelError
from voice.types import Segment, Word

SAMPLE_RATE = 16000
WINDOW_SECONDS = 120.0  # batch audio is decoded in windows so memory stays bounded
CUT_SEARCH_SECONDS = 5.0  # a window ends at the quietest point of its last seconds
STREAM_MAX_SECONDS = 20.0
STREAM_PAUSE_SECONDS = 0.6
SILENCE_RMS = 0.01

# Spoken digits in the prompt nudge Whisper to keep phone numbers as words ("kosong delapan…") that
# nlp/ turns into digits. Opt-in (while a number is expected): on ordinary speech the same prompt
# made Whisper insert digit words ("tujuh") and, with a conversational prompt, drop whole segments.
DIGIT_PROMPTS = {"id": "kosong delapan satu dua tiga empat lima enam tujuh delapan sembilan"}

_models: dict[str, object] = {}
_lock = threading.Lock()


def load_whisper_model(path: str | Path, *, cpu_threads: int = 0):  # -> WhisperModel
    key = f"{Path(path).resolve()}|{cpu_threads}"
    with _lock:
        if key not in _models:
            if not Path(path, "model.bin").is_file():
                raise ModelError(f"{path}: not a Whisper CTranslate2 folder (model.bin missing)")
            from faster_whisper import WhisperModel

            try:
                _models[key] = WhisperModel(
                    str(Path(path).resolve()), device="cpu", compute_type="int8", cpu_threads=cpu_threads
                )
            except Exception as exc:  # ctranslate2 raises RuntimeError/ValueError on bad files
                raise ModelError(f"{path}: faster-whisper could not load the model ({exc})") from exc
        return _models[key]


def _pcm_to_float(pcm: bytes) -> np.ndarray:
    return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0


def _quietest_cut(audio: np.ndarray, search: int, frame: int = 1600) -> int:
    """Index in the last `search` samples where a 100 ms frame is quietest: a cut between words."""
    start = max(0, len(audio) - search)
    best, best_rms = len(audio), float("inf")
    for pos in range(start, len(audio) - frame, frame // 2):
        rms = float(np.sqrt(np.mean(audio[pos : pos + frame] ** 2)))
        if rms < best_rms:
            best, best_rms = pos + frame // 2, rms
    return best


def _windows(chunks: Iterable[bytes]) -> Iterator[tuple[float, np.ndarray]]:
    """Regroup PCM chunks into (offset seconds, float audio) windows cut at quiet points."""
    window = int(WINDOW_SECONDS * SAMPLE_RATE)
    pending: list[np.ndarray] = []
    pending_len = 0
    offset = 0
    for chunk in chunks:
        samples = _pcm_to_float(chunk)
        pending.append(samples)
        pending_len += len(samples)
        if pending_len >= window:
            audio = np.concatenate(pending)
            cut = _quietest_cut(audio, int(CUT_SEARCH_SECONDS * SAMPLE_RATE))
            yield offset / SAMPLE_RATE, audio[:cut]
            offset += cut
            pending, pending_len = [audio[cut:]], len(audio) - cut
    if pending_len:
        yield offset / SAMPLE_RATE, np.concatenate(pending)


class WhisperStream:
    """Live session: buffers audio and decodes each utterance when a pause (or 20 s) closes it.

    Whisper has no cheap partial results, so `partial` stays empty until an utterance is final.
    """

    def __init__(self, engine: WhisperEngine, *, offset: float = 0.0, channel: int | None = None) -> None:
        self._engine = engine
        self._buffer: list[np.ndarray] = []
        self._buffered = 0
        self._start = offset  # seconds at the start of the buffer
        self._channel = channel

    def accept(self, pcm: bytes) -> StreamUpdate:
        samples = _pcm_to_float(pcm)
        self._buffer.append(samples)
        self._buffered += len(samples)
        seconds = self._buffered / SAMPLE_RATE
        tail = np.concatenate(self._buffer)[-int(STREAM_PAUSE_SECONDS * SAMPLE_RATE) :]
        paused = seconds > 1.0 and float(np.sqrt(np.mean(tail**2))) < SILENCE_RMS
        if paused or seconds >= STREAM_MAX_SECONDS:
            return StreamUpdate(final=tuple(self._flush()))
        return StreamUpdate()

    def _flush(self) -> list[Segment]:
        if not self._buffered:
            return []
        audio = np.concatenate(self._buffer)
        segments = self._engine.transcribe_array(audio, offset=self._start, channel=self._channel)
        self._start += len(audio) / SAMPLE_RATE
        self._buffer, self._buffered = [], 0
        return segments

    def finish(self) -> list[Segment]:
        return self._flush()


class WhisperEngine:
    """faster-whisper bound to one CTranslate2 model folder; the language comes from the request."""

    name = "whisper"
    sample_rate = SAMPLE_RATE

    def __init__(
        self,
        model_path: str | Path,
        *,
        model_name: str | None = None,
        language: str = "id",
        beam_size: int = 5,
        cpu_threads: int = 0,
        initial_prompt: str | None = None,
    ) -> None:
        self.model = load_whisper_model(model_path, cpu_threads=cpu_threads)
        self.model_name = model_name or Path(model_path).name
        self.language = language
        self.beam_size = beam_size
        self.initial_prompt = initial_prompt

    def _echoes_prompt(self, text: str) -> bool:
        """Whisper sometimes repeats its prompt over noise; such a segment is not speech."""
        if not self.initial_prompt:
            return False
        from difflib import SequenceMatcher

        said = text.strip().lower()
        return len(said) > 10 and SequenceMatcher(None, said, self.initial_prompt.lower()).ratio() > 0.8

    def transcribe_array(
        self, audio: np.ndarray, *, offset: float = 0.0, channel: int | None = None
    ) -> list[Segment]:
        """Decode float32 16 kHz audio already in memory (one window)."""
        if len(audio) < SAMPLE_RATE // 10:
            return []
        raw_segments, _info = self.model.transcribe(
            audio,
            language=self.language,
            beam_size=self.beam_size,
            word_timestamps=True,
            vad_filter=True,  # Silero VAD shipped inside faster-whisper: no speech, no decoding
            condition_on_previous_text=False,
            initial_prompt=self.initial_prompt,
            # No sampling fallback: faster-whisper retries a poor window at rising temperatures with
            # random sampling, so the same file gave different words on each run and with each
            # worker count. One deterministic beam search keeps transcripts repeatable.
            temperature=0.0,
        )
        duration = len(audio) / SAMPLE_RATE
        segments = []
        for raw in raw_segments:
            words = tuple(
                Word(
                    start=round(offset + min(max(float(w.start), 0.0), duration), 3),
                    end=round(offset + min(max(float(w.end), float(w.start), 0.0), duration), 3),
                    text=w.word.strip(),
                    confidence=round(min(1.0, max(0.0, float(w.probability))), 4),
                )
                for w in (raw.words or ())
                if w.word.strip()
            )
            if not words or self._echoes_prompt(raw.text):
                continue
            segments.append(
                Segment(
                    start=words[0].start,
                    end=words[-1].end,
                    text=" ".join(w.text for w in words),
                    words=words,
                    confidence=round(sum(w.confidence for w in words) / len(words), 4),
                    channel=channel,
                )
            )
        return segments

    def stream(
        self, *, sample_rate: int | None = None, offset: float = 0.0, channel: int | None = None
    ) -> WhisperStream:
        require_rate(sample_rate, expected=SAMPLE_RATE, model_name=self.model_name)
        return WhisperStream(self, offset=offset, channel=channel)

    def transcribe_pcm(
        self,
        chunks: Iterable[bytes],
        *,
        offset: float = 0.0,
        channel: int | None = None,
        progress: ProgressCallback | None = None,
    ) -> list[Segment]:
        segments: list[Segment] = []
        for start, audio in _windows(chunks):
            segments.extend(self.transcribe_array(audio, offset=offset + start, channel=channel))
            if progress:
                progress(start + len(audio) / SAMPLE_RATE)
        return segments
