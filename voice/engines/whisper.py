"""Whisper engine (faster-whisper, CTranslate2, int8 on CPU) for languages without a Vosk model."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from voice.audio import pcm_to_float
from voice.engines.base import BatchDecoding, Pair, StreamUpdate, require_rate
from voice.engines.whisper_stream import WhisperLiveStream
from voice.errors import ModelError
from voice.heap import share_one_arena
from voice.repetition import collapse_runs, looping_spans, trim_stutter
from voice.types import Segment, Word

SAMPLE_RATE = 16000
WINDOW_SECONDS = 120.0  # batch audio is decoded in windows so memory stays bounded
CUT_SEARCH_SECONDS = 5.0  # a window ends at the quietest point of its last seconds

# Spoken digits in the prompt nudge Whisper to keep phone numbers as words ("kosong delapan…") that
# nlp/ turns into digits. Opt-in (while a number is expected): on ordinary speech the same prompt
# made Whisper insert digit words ("tujuh") and, with a conversational prompt, drop whole segments.
DIGIT_PROMPTS = {"id": "kosong delapan satu dua tiga empat lima enam tujuh delapan sembilan"}

# Deterministic ways to decode a looping segment again, tried in order (bench/repetition_bench.py
# measured each on digit strings, repeated words and voice-over music that make whisper-base loop:
# on 18 tuning cases the n-gram ban with a repetition penalty left 62% errors on digit strings,
# against 157% without the guard; a penalty alone 65%, the same window alone 73%; a digit prompt
# also 62%, but it only suits digits and makes Whisper insert digit words elsewhere).
RETRIES: tuple[dict[str, Any], ...] = (
    {"repetition_penalty": 1.3, "no_repeat_ngram_size": 4},
    {"repetition_penalty": 1.3},
)
RETRY_PAD_SECONDS = 0.2  # kept around a looping segment's span when it is decoded again

# Whisper decoding a window of several sentences now and then passes over one of them: speech that
# no word claims. Such a stretch, when it is at least SKIPPED_SECONDS of speech by Silero's finer
# reading (pauses of SKIPPED_PAUSE_MS split it) and SKIPPED_MARGIN away from every word, is decoded
# again on its own (bench/talkshow_wer.py: deletions inside chunks of several utterances).
SKIPPED_SECONDS = 1.0
SKIPPED_MARGIN = 0.3
SKIPPED_PAUSE_MS = 300

_models: dict[str, object] = {}
_lock = threading.Lock()


def parallel_setting(workers: int, *, cores: int) -> tuple[int, int]:
    """`(cpu_threads, num_workers)` for `workers` decodes running at once: one replica per worker, each on
    its share of the cores. One replica on every core serves a single decode, but concurrent decodes
    queue on it: on a quiet 2-core machine a talkshow with 2 workers ran at real-time factor 0.160 with
    two one-thread replicas against 0.222 with one (bench/talkshow_rtf.py, README)."""
    if workers < 2 or cores < 2:
        return 0, 1
    return max(1, cores // workers), workers


def shared_whisper_model(path: str | Path):  # -> WhisperModel
    """Whatever setting of this model the process already holds (a second setting is a second copy of
    the weights, ~250 MB), else the default one: for short extra passes such as the number pass."""
    prefix = f"{Path(path).resolve()}|"
    with _lock:
        loaded = next((model for key, model in _models.items() if key.startswith(prefix)), None)
    return loaded if loaded is not None else load_whisper_model(path)


def loaded_setting(model: object) -> tuple[Path, int, int] | None:
    """`(folder, cpu_threads, num_workers)` a model was loaded with by `load_whisper_model`, if it was: a
    pass that builds its own copy of the model (voice.numbers) loads it the same way."""
    with _lock:
        key = next((key for key, loaded in _models.items() if loaded is model), None)
    if key is None:
        return None
    folder, threads, workers = key.rsplit("|", 2)
    return Path(folder), int(threads), int(workers)


def load_whisper_model(path: str | Path, *, cpu_threads: int = 0, num_workers: int = 1):  # -> WhisperModel
    """The model loaded once per process and setting: `num_workers` replicas decode at once (more
    concurrent calls queue), each on `cpu_threads` threads (0: CTranslate2's default)."""
    key = f"{Path(path).resolve()}|{cpu_threads}|{num_workers}"
    with _lock:
        if key not in _models:
            if not Path(path, "model.bin").is_file():
                raise ModelError(f"{path}: not a Whisper CTranslate2 folder (model.bin missing)")
            from faster_whisper import WhisperModel

            share_one_arena()  # before the replicas' threads start, so their blocks pool (voice.heap)
            try:
                _models[key] = WhisperModel(
                    str(Path(path).resolve()),
                    device="cpu",
                    compute_type="int8",
                    cpu_threads=cpu_threads,
                    num_workers=num_workers,
                )
            except Exception as exc:  # ctranslate2 raises RuntimeError/ValueError on bad files
                raise ModelError(f"{path}: faster-whisper could not load the model ({exc})") from exc
        return _models[key]


def _quietest_cut(audio: np.ndarray, search: int, frame: int = 1600) -> int:
    """Index in the last `search` samples where a 100 ms frame is quietest: a cut between words."""
    start = max(0, len(audio) - search)
    best, best_rms = len(audio), float("inf")
    for pos in range(start, len(audio) - frame, frame // 2):
        rms = float(np.sqrt(np.mean(audio[pos : pos + frame] ** 2)))
        if rms < best_rms:
            best, best_rms = pos + frame // 2, rms
    return best


class _WindowSession:
    """Batch decoding: PCM regrouped into windows cut at quiet points, each decoded when full."""

    def __init__(self, engine: WhisperEngine, *, offset: float, channel: int | None) -> None:
        self._engine = engine
        self._offset = offset
        self._channel = channel
        self._pending: list[np.ndarray] = []
        self._pending_len = 0
        self._done = 0  # samples decoded

    @property
    def seconds(self) -> float:
        return self._done / SAMPLE_RATE

    def accept(self, pcm: bytes) -> StreamUpdate:
        samples = pcm_to_float(pcm)
        self._pending.append(samples)
        self._pending_len += len(samples)
        if self._pending_len < int(WINDOW_SECONDS * SAMPLE_RATE):
            return StreamUpdate()
        audio = np.concatenate(self._pending)
        cut = _quietest_cut(audio, int(CUT_SEARCH_SECONDS * SAMPLE_RATE))
        final = self._decode(audio[:cut])
        self._pending, self._pending_len = [audio[cut:]], len(audio) - cut
        return StreamUpdate(final=tuple(final))

    def _decode(self, audio: np.ndarray) -> list[Segment]:
        start = self._offset + self._done / SAMPLE_RATE
        self._done += len(audio)
        return self._engine.transcribe_array(audio, offset=start, channel=self._channel, fill_skipped=True)

    def finish(self) -> list[Segment]:
        if not self._pending_len:
            return []
        audio = np.concatenate(self._pending)
        self._pending, self._pending_len = [], 0
        return self._decode(audio)


def _unclaimed_speech(audio: np.ndarray, segments: list[Segment], *, offset: float) -> list[tuple[int, int]]:
    """Sample ranges of speech (Silero, finely split) that lie SKIPPED_MARGIN or more from every word,
    at least SKIPPED_SECONDS long."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    options = VadOptions(min_silence_duration_ms=SKIPPED_PAUSE_MS, speech_pad_ms=100)
    claimed = np.zeros(len(audio), dtype=bool)
    margin = int(SKIPPED_MARGIN * SAMPLE_RATE)
    for word in (w for segment in segments for w in segment.words):
        a = int((word.start - offset) * SAMPLE_RATE) - margin
        b = int((word.end - offset) * SAMPLE_RATE) + margin
        claimed[max(0, a) : max(0, b)] = True
    unclaimed = np.zeros(len(audio), dtype=bool)
    for span in get_speech_timestamps(audio, options):
        unclaimed[span["start"] : span["end"]] = True
    unclaimed &= ~claimed
    edges = np.flatnonzero(np.diff(np.concatenate(([0], unclaimed.astype(np.int8), [0]))))
    runs = zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True)
    return [(a, b) for a, b in runs if b - a >= SKIPPED_SECONDS * SAMPLE_RATE]


def _looping_runs(decoded: list[tuple[Segment, float]]) -> list[tuple[int, int]]:
    """voice.repetition.looping_spans over a decode's segments and the seconds each one claims."""
    return looping_spans([(segment.text, seconds) for segment, seconds in decoded])


class WhisperChunkDecoder:
    """Chunks of a long recording decoded one by one (Whisper keeps no state between them, and
    gives no speaker vectors: voice.speakers embeds them apart)."""

    def __init__(self, engine: WhisperEngine) -> None:
        self._engine = engine

    def decode(self, pieces: Iterable[bytes], *, offset: float) -> list[Pair]:
        return [(segment, None) for segment in self._engine.transcribe_pcm(pieces, offset=offset)]


def _make_segment(words: tuple[Word, ...], channel: int | None) -> Segment:
    return Segment(
        start=words[0].start,
        end=words[-1].end,
        text=" ".join(w.text for w in words),
        words=words,
        confidence=round(sum(w.confidence for w in words) / len(words), 4),
        channel=channel,
    )


class WhisperEngine(BatchDecoding):
    """faster-whisper bound to one CTranslate2 model folder; the language comes from the request."""

    name = "whisper"
    sample_rate = SAMPLE_RATE
    # Chunks are independent (no state between them), so each is its own group and the workers take
    # the next chunk as they free up: fixed halves left one worker idle while the other finished
    # (every chunk costs a 30 s encoder pass whatever its length, so equal speech is unequal work).
    warm_seconds = 0.0
    # Talkshow chunks 0.1 s wider at either edge: the talkshow path's word error rate against decoding
    # each utterance alone went from +0.8 to -0.6 points on seven tuning shows and from +2.6 to +1.6 on
    # the four held-out ones (bench/talkshow_wer.py, README).
    chunk_margin = 0.1

    def __init__(
        self,
        model_path: str | Path,
        *,
        model_name: str | None = None,
        language: str = "id",
        beam_size: int = 5,
        cpu_threads: int = 0,
        num_workers: int = 1,
        initial_prompt: str | None = None,
    ) -> None:
        self.model = load_whisper_model(model_path, cpu_threads=cpu_threads, num_workers=num_workers)
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
        self,
        audio: np.ndarray,
        *,
        offset: float = 0.0,
        channel: int | None = None,
        fill_skipped: bool = False,
    ) -> list[Segment]:
        """Decode float32 16 kHz audio already in memory (one window), never emitting a loop.

        A segment that reads as a runaway loop, or a run of segments that loops together (one
        segment repeated over a music bed; voice.repetition.looping_spans), is decoded again on its own
        span with the deterministic settings of RETRIES, in order; the first result without a loop
        wins, and if none comes, the loop is cut down to its first repeats rather than emitted.
        With `fill_skipped` (whole windows of a file or a long recording, not a live window whose last
        words are still being spoken), speech the decode passed over is decoded again on its own.
        """
        if len(audio) < SAMPLE_RATE // 10:
            return []
        decoded = self._decode(audio, offset=offset, channel=channel)
        segments: list[Segment] = []
        done = 0
        for start, end in _looping_runs(decoded):
            segments.extend(segment for segment, _ in decoded[done:start])
            looped = [segment for segment, _ in decoded[start:end]]
            segments.extend(self._without_loop(audio, looped, offset=offset, channel=channel))
            done = end
        segments.extend(segment for segment, _ in decoded[done:])
        if not fill_skipped:
            return segments
        return self._with_skipped_speech(audio, segments, offset=offset, channel=channel)

    def _with_skipped_speech(
        self, audio: np.ndarray, segments: list[Segment], *, offset: float, channel: int | None
    ) -> list[Segment]:
        """The window's segments plus those of every stretch of speech the decode passed over, each
        decoded again on its own (the same settings; a stretch that loops or yields nothing adds nothing)."""
        added: list[Segment] = []
        for start, end in _unclaimed_speech(audio, segments, offset=offset):
            if end - start > 0.9 * len(audio):  # the whole window again: the same audio, the same words
                continue
            decoded = self._decode(audio[start:end], offset=offset + start / SAMPLE_RATE, channel=channel)
            if decoded and not _looping_runs(decoded):
                added.extend(segment for segment, _ in decoded)
        if not added:
            return segments
        return sorted([*segments, *added], key=lambda segment: segment.start)

    def _decode(
        self, audio: np.ndarray, *, offset: float, channel: int | None, **options: Any
    ) -> list[tuple[Segment, float]]:
        """One deterministic decode: segments and the seconds of audio each one claims."""
        settings: dict[str, Any] = {
            "language": self.language,
            "beam_size": self.beam_size,
            "word_timestamps": True,
            "vad_filter": True,  # Silero VAD shipped inside faster-whisper: no speech, no decoding
            "condition_on_previous_text": False,
            "initial_prompt": self.initial_prompt,
            # No sampling fallback: faster-whisper retries a poor window at rising temperatures with
            # random sampling, so the same file gave different words on each run and with each
            # worker count. One deterministic beam search keeps transcripts repeatable.
            "temperature": 0.0,
        }
        raw_segments, _info = self.model.transcribe(audio, **{**settings, **options})
        duration = len(audio) / SAMPLE_RATE
        out = []
        for raw in raw_segments:
            segment = self._segment(raw, offset=offset, duration=duration, channel=channel)
            if segment is not None:
                out.append((segment, max(0.0, min(float(raw.end), duration) - max(float(raw.start), 0.0))))
        return out

    def _segment(self, raw: Any, *, offset: float, duration: float, channel: int | None) -> Segment | None:
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
            return None
        return _make_segment(words, channel)

    def _without_loop(
        self, audio: np.ndarray, looped: list[Segment], *, offset: float, channel: int | None
    ) -> list[Segment]:
        """Decode the span of looping segments again, each way of RETRIES in turn, until one does not loop."""
        start = max(0, int((looped[0].start - offset - RETRY_PAD_SECONDS) * SAMPLE_RATE))
        end = min(len(audio), int((looped[-1].end - offset + RETRY_PAD_SECONDS) * SAMPLE_RATE))
        span, span_offset = audio[start:end], offset + start / SAMPLE_RATE
        for options in RETRIES if len(span) >= SAMPLE_RATE // 10 else ():
            decoded = self._decode(span, offset=span_offset, channel=channel, **options)
            if decoded and not _looping_runs(decoded):
                return [seg for seg, _ in decoded]
        words = [w for segment in looped for w in segment.words]
        kept = [words[i] for i in collapse_runs([w.text for w in words])]
        kept = [replace(w, text=trim_stutter(w.text)) for w in kept]
        return [_make_segment(tuple(kept), channel)] if kept else []

    def stream(
        self,
        *,
        sample_rate: int | None = None,
        offset: float = 0.0,
        channel: int | None = None,
        partial_words: bool = False,
    ) -> WhisperLiveStream:
        """A live session with stable partials (voice.engines.whisper_stream); their timed words come
        anyway (they cost nothing), so `partial_words` changes nothing here."""
        require_rate(sample_rate, expected=SAMPLE_RATE, model_name=self.model_name)
        return WhisperLiveStream(self, offset=offset, channel=channel)

    def batch_session(self, *, offset: float, channel: int | None) -> _WindowSession:
        return _WindowSession(self, offset=offset, channel=channel)

    def chunk_decoder(self) -> WhisperChunkDecoder:
        return WhisperChunkDecoder(self)
