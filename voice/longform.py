"""Long recordings in parallel: VAD chunking at pauses, one recognizer per group of chunks, in order.

Two streaming passes over the file: the first finds speech (voice.vad) and plans chunks; the second
decodes again and hands each chunk's PCM to a pool of worker threads through a bounded queue. Vosk
decodes outside the GIL, so threads that share one loaded model scale with cores without loading the
model twice (bench/talkshow_bench.py compares them with processes). Chunks depend only on the audio,
never on the worker count, so 1 and N workers give the same words. Music and long silences are never
decoded; they come back as gaps.
"""

from __future__ import annotations

import hashlib
import os
import queue
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from voice.audio import decode_pcm, probe
from voice.engines.base import ChunkDecoder, Engine, Pair
from voice.errors import TranscriptionCancelled, VoiceError, WorkerFailed
from voice.heap import release_free_memory
from voice.types import Gap, Segment
from voice.vad import VAD_RATE, WINDOW, SpeechMap, VadParams, scan

BYTES_PER_FRAME = 2
FEED_FRAMES = 4000  # Vosk's reference chunk; also how often a worker looks at the cancel flag
SCAN_SHARE = 0.05  # of the progress bar spent on the VAD pass
POLL = 0.1  # seconds between checks of cancel and worker health


@dataclass(frozen=True, slots=True)
class Chunk:
    """A window of the recording decoded by one recognizer; [start, end) in seconds.

    `heard` is where the speech scan found the chunk's speech when the window was widened beyond it
    (plan_chunks' `widen`): the recognizer hears the margin, but its words are timed within `heard`.
    """

    index: int
    start: float
    end: float
    heard: tuple[float, float] | None = None

    @property
    def length(self) -> float:
        return self.end - self.start

    @property
    def speech(self) -> tuple[float, float]:
        """The span the chunk's words are timed within: the scan's edges, or the window's."""
        return self.heard or (self.start, self.end)

    def describe(self, total: int) -> str:
        return f"chunk {self.index + 1}/{total} ({self.start:.1f}-{self.end:.1f} s)"


@dataclass(frozen=True)
class LongResult:
    """Stitched output of a long recording: segments in time order with their speaker vectors."""

    segments: tuple[Segment, ...]
    xvectors: tuple[np.ndarray | None, ...]  # one per segment; None without a speaker model
    gaps: tuple[Gap, ...]
    chunks: tuple[Chunk, ...]
    speech: SpeechMap
    workers: int
    duration: float
    groups: int = 0  # recognizers used (one per group of chunks)

    def metadata(self) -> dict:
        return {
            "workers": self.workers,
            "chunks": len(self.chunks),
            "recognizer_groups": self.groups,
            "speech_seconds": round(sum(c.length for c in self.chunks), 3),
        }


ChunkHook = Callable[[Chunk, int], None]  # (chunk, attempt) before decoding; raising fails that attempt
Embedder = Callable[[bytes], np.ndarray | None]  # chunk PCM -> speaker vector, for engines without one


def deterministic_model_dir(path: str | Path, *, conf: str = "conf/mfcc.conf") -> Path:
    """A view of a Vosk model folder whose features are computed without dither.

    Kaldi adds random dither to every frame from one process-wide random generator, so with threads
    the words (and the speaker vectors) would depend on how workers interleave. With `--dither=0`
    decoding is repeatable. The view links every file of the model and only rewrites `conf` (the
    feature settings: conf/mfcc.conf in an ASR model, mfcc.conf in the speaker model), in a temporary
    folder, so the installed model and its checksums stay untouched. A model already without dither
    is used as is.
    """
    path = Path(path).resolve()
    text = (path / conf).read_text()
    if "--dither=0" in text.split():
        return path
    digest = hashlib.sha1(f"{path}|{text}".encode()).hexdigest()[:12]
    view = Path(tempfile.gettempdir()) / f"suara-vosk-{path.name}-{digest}"
    if (view / conf).is_file():
        return view
    staging = Path(tempfile.mkdtemp(prefix=f".{view.name}.", dir=view.parent))
    _link_all_but(path, staging, Path(conf).parts)
    (staging / conf).write_text(text.rstrip("\n") + "\n--dither=0\n")
    try:
        staging.rename(view)
    except OSError:  # another process made it first
        shutil.rmtree(staging, ignore_errors=True)
    return view


def _link_all_but(source: Path, target: Path, keep: tuple[str, ...]) -> None:
    """Symlink every item of `source` into `target`, except the path `keep` (made as real folders)."""
    for item in source.iterdir():
        if item.name != keep[0]:
            (target / item.name).symlink_to(item)
        elif len(keep) > 1:
            (target / item.name).mkdir()
            _link_all_but(item, target / item.name, keep[1:])


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


Span = tuple[float, float]
KeepApart = Callable[[Span, Span], bool]  # True when two neighbouring speech spans must not share a chunk


def plan_chunks(
    speech: SpeechMap,
    *,
    max_seconds: float = 30.0,
    cut_pause: float = 0.3,
    keep_apart: KeepApart | None = None,
    widen: float = 0.0,
) -> list[Chunk]:
    """Group speech regions into chunks: cut at every pause of `cut_pause` or more, never exceed
    `max_seconds`, and split a region longer than that at its quietest window (between words).

    A cut at each real pause keeps one speaker per chunk in conversation (turns change at pauses),
    while short in-sentence pauses stay inside a chunk so the recognizer keeps its context.
    `keep_apart` forces a cut between two regions however short the pause (talkshows: a change
    between phone and studio band is a change of speaker). `widen` gives each chunk that many more
    seconds at either edge, never past the middle of the pause to its neighbour; the words decoded
    there are still timed within the scan's edges (`Chunk.heard`).
    """
    pieces = [p for r in speech.regions for p in _split_long(r.start, r.end, speech, max_seconds)]
    chunks: list[Span] = []
    previous: Span | None = None
    for start, end in pieces:
        if chunks and previous is not None:
            last_start, last_end = chunks[-1]
            apart = keep_apart is not None and keep_apart(previous, (start, end))
            if start - last_end < cut_pause and end - last_start <= max_seconds and not apart:
                chunks[-1] = (last_start, end)
                previous = (start, end)
                continue
        chunks.append((start, end))
        previous = (start, end)
    if widen <= 0:
        return [Chunk(i, round(a, 3), round(b, 3)) for i, (a, b) in enumerate(chunks)]
    wide = _widened(chunks, widen, speech.duration)
    return [
        Chunk(i, round(a, 3), round(b, 3), heard=(round(start, 3), round(end, 3)))
        for i, ((a, b), (start, end)) in enumerate(zip(wide, chunks, strict=True))
    ]


def _widened(chunks: list[Span], widen: float, duration: float) -> list[Span]:
    """Each chunk `widen` seconds longer at either edge, never past the middle of the pause to its
    neighbour nor the ends of the recording (a chunk split inside a region does not grow there)."""
    out = []
    for i, (start, end) in enumerate(chunks):
        before = (chunks[i - 1][1] + start) / 2 if i else 0.0
        after = (end + chunks[i + 1][0]) / 2 if i + 1 < len(chunks) else duration
        out.append((max(before, start - widen), min(after, end + widen)))
    return out


def _split_long(
    start: float, end: float, speech: SpeechMap, max_seconds: float
) -> Iterator[tuple[float, float]]:
    step = WINDOW / VAD_RATE
    while end - start > max_seconds:
        lo, hi = int((start + max_seconds / 2) / step), int((start + max_seconds) / step)
        window = speech.rms[lo:hi]
        cut = (lo + int(np.argmin(window)) + 0.5) * step if len(window) else start + max_seconds
        yield start, cut
        start = cut
    yield start, end


def _slice(pcm: Iterable[bytes], chunks: list[Chunk], rate: int) -> Iterator[tuple[Chunk, bytes]]:
    """Cut a PCM stream into the planned chunks, holding at most one chunk of audio at a time."""
    pending = iter(chunks)
    current = next(pending, None)
    buf = bytearray()
    buf_start = 0  # sample index of buf[0]
    for data in pcm:
        buf += data
        while current is not None:
            a, b = round(current.start * rate), round(current.end * rate)
            if a > buf_start:  # drop audio before the chunk (a gap nobody decodes)
                drop = min(len(buf), (a - buf_start) * BYTES_PER_FRAME)
                del buf[:drop]
                buf_start += drop // BYTES_PER_FRAME
            if buf_start + len(buf) // BYTES_PER_FRAME < b:
                break
            cut = (b - buf_start) * BYTES_PER_FRAME
            yield current, bytes(buf[:cut])
            current = next(pending, None)
        if current is None:
            return
    while current is not None:  # the stream ended early (rounding at the very end)
        a, b = round(current.start * rate), round(current.end * rate)
        lo = max(0, (a - buf_start) * BYTES_PER_FRAME)
        yield current, bytes(buf[lo : max(lo, (b - buf_start) * BYTES_PER_FRAME)])
        current = next(pending, None)


def _pieces(pcm: bytes, stop: threading.Event) -> Iterator[bytes]:
    step = FEED_FRAMES * BYTES_PER_FRAME
    for i in range(0, len(pcm), step):
        if stop.is_set():
            raise TranscriptionCancelled("transcription cancelled")
        yield pcm[i : i + step]


MIN_GROUP_SECONDS = 180.0  # a Vosk recognizer is warm after about three minutes of speech
GROUP_MULTIPLE = 4  # group counts divide evenly among 1, 2 or 4 workers


def group_count(chunks: list[Chunk], *, min_group_seconds: float = MIN_GROUP_SECONDS) -> int:
    """How many recognizers decode the chunks: groups of at least `min_group_seconds` of speech, as
    many as fit in a multiple of four (so that 2 or 4 workers finish together); two on a shorter show.

    A fresh Vosk recognizer rebuilds its decoding-graph caches: its first chunk costs about four
    times the CPU of a warm one and it stays slower for minutes (on the 16-minute benchmark show,
    13 groups of 56 s cost 114 CPU-s, 4 groups of 180 s or one recognizer for everything 88 CPU-s).
    So groups are never shorter than that when the speech allows: rounding the count *up* to a
    multiple of four, as before, made a show with 743 s of speech decode in 8 groups of 93 s and
    cost 13% more CPU than 4 groups of 186 s. The count depends on the audio only, never on the
    worker count, so the words do not either.
    """
    if min_group_seconds <= 0:  # independent chunks: each its own group, taken by whichever worker is free
        return len(chunks)
    speech = sum(c.length for c in chunks)
    fit = int(speech // min_group_seconds)
    count = fit // GROUP_MULTIPLE * GROUP_MULTIPLE if fit >= GROUP_MULTIPLE else 2
    return max(1, min(len(chunks), count))


def group_chunks(chunks: list[Chunk], *, count: int) -> list[list[Chunk]]:
    """Split the chunks, in order, into `count` groups of nearly equal speech, one recognizer each.

    A recognizer decodes its group's chunks in turn and its features carry state from chunk to
    chunk, so the groups (not the workers) fix what each chunk is decoded after: the words never
    depend on the number of workers. (Reusing one recognizer per worker instead made 1 and 2 workers
    disagree on words.) A chunk goes to the group its midpoint falls in.
    """
    if count >= len(chunks):  # one chunk each (by midpoint, two short chunks could share a group)
        return [[c] for c in chunks]
    speech = sum(c.length for c in chunks)
    share = speech / max(1, count) or 1.0
    groups: dict[int, list[Chunk]] = {}
    before = 0.0
    for chunk in chunks:
        index = min(count - 1, int((before + chunk.length / 2) / share))
        groups.setdefault(index, []).append(chunk)
        before += chunk.length
    return [groups[i] for i in sorted(groups)]


class _Run:
    """One parallel decode: a producer thread slicing PCM into groups on a bounded queue, N workers."""

    def __init__(
        self,
        asr: Engine,
        groups: list[list[Chunk]],
        workers: int,
        hook: ChunkHook | None,
        embedder: Embedder | None,
    ) -> None:
        self.asr, self.groups, self.workers, self.hook, self.embedder = asr, groups, workers, hook, embedder
        self.queue: queue.Queue = queue.Queue(maxsize=workers)
        self.stop = threading.Event()
        self.results: dict[int, list[Pair]] = {}
        self.failures: list[tuple[Chunk, BaseException]] = []
        self.producer_error: BaseException | None = None
        self.lock = threading.Lock()
        self.done_seconds = 0.0  # chunks committed
        self.in_flight: dict[int, float] = {}  # group's first chunk index -> seconds decoded this attempt

    @property
    def progress_seconds(self) -> float:
        with self.lock:
            return self.done_seconds + sum(self.in_flight.values())

    def _put(self, item: object) -> bool:
        while not self.stop.is_set():
            try:
                self.queue.put(item, timeout=POLL)
                return True
            except queue.Full:
                continue
        return False

    def produce(self, pcm: Iterable[bytes]) -> None:
        try:
            sliced = _slice(pcm, [c for g in self.groups for c in g], self.asr.sample_rate)
            for group in self.groups:
                items = [next(sliced) for _ in group]  # at most one group of audio held here
                if not self._put(items):
                    return
        except BaseException as exc:  # decoding errors surface in the caller's thread
            self.producer_error = exc
            self.stop.set()
        finally:
            if isinstance(pcm, Iterator) and hasattr(pcm, "close"):
                pcm.close()  # kills ffmpeg when we stop early
            for _ in range(self.workers):
                if not self._put(None):
                    break

    def work(self) -> None:
        while not self.stop.is_set():
            try:
                items = self.queue.get(timeout=POLL)
            except queue.Empty:
                continue
            if items is None or not self._attempt(items):
                return
            del items  # the group's PCM; its recognizer went with _attempt's frame
            release_free_memory()  # so the next group's recognizer does not add to this one's pages

    def _attempt(self, items: list[tuple[Chunk, bytes]]) -> bool:
        """Decode a group, retrying it once from its start: a transient failure should not lose the job."""
        for attempt in (1, 2):
            key, chunk = items[0][0].index, items[0][0]
            try:
                results = []
                decoder = self.asr.chunk_decoder()  # one recognizer for the group, warm across chunks
                for chunk, pcm in items:
                    if self.hook:
                        self.hook(chunk, attempt)
                    results.append((chunk, self._decode(decoder, chunk, pcm)))
                    with self.lock:
                        self.in_flight[key] = self.in_flight.get(key, 0.0) + chunk.length
                with self.lock:
                    self.in_flight.pop(key, None)
                    for done, pairs in results:
                        self.results[done.index] = pairs
                        self.done_seconds += done.length
                return True
            except TranscriptionCancelled:
                return False
            except BaseException as exc:
                with self.lock:
                    self.in_flight.pop(key, None)
                if attempt == 2:
                    with self.lock:
                        self.failures.append((chunk, exc))
                    self.stop.set()
        return False

    def _decode(self, decoder: ChunkDecoder, chunk: Chunk, pcm: bytes) -> list[Pair]:
        pairs = decoder.decode(_pieces(pcm, self.stop), offset=chunk.start)
        if chunk.heard is not None:
            pairs = [(_timed_within(seg, *chunk.heard), v) for seg, v in pairs]
        if self.embedder is not None and pairs and any(v is None for _, v in pairs):
            vector = self.embedder(pcm)  # chunks are cut at pauses: one voice each, mostly
            pairs = [(seg, vector if v is None else v) for seg, v in pairs]
        release_free_memory()  # the utterance's tokens and lattices, the embedder's buffers
        return pairs


def _timed_within(segment: Segment, start: float, end: float) -> Segment:
    """The segment with every time moved into [start, end]: a widened chunk's margin lets the recognizer
    hear word edges the scan trimmed, but Whisper times a window's first word from the window's start,
    and the scan places speech more exactly than that (the margin's 0.1 s at each edge moved diarization
    error on held-out show 111 from 0.6% to 4.9%)."""

    def inside(t: float) -> float:
        return min(max(t, start), end)

    words = tuple(replace(w, start=inside(w.start), end=inside(w.end)) for w in segment.words)
    return replace(segment, start=inside(segment.start), end=inside(segment.end), words=words)


def scan_speech(
    path: str | Path,
    *,
    channel: int | None = None,
    vad: VadParams | None = None,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
) -> SpeechMap:
    """The first pass of transcribe_long on its own: where the speech, music and silences are.

    Progress runs from 0 to SCAN_SHARE, the part of the bar this pass takes in transcribe_long.
    """
    total = max(probe(path).duration, 1e-6)
    return scan(
        decode_pcm(path, sample_rate=VAD_RATE, channel=channel, chunk_frames=32 * WINDOW),
        params=vad,
        progress=(lambda s: progress(min(SCAN_SHARE, SCAN_SHARE * s / total))) if progress else None,
        cancel=cancel,
    )


def transcribe_long(
    path: str | Path,
    *,
    asr: Engine,
    workers: int | None = None,
    channel: int | None = None,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
    vad: VadParams | None = None,
    max_chunk: float = 30.0,
    on_chunk: ChunkHook | None = None,
    embedder: Embedder | None = None,
    keep_apart: KeepApart | None = None,
    groups: int | None = None,
    speech: SpeechMap | None = None,
) -> LongResult:
    """Transcribe a long recording on several cores, skipping music and silence.

    Args:
        path: any audio file ffmpeg reads.
        asr: a loaded engine (voice.load_engine); Vosk with a speaker model also yields x-vectors.
        workers: parallel decoders; default one per core.
        channel: decode one source channel instead of the mix.
        progress: called with the fraction done, 0..1, from worker threads.
        cancel: set it to stop; every worker stops within about a quarter second of audio.
        vad: speech detection thresholds.
        max_chunk: longest chunk in seconds (memory per worker is bounded by it).
        on_chunk: called before each decoding attempt (instrumentation and fault injection).
        embedder: speaker vector per chunk when the engine gives none (voice.speakers.VoskEmbedder).
        keep_apart: never put two neighbouring speech regions for which it is True in one chunk.
        groups: how many recognizers share the speech (see group_chunks); by default group_count,
            which depends on the audio only, never on `workers`.
        speech: the file's speech map when the caller already scanned it (scan_speech), e.g. while
            the model was loading.

    Raises:
        AudioDecodeError, TranscriptionCancelled, WorkerFailed (naming the chunk that failed twice).
    """
    workers = workers or default_workers()
    info = probe(path)

    def report(fraction: float) -> None:
        if progress:
            progress(min(1.0, max(0.0, fraction)))

    if speech is None:
        speech = scan_speech(path, channel=channel, vad=vad, progress=progress, cancel=cancel)
    chunks = plan_chunks(speech, max_seconds=max_chunk, keep_apart=keep_apart, widen=asr.chunk_margin)
    count = groups if groups is not None else group_count(chunks, min_group_seconds=asr.warm_seconds)
    run = _Run(asr, group_chunks(chunks, count=count), workers, on_chunk, embedder)
    planned = max(sum(c.length for c in chunks), 1e-6)
    pcm = decode_pcm(path, sample_rate=asr.sample_rate, channel=channel, chunk_frames=FEED_FRAMES)
    threads = [threading.Thread(target=run.produce, args=(pcm,), name="longform-producer", daemon=True)]
    threads += [threading.Thread(target=run.work, name=f"longform-{i}", daemon=True) for i in range(workers)]
    cancelled = False
    with single_threaded_blas():
        for thread in threads:
            thread.start()
        while alive := [t for t in threads if t.is_alive()]:
            alive[0].join(POLL)
            if cancel is not None and cancel.is_set() and not cancelled:
                cancelled = True
                run.stop.set()
            report(SCAN_SHARE + (1 - SCAN_SHARE) * run.progress_seconds / planned)
    return _finish(run, speech, chunks, workers, cancelled, info.duration)


def single_threaded_blas() -> threadpool_limits:
    """numpy's BLAS on one thread while the workers decode: they are the parallelism.

    numpy's OpenBLAS starts a thread per core, and after each matrix product (the d-vector
    embedder's mel filterbank, a Whisper window's features) its spare thread spins waiting for more
    work. On two cores that spinning took 11 CPU-s of the 15-minute benchmark show's decode from the
    two Vosk workers (decode 88 -> 82 s wall, the same words; README, session 20). The limit is
    process-wide while it lasts (OpenBLAS has no per-thread setting) and is undone on exit.
    """
    return threadpool_limits(limits=1, user_api="blas")


def _finish(
    run: _Run, speech: SpeechMap, chunks: list[Chunk], workers: int, cancelled: bool, duration: float
) -> LongResult:
    if run.failures:
        chunk, exc = min(run.failures, key=lambda f: f[0].index)
        detail = str(exc) or type(exc).__name__
        raise WorkerFailed(f"{chunk.describe(len(chunks))} failed twice: {detail}") from exc
    if run.producer_error is not None:
        if isinstance(run.producer_error, VoiceError):
            raise run.producer_error
        raise WorkerFailed(f"reading audio for decoding failed: {run.producer_error}") from run.producer_error
    if cancelled:
        raise TranscriptionCancelled("transcription cancelled")
    missing = [c for c in chunks if c.index not in run.results]
    if missing:  # never hand back a silently shortened transcript
        raise WorkerFailed(f"{missing[0].describe(len(chunks))} was never decoded")
    pairs = [pair for c in chunks for pair in run.results[c.index]]
    return LongResult(
        segments=tuple(s for s, _ in pairs),
        xvectors=tuple(v for _, v in pairs),
        gaps=speech.gaps,
        chunks=tuple(chunks),
        speech=speech,
        workers=workers,
        duration=round(duration, 3),
        groups=len(run.groups),
    )
