"""Vosk engine: one loaded Model per process, one KaldiRecognizer per stream, results parsed once here."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from voice.engines.base import BatchDecoding, Pair, StreamUpdate, require_rate
from voice.errors import ModelError
from voice.longform import MIN_GROUP_SECONDS
from voice.types import Segment, Word

BYTES_PER_FRAME = 2
# Idle recognizers kept per engine setup between live streams. Why: the small models decode through a
# lookahead composition (HCLr.fst + Gr.fst) that a recognizer expands lazily and caches, so a fresh one
# spends about 5x the CPU of a warm one on its first ten seconds (2.75 s against 0.51 s, see
# bench/vosk_live_costs.py); each warm one holds 100-140 MB, so four (the desk's target of concurrent
# calls) and no more.
IDLE_RECOGNIZERS = 4
_models: dict[str, object] = {}
_models_lock = threading.Lock()
_idle: dict[tuple, list[tuple[object, float]]] = {}  # setup → [(recognizer, seconds it has heard)]
_idle_lock = threading.Lock()
_FLUSH = bytes(BYTES_PER_FRAME * 160)  # 10 ms of silence at 16 kHz (20 ms at 8 kHz)


def _vosk():
    import vosk

    vosk.SetLogLevel(-1)
    return vosk


def load_vosk_model(path: str | Path):  # -> vosk.Model
    """Load a model from an explicit folder once per process (never by language: that goes online)."""
    key = str(Path(path).resolve())
    with _models_lock:
        if key not in _models:
            if not Path(key, "am", "final.mdl").is_file():
                raise ModelError(f"{path}: not a Vosk model folder (am/final.mdl missing)")
            try:
                _models[key] = _vosk().Model(key)
            except Exception as exc:  # vosk raises a bare Exception on a bad model
                raise ModelError(f"{path}: Vosk could not load the model ({exc})") from exc
        return _models[key]


def load_speaker_model(path: str | Path):  # -> vosk.SpkModel
    key = "spk:" + str(Path(path).resolve())
    with _models_lock:
        if key not in _models:
            try:
                _models[key] = _vosk().SpkModel(str(Path(path).resolve()))
            except Exception as exc:
                raise ModelError(f"{path}: Vosk could not load the speaker model ({exc})") from exc
        return _models[key]


def _word(raw: dict, offset: float) -> Word:
    """One word of a Vosk result or partial result, on the caller's clock."""
    return Word(
        start=round(offset + float(raw["start"]), 3),
        end=round(offset + float(raw["end"]), 3),
        text=str(raw["word"]),
        confidence=min(1.0, max(0.0, float(raw.get("conf", 1.0)))),
    )


def parse_result(raw: str, *, offset: float = 0.0, channel: int | None = None) -> Segment | None:
    """Turn one Vosk JSON result into a Segment (None for an empty one)."""
    data = json.loads(raw)
    alternatives = data.get("alternatives")
    if alternatives:
        best = alternatives[0]
        text = best.get("text", "").strip()
        raw_words = best.get("result", [])
        alt_texts = tuple(a.get("text", "").strip() for a in alternatives[1:] if a.get("text", "").strip())
    else:
        text = data.get("text", "").strip()
        raw_words = data.get("result", [])
        alt_texts = ()
    if not text:
        return None
    words = tuple(_word(w, offset) for w in raw_words)
    if words:
        start, end = words[0].start, words[-1].end
        confidence = sum(w.confidence for w in words) / len(words)
    else:
        start = end = round(offset, 3)
        confidence = 0.0
    return Segment(
        start=start,
        end=end,
        text=text,
        words=words,
        confidence=round(confidence, 4),
        channel=channel,
        alternatives=alt_texts,
    )


class VoskStream:
    """A live recognition session; feed PCM as it arrives. Not thread-safe: one per stream.

    The recognizer may be a warm one from an earlier stream (`close()` gives it back): Vosk's clock runs
    on across streams, so the seconds it heard before are taken off every time it reports. Partial words
    are off unless asked for: with SetPartialWords Vosk reads partials from the incrementally
    determinized lattice, which lags the audio by up to 2 s (measured: a word's first partial came
    1.83 s of audio after its end with them, 0.58 s without: bench/vosk_live_costs.py).
    """

    def __init__(
        self,
        engine: VoskEngine,
        *,
        offset: float = 0.0,
        channel: int | None = None,
        partial_words: bool = True,
        warm: bool = False,
    ) -> None:
        self._engine = engine
        self._recognizer, heard = engine.take_recognizer() if warm else (engine.new_recognizer(), 0.0)
        self._recognizer.SetPartialWords(partial_words)
        self._rate = engine.sample_rate
        self._consumed = 0  # bytes of PCM accepted
        self._heard = heard
        self._offset = offset - heard
        self._channel = channel

    @property
    def seconds(self) -> float:
        return self._consumed / (BYTES_PER_FRAME * self._rate)

    def accept(self, pcm: bytes) -> StreamUpdate:
        if len(pcm) % BYTES_PER_FRAME:
            raise ValueError("PCM chunks must hold whole 16-bit samples")
        self._consumed += len(pcm)
        if self._recognizer.AcceptWaveform(pcm):
            segment = parse_result(self._recognizer.Result(), offset=self._offset, channel=self._channel)
            return StreamUpdate(final=(segment,) if segment else ())
        partial = json.loads(self._recognizer.PartialResult())
        words = tuple(_word(w, self._offset) for w in partial.get("partial_result", ()))
        return StreamUpdate(partial=partial.get("partial", ""), partial_words=words)

    def finish(self) -> list[Segment]:
        segment = parse_result(self._recognizer.FinalResult(), offset=self._offset, channel=self._channel)
        return [segment] if segment else []

    def stop(self) -> None:
        """Nothing to cut short: a frame takes Vosk a few hundred milliseconds at most."""

    def close(self) -> None:
        """Give the recognizer back for the next stream (idempotent; the stream is unusable after)."""
        if self._recognizer is not None:
            recognizer, self._recognizer = self._recognizer, None
            self._engine.give_back(recognizer, heard=self._heard + self.seconds)


class VoskChunkDecoder:
    """One recognizer decoding a group of chunks in turn, with Vosk's x-vector next to each utterance.

    The recognizer stays warm across chunks (a fresh one rebuilds its decoding-graph caches, see
    voice.longform.group_count) and is reset between them. Vosk keeps counting time over everything
    it has heard, so the seconds fed before a chunk are taken off to place its words.
    """

    def __init__(self, engine: VoskEngine) -> None:
        self._recognizer = engine.new_recognizer()
        self._rate = engine.sample_rate
        self._fed = 0.0

    def decode(self, pieces: Iterable[bytes], *, offset: float) -> list[Pair]:
        recognizer, fed, size = self._recognizer, self._fed, 0
        raws = []
        for piece in pieces:
            size += len(piece)
            if recognizer.AcceptWaveform(piece):
                raws.append(recognizer.Result())
        raws.append(recognizer.FinalResult())
        recognizer.Reset()
        self._fed += size / BYTES_PER_FRAME / self._rate
        out: list[Pair] = []
        for raw in raws:
            segment = parse_result(raw, offset=offset - fed)
            if segment is None:
                continue
            spk = json.loads(raw).get("spk")
            out.append((segment, np.asarray(spk, dtype=np.float32) if spk else None))
        return out


class VoskEngine(BatchDecoding):
    """Vosk bound to one model folder. Shareable across threads: each call makes its own recognizer."""

    name = "vosk"
    warm_seconds = MIN_GROUP_SECONDS  # a fresh recognizer rebuilds its graph caches (group_count)
    chunk_margin = 0.0

    def __init__(
        self,
        model_path: str | Path,
        *,
        model_name: str | None = None,
        language: str = "",
        sample_rate: int = 16000,
        max_alternatives: int = 0,
        phrases: Sequence[str] = (),
        spk_model_path: str | Path | None = None,
    ) -> None:
        self.model = load_vosk_model(model_path)
        self.model_name = model_name or Path(model_path).name
        self.language = language
        self.sample_rate = sample_rate
        self.max_alternatives = max_alternatives
        self.phrases = tuple(phrases)
        self.spk_model = load_speaker_model(spk_model_path) if spk_model_path else None

    def new_recognizer(self):  # -> vosk.KaldiRecognizer
        vosk = _vosk()
        if self.phrases:
            # Grammar mode is a hint: out-of-grammar speech is forced onto these words, so "[unk]" stays.
            grammar = json.dumps([*self.phrases, "[unk]"], ensure_ascii=False)
            recognizer = vosk.KaldiRecognizer(self.model, self.sample_rate, grammar)
        else:
            recognizer = vosk.KaldiRecognizer(self.model, self.sample_rate)
        recognizer.SetWords(True)
        recognizer.SetPartialWords(True)
        if self.max_alternatives:
            recognizer.SetMaxAlternatives(self.max_alternatives)
        if self.spk_model is not None:
            recognizer.SetSpkModel(self.spk_model)
        return recognizer

    def _setup(self) -> tuple:
        """What makes two recognizers interchangeable."""
        spk = id(self.spk_model) if self.spk_model is not None else None
        return (id(self.model), self.sample_rate, self.phrases, self.max_alternatives, spk)

    def take_recognizer(self):  # -> (vosk.KaldiRecognizer, seconds it has heard)
        """A warm idle recognizer of this setup, reset, or a new one."""
        with _idle_lock:
            idle = _idle.get(self._setup())
            taken = idle.pop() if idle else None
        if taken is None:
            return self.new_recognizer(), 0.0
        # FinalResult, not Reset: only a finalized recognizer drops its feature pipeline, so the next
        # caller starts without this one's i-vector adaptation and stored features. It finalizes only a
        # running recognizer, so 10 ms of silence first (one that ended on an endpoint is not running).
        # Done here, in the new stream's worker thread, not where the recognizer was given back.
        recognizer, heard = taken
        flushes = 1
        if recognizer.AcceptWaveform(_FLUSH):
            # The flush itself reached an endpoint (the last call ended in a long pause): an endpointed
            # recognizer is not running either, and one that is only endpointed keeps its adaptation
            # into the next utterance. A second flush starts an utterance for FinalResult to finalize.
            recognizer.AcceptWaveform(_FLUSH)
            flushes = 2
        recognizer.FinalResult()
        return recognizer, heard + flushes * len(_FLUSH) / BYTES_PER_FRAME / self.sample_rate

    def give_back(self, recognizer, *, heard: float) -> None:
        """Keep a recognizer for the next stream (at most IDLE_RECOGNIZERS; the rest are freed)."""
        with _idle_lock:
            idle = _idle.setdefault(self._setup(), [])
            if len(idle) < IDLE_RECOGNIZERS:
                idle.append((recognizer, heard))

    def stream(
        self,
        *,
        sample_rate: int | None = None,
        offset: float = 0.0,
        channel: int | None = None,
        partial_words: bool = False,
    ) -> VoskStream:
        """A live stream on a warm recognizer when one is idle; `close()` it to give that back."""
        require_rate(sample_rate, expected=self.sample_rate, model_name=self.model_name)
        return VoskStream(self, offset=offset, channel=channel, partial_words=partial_words, warm=True)

    def batch_session(self, *, offset: float, channel: int | None) -> VoskStream:
        return VoskStream(self, offset=offset, channel=channel)

    def chunk_decoder(self) -> VoskChunkDecoder:
        return VoskChunkDecoder(self)
