"""Transcribe a recording file with the right engine: probe, pick model, decode per channel, stitch."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Literal

from voice import models as model_store
from voice.audio import AudioInfo, decode_pcm, probe
from voice.engines.base import Engine
from voice.engines.vosk import VoskEngine
from voice.engines.whisper import WhisperEngine, parallel_setting
from voice.errors import ModelError, TranscriptionCancelled
from voice.longform import default_workers
from voice.types import Transcript

Channels = Literal["mix", "split"]
PHONE_BAND_RATE = 8000


def load_engine(
    model: model_store.InstalledModel,
    *,
    models_dir: Path,
    language: str,
    phrases: Sequence[str] = (),
    max_alternatives: int = 0,
    parallel: int = 1,
    beam_size: int | None = None,
) -> Engine:
    """Build the engine for an installed model (the model itself is loaded once per process).

    `parallel`: how many decodes the caller runs at once (a talkshow's workers); Whisper then gets one
    model replica per decode (`parallel_setting`). Vosk makes a recognizer per decode anyway.
    `beam_size`: Whisper's beam (None: the engine's, 5); Vosk's search is set by its model."""
    path = model.absolute_path(models_dir)
    missing = model_store.missing_files(path, model.engine) if path.is_dir() else [str(path)]
    if missing:
        raise ModelError(
            f"model {model.name} is incomplete (missing {', '.join(missing)}); "
            f"run `suara models verify {model.name}` and reinstall it"
        )
    if model.engine == "vosk":
        conf_rate = model_store.vosk_sample_rate(path)
        if conf_rate != model.sample_rate:
            raise ModelError(
                f"model {model.name}: manifest says {model.sample_rate} Hz but conf/mfcc.conf says "
                f"{conf_rate} Hz; reinstall the model"
            )
        return VoskEngine(
            path,
            model_name=model.name,
            language=model.language,
            sample_rate=model.sample_rate,
            phrases=phrases,
            max_alternatives=max_alternatives,
        )
    if model.engine == "whisper":
        if phrases:
            raise ModelError("phrase hints need a Vosk model; Whisper takes no grammar")
        cpu_threads, num_workers = parallel_setting(parallel, cores=default_workers())
        engine = WhisperEngine(
            path,
            model_name=model.name,
            language=language,
            cpu_threads=cpu_threads,
            num_workers=num_workers,
            **({"beam_size": beam_size} if beam_size else {}),
        )
        if language not in engine.model.supported_languages:
            raise ModelError(
                f"no model installed for language {language!r} (Whisper {model.name} does not know it)"
            )
        return engine
    raise ModelError(f"model {model.name} ({model.engine}) cannot transcribe speech")


def _cancellable(chunks: Iterable[bytes], cancel: threading.Event | None) -> Iterator[bytes]:
    for chunk in chunks:
        if cancel is not None and cancel.is_set():
            raise TranscriptionCancelled("transcription cancelled")
        yield chunk


def transcribe_file(
    path: str | Path,
    *,
    language: str = "id",
    models_dir: Path = Path("models"),
    engine: str | None = None,
    model: str | None = None,
    channels: Channels = "mix",
    phrases: Sequence[str] = (),
    max_alternatives: int = 0,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
) -> Transcript:
    """Transcribe one recording offline.

    Args:
        path: any audio file ffmpeg reads (wav, mp3, m4a, ogg/opus, flac, webm, amr…).
        language: ISO code; a Vosk model for it wins over Whisper.
        engine, model: force an engine or a model by name.
        channels: "mix" to mono, or "split" to transcribe each channel and label segments with it.
        phrases: Vosk grammar hints (words or phrases likely to be said).
        progress: called with the fraction done, 0..1.
        cancel: set it to stop; TranscriptionCancelled is raised.

    Raises:
        AudioDecodeError, ModelError, TranscriptionCancelled.
    """
    info = probe(path)
    chosen = model_store.resolve_model(language=language, models_dir=models_dir, engine=engine, name=model)
    asr = load_engine(
        chosen, models_dir=models_dir, language=language, phrases=phrases, max_alternatives=max_alternatives
    )
    picks: list[int | None] = (
        list(range(info.channels)) if channels == "split" and info.channels > 1 else [None]
    )
    total = info.duration * len(picks)
    segments = []
    for index, channel in enumerate(picks):
        done_before = info.duration * index

        def report(seconds: float, base: float = done_before) -> None:
            if progress and total:
                progress(min(1.0, (base + seconds) / total))

        pcm = decode_pcm(path, sample_rate=asr.sample_rate, channel=channel, expect_seconds=info.duration)
        segments.extend(asr.transcribe_pcm(_cancellable(pcm, cancel), channel=channel, progress=report))
    segments.sort(key=lambda s: (s.start, s.channel or 0))
    return Transcript(
        segments=tuple(segments),
        engine=asr.name,
        model=asr.model_name,
        language=language,
        duration=round(info.duration, 3),
        metadata=_metadata(info, asr, channels),
    )


def _metadata(info: AudioInfo, asr: Engine, channels: Channels) -> dict:
    meta = {
        "source": {
            "codec": info.codec,
            "format": info.format_name,
            "sample_rate": info.sample_rate,
            "channels": info.channels,
        },
        "channels": channels,
        "model_sample_rate": asr.sample_rate,
        "warnings": [],
    }
    if 0 < info.sample_rate < asr.sample_rate:
        kind = "telephone-band " if info.sample_rate <= PHONE_BAND_RATE else ""
        meta["warnings"].append(
            f"{kind}audio at {info.sample_rate} Hz was upsampled to {asr.sample_rate} Hz; "
            "expect lower recognition accuracy"
        )
    return meta
