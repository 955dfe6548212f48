"""Radio talkshows: who speaks when. Host in the studio at full band, callers through the phone line.

Three signals are combined: the bandwidth of each utterance measured on the original recording (the
phone network carries almost nothing above ~3.4 kHz, a studio microphone does), Vosk x-vectors per
utterance clustered into speakers, and the show's structure (consecutive phone utterances belong to
one call). Without a speaker model the band and the pauses alone decide, and the metadata says so.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from voice import speakers
from voice.audio import decode_pcm, pcm_to_float, probe
from voice.engines.base import Engine
from voice.engines.vosk import VoskEngine
from voice.errors import ModelError, TranscriptionCancelled
from voice.longform import LongResult, deterministic_model_dir, scan_speech, transcribe_long
from voice.models import InstalledModel, list_models, resolve_model, speaker_model_path
from voice.transcribe import load_engine
from voice.types import Gap, Segment, Transcript

FRAME_SECONDS = 0.1
SPEECH_BAND = (300.0, 3400.0)
HIGH_BAND = (3600.0, 7600.0)
# Studio speech keeps sibilants and breath above 3.6 kHz (typically -10 to -25 dB under the speech
# band); the phone line leaves only noise there (below about -40 dB).
PHONE_BELOW_DB = -33.0
MAX_ANALYSIS_RATE = 48000
MIN_NYQUIST = 5000.0  # a file sampled at 8 kHz cannot show studio bandwidth: it is phone audio
MIN_VECTOR_SECONDS = 1.0  # shorter utterances give x-vectors too noisy to trust alone
NEW_CALL_AFTER_STUDIO = 20.0  # seconds of studio talk after which the next phone voice is a new call


@dataclass(frozen=True)
class BandProfile:
    """Per-frame energy in the telephone speech band and above it, at the file's own rate."""

    rate: int
    low: np.ndarray
    high: np.ndarray
    measurable: bool  # False when the file itself is too narrow (8 kHz) to tell

    def ratio_db(self, start: float, end: float) -> float | None:
        """High-band over speech-band energy of the louder frames of [start, end)."""
        a, b = (
            int(start / FRAME_SECONDS),
            max(int(start / FRAME_SECONDS) + 1, int(np.ceil(end / FRAME_SECONDS))),
        )
        low, high = self.low[a:b], self.high[a:b]
        if not len(low) or float(low.max()) <= 0:
            return None
        voiced = low >= 0.1 * float(low.max())
        return float(10 * np.log10((high[voiced].sum() + 1e-12) / (low[voiced].sum() + 1e-12)))

    def band(self, start: float, end: float) -> str:
        if not self.measurable:
            return "phone"
        ratio = self.ratio_db(start, end)
        return "phone" if ratio is not None and ratio < PHONE_BELOW_DB else "studio"


def measure_band(
    path: str | Path, *, channel: int | None = None, cancel: threading.Event | None = None
) -> BandProfile:
    """Stream the file at its own sample rate (before any resampling) and keep two numbers per 0.1 s."""
    info = probe(path)
    rate = min(info.sample_rate or 16000, MAX_ANALYSIS_RATE)
    frame = int(rate * FRAME_SECONDS)
    freqs = np.fft.rfftfreq(frame, 1.0 / rate)
    low_bins = (freqs >= SPEECH_BAND[0]) & (freqs <= SPEECH_BAND[1])
    high_bins = (freqs >= HIGH_BAND[0]) & (freqs <= min(HIGH_BAND[1], 0.95 * rate / 2))
    window = np.hanning(frame)
    lows: list[np.ndarray] = []
    highs: list[np.ndarray] = []
    for pcm in decode_pcm(path, sample_rate=rate, channel=channel, chunk_frames=frame * 50):
        if cancel is not None and cancel.is_set():
            raise TranscriptionCancelled("transcription cancelled")
        samples = pcm_to_float(pcm)
        whole = len(samples) // frame * frame
        if not whole:
            continue
        power = np.abs(np.fft.rfft(samples[:whole].reshape(-1, frame) * window, axis=1)) ** 2
        lows.append(power[:, low_bins].sum(axis=1).astype(np.float32))
        highs.append(power[:, high_bins].sum(axis=1).astype(np.float32))
    empty = np.zeros(0, dtype=np.float32)
    return BandProfile(
        rate=rate,
        low=np.concatenate(lows) if lows else empty,
        high=np.concatenate(highs) if highs else empty,
        measurable=bool(high_bins.any()) and rate / 2 >= MIN_NYQUIST,
    )


def _calls(segments: list[Segment], gaps: tuple[Gap, ...]) -> list[list[int]]:
    """Runs of consecutive phone segments (indices): a studio utterance or a music gap ends a run."""
    runs: list[list[int]] = []
    previous_phone = False
    for i, seg in enumerate(segments):
        if seg.band != "phone":
            previous_phone = False
            continue
        music_between = runs and any(
            g.kind == "music" and g.start >= segments[runs[-1][-1]].end and g.end <= seg.start for g in gaps
        )
        if previous_phone and not music_between:
            runs[-1].append(i)
        else:
            runs.append([i])
        previous_phone = True
    return runs


def _caller_ids_by_vectors(
    runs: list[list[int]], segments: list[Segment], vectors: list, threshold: float
) -> list[int]:
    means = [
        speakers.mean_vector([vectors[i] for i in run], [segments[i].end - segments[i].start for i in run])
        for run in runs
    ]
    known = [i for i, m in enumerate(means) if m is not None]
    ids = speakers.cluster([means[i] for i in known], threshold=threshold)
    by_run = dict(zip(known, ids, strict=True))
    out: list[int] = []
    for i in range(len(runs)):  # a run without a vector continues the previous caller
        out.append(by_run.get(i, out[-1] if out else 0))
    order: dict[int, int] = {}
    return [order.setdefault(c, len(order)) for c in out]


def _caller_ids_by_structure(
    runs: list[list[int]], segments: list[Segment], gaps: tuple[Gap, ...]
) -> list[int]:
    """Without vectors: a new caller after music or after a long stretch of studio talk."""
    ids: list[int] = []
    for n, run in enumerate(runs):
        if not ids:
            ids.append(0)
            continue
        prev_end, start = segments[runs[n - 1][-1]].end, segments[run[0]].start
        studio = sum(
            s.end - s.start for s in segments if s.band == "studio" and s.start >= prev_end and s.end <= start
        )
        music = any(g.kind == "music" and g.start >= prev_end and g.end <= start for g in gaps)
        ids.append(ids[-1] + 1 if music or studio >= NEW_CALL_AFTER_STUDIO else ids[-1])
    return ids


def _studio_labels(segments: list[Segment], vectors: list, threshold: float) -> dict[int, str]:
    """Studio voices: the one with most speech is the host, any other is a guest."""
    studio = [i for i, s in enumerate(segments) if s.band == "studio"]
    if not any(vectors[i] is not None for i in studio):
        return dict.fromkeys(studio, "host")
    solid = [
        i
        for i in studio
        if vectors[i] is not None and segments[i].end - segments[i].start >= MIN_VECTOR_SECONDS
    ]
    ids = speakers.cluster([vectors[i] for i in solid], threshold=threshold)
    talk: dict[int, float] = {}
    for i, c in zip(solid, ids, strict=True):
        talk[c] = talk.get(c, 0.0) + segments[i].end - segments[i].start
    ranked = sorted(talk, key=lambda c: -talk[c])
    names = {c: ("host" if n == 0 else f"guest-{n}") for n, c in enumerate(ranked)}
    centroids = {
        c: speakers.mean_vector(
            [vectors[i] for i, k in zip(solid, ids, strict=True) if k == c], [1.0] * ids.count(c)
        )
        for c in talk
    }
    labels = {i: names[c] for i, c in zip(solid, ids, strict=True)}
    for i in studio:
        if i not in labels:
            if vectors[i] is None or not centroids:
                labels[i] = "host"
            else:
                nearest = min(centroids, key=lambda c: speakers.cosine_distance(vectors[i], centroids[c]))
                labels[i] = names[nearest]
    return labels


def label_speakers(
    segments: list[Segment],
    vectors: list,
    gaps: tuple[Gap, ...],
    profile: BandProfile,
    *,
    threshold: float = speakers.SAME_SPEAKER_DISTANCE,
) -> tuple[list[Segment], str]:
    """Band and speaker label per segment, and how speakers were told apart.

    `threshold` is the cosine distance under which two calls are one caller (studio utterances use
    speakers.SAME_STUDIO_VOICE_DISTANCE).
    """
    banded = [replace(s, band=profile.band(s.start, s.end)) for s in segments]
    have_vectors = any(v is not None for v in vectors)
    runs = _calls(banded, gaps)
    if have_vectors:
        caller_ids = _caller_ids_by_vectors(runs, banded, vectors, threshold)
        method = "x-vectors clustered per call, phone/studio band"
    else:
        caller_ids = _caller_ids_by_structure(runs, banded, gaps)
        method = "phone/studio band and pauses only (no speaker model)"
    labels = _studio_labels(banded, vectors, speakers.SAME_STUDIO_VOICE_DISTANCE)
    for run, caller in zip(runs, caller_ids, strict=True):
        for i in run:
            labels[i] = f"caller-{caller + 1}"
    return [replace(s, speaker=labels[i]) for i, s in enumerate(banded)], method


def _load_engines(
    chosen: InstalledModel, *, models_dir: Path, language: str
) -> tuple[Engine, speakers.VoskEmbedder | None, Path | None]:
    """The ASR engine, the speaker embedder Whisper needs (Vosk gives vectors itself), the speaker model."""
    spk_path = speaker_model_path(models_dir)
    spk_view = deterministic_model_dir(spk_path, conf="mfcc.conf") if spk_path else None
    if chosen.engine == "vosk":
        asr = VoskEngine(
            deterministic_model_dir(chosen.absolute_path(models_dir)),
            model_name=chosen.name,
            language=chosen.language,
            sample_rate=chosen.sample_rate,
            spk_model_path=spk_view,
        )
        return asr, None, spk_path
    asr = load_engine(chosen, models_dir=models_dir, language=language)
    front_end = next((m for m in list_models(models_dir=models_dir) if m.engine == "vosk"), None)
    if spk_view and front_end:
        front_view = deterministic_model_dir(front_end.absolute_path(models_dir))
        return asr, speakers.VoskEmbedder(front_view, spk_view), spk_path
    return asr, None, None


@dataclass(frozen=True)
class TalkshowDecode:
    """Everything decoded from a show before speakers are named: words, vectors, bands, gaps."""

    result: LongResult
    profile: BandProfile
    engine: str
    model: str
    speaker_model: str | None
    embedded: bool  # speaker vectors from the Vosk front-end (Whisper), not from the recognizer
    source: dict


def decode_talkshow(
    path: str | Path,
    *,
    language: str,
    models_dir: Path,
    workers: int | None = None,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
    engine: str | None = None,
) -> TalkshowDecode:
    """The expensive half of transcribe_talkshow (same arguments): band, speech scan and decoding."""
    info = probe(path)
    chosen = resolve_model(language=language, models_dir=models_dir, engine=engine)
    if progress:
        progress(0.0)
    # Before decoding can start, the model loads and the band is measured while the speech scan runs:
    # all three are mostly native code. On cancel or error nothing is waited for, so cancelling stays
    # prompt (the band scan stops at the same flag; a model still loading is dropped when done).
    helpers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="talkshow-prepare")
    try:
        loading = helpers.submit(_load_engines, chosen, models_dir=models_dir, language=language)
        banding = helpers.submit(measure_band, path, cancel=cancel)
        speech = scan_speech(path, progress=progress, cancel=cancel)
        profile = banding.result()
        if not len(profile.low):
            raise ModelError(f"{path}: no audio frames to analyse")
        asr, embedder, spk_path = loading.result()
    finally:
        helpers.shutdown(wait=False)
    result = transcribe_long(
        path,
        asr=asr,
        workers=workers,
        progress=progress,
        cancel=cancel,
        embedder=embedder,
        keep_apart=lambda a, b: profile.band(*a) != profile.band(*b),  # host and caller never share a chunk
        speech=speech,
    )
    return TalkshowDecode(
        result=result,
        profile=profile,
        engine=asr.name,
        model=asr.model_name,
        speaker_model=spk_path.name if spk_path else None,
        embedded=embedder is not None,
        source={
            "codec": info.codec,
            "sample_rate": info.sample_rate,
            "channels": info.channels,
            "duration": info.duration,
        },
    )


def transcribe_talkshow(
    path: str | Path,
    *,
    language: str,
    models_dir: Path,
    workers: int | None = None,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
    engine: str | None = None,
) -> Transcript:
    """Transcribe a radio talkshow with speaker turns (host, caller-1, …), bands and non-speech gaps.

    Args:
        path: the recording, any format ffmpeg reads, at its original rate.
        language: ISO code of the speech; a Vosk model for it wins.
        models_dir: the installed models (speaker model used when installed).
        workers: parallel decoders; default one per core.
        progress: fraction done, 0..1.
        cancel: set it to stop within about a second (TranscriptionCancelled).
        engine: force "vosk" or "whisper".

    Raises:
        AudioDecodeError, ModelError, TranscriptionCancelled, WorkerFailed.
    """
    decoded = decode_talkshow(
        path,
        language=language,
        models_dir=models_dir,
        workers=workers,
        progress=progress,
        cancel=cancel,
        engine=engine,
    )
    result, profile = decoded.result, decoded.profile
    segments, method = label_speakers(list(result.segments), list(result.xvectors), result.gaps, profile)
    source = dict(decoded.source)
    duration = source.pop("duration")
    metadata = {
        **result.metadata(),
        "speaker_model": decoded.speaker_model,
        "diarization": f"{method} (vectors per chunk, Vosk front-end)" if decoded.embedded else method,
        "band_analysis_rate": profile.rate,
        "band_measurable": profile.measurable,
        "source": source,
    }
    return Transcript(
        segments=tuple(segments),
        engine=decoded.engine,
        model=decoded.model,
        language=language,
        duration=round(duration, 3),
        gaps=result.gaps,
        metadata=metadata,
    )
