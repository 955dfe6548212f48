"""Whisper path speed with 2 workers, two ways of running it side by side on one show.

    .venv/bin/python bench/talkshow_build.py --language id --minutes 3 --seed 205 --mp3 64 \\
        --out bench/out/tune-id-205.wav
    PYTHONPATH=$PWD nice -n 10 .venv/bin/python bench/talkshow_rtf.py bench/out/tune-id-205.mp3 \\
        [--compare groups|replicas|skipped|blas|beam [--beam N]]

`--compare groups` (the default): how the chunks reach the two workers. "halves" is the path until
session 10: the chunks split, in order, into two groups of equal speech, one per worker (the Vosk
grouping, kept for Whisper although its chunks are independent); "per chunk" (now) makes every chunk
its own group, so a worker that is free takes the next one. Equal speech is not equal work for
Whisper: every chunk costs a 30 s encoder pass whatever its length, so one worker idled while the
other finished its half.

`--compare skipped`: speech a window's decode passed over left out (the path until session 15) against
decoded again (now); the words may differ here, where speech was skipped.

`--compare replicas`: faster-whisper's WhisperModel decodes one call at a time per replica
(`num_workers`, default 1). "one replica" queues the two workers on one replica using all cores
through CTranslate2's threads (`cpu_threads=0`, the path until session 9); "two replicas" gives each
worker its own replica on one thread (`voice.engines.whisper.parallel_setting`, adopted in session 9
at 0.160 against 0.222 on a quiet machine).

`--compare blas`: numpy's BLAS on one thread while the workers decode (now, `voice.longform.
single_threaded_blas`, session 20) against numpy's default (a thread per core, whose spare thread spins
after every matrix product: the feature extraction of each window); the words must not change.

`--compare beam`: every Whisper decode of the path (chunks, loop retries, skipped speech) at beam 5 (the
engine's for files, the talkshow path's until session 18) against another beam (`--beam`; the path's
`voice.talkshow.WHISPER_BEAM`, 3, by default); the words differ, so judge them with
bench/talkshow_wer.py `--beam`.

Each round decodes the show the whole talkshow way (voice.talkshow.decode_talkshow, 2 workers: speech
scan, band, chunks, Whisper, speaker vectors) both ways, in the order A B B A so that a load change on
the shared machine hits both; the load average is printed beside every figure, and the process's CPU
seconds. Models are loaded before the first timing. The words of every run are compared: neither
comparison may change them. Judge real-time factors on a quiet machine only: on a loaded one the
idle core that "per chunk" puts to work is not idle anyway.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import voice.longform  # noqa: E402
import voice.talkshow  # noqa: E402
from voice.engines.whisper import WhisperEngine, load_whisper_model  # noqa: E402
from voice.models import resolve_model  # noqa: E402

MODELS = REPO / "models"
REPLICAS = {"one replica, cpu_threads=0": (1, 0), "two replicas, cpu_threads=1": (2, 1)}


@contextlib.contextmanager
def replicas(num_workers: int, cpu_threads: int) -> Iterator[None]:
    """The talkshow path with this Whisper setting instead of parallel_setting's."""

    def engine(
        chosen, *, models_dir: Path, language: str, parallel: int = 1, beam_size: int = 5
    ) -> WhisperEngine:
        path = chosen.absolute_path(models_dir)
        return WhisperEngine(
            path,
            model_name=chosen.name,
            language=language,
            cpu_threads=cpu_threads,
            num_workers=num_workers,
            beam_size=beam_size,
        )

    original = voice.talkshow.load_engine
    voice.talkshow.load_engine = engine
    try:
        yield
    finally:
        voice.talkshow.load_engine = original


@contextlib.contextmanager
def grouping(warm_seconds: float) -> Iterator[None]:
    """Whisper chunks grouped as if a decoder needed `warm_seconds` of speech (180: Vosk's halves)."""
    original = WhisperEngine.warm_seconds
    WhisperEngine.warm_seconds = warm_seconds
    try:
        yield
    finally:
        WhisperEngine.warm_seconds = original


@contextlib.contextmanager
def skipped_speech_left() -> Iterator[None]:
    """The path before session 15: speech a window's decode passed over is not decoded again."""
    original = WhisperEngine._with_skipped_speech
    WhisperEngine._with_skipped_speech = lambda self, audio, segments, **_: segments
    try:
        yield
    finally:
        WhisperEngine._with_skipped_speech = original


@contextlib.contextmanager
def beam(size: int) -> Iterator[None]:
    """Every Whisper decode of the talkshow path at this beam size (the engine's: 5)."""
    original = WhisperEngine._decode

    def decode(self, audio, **kwargs):
        return original(self, audio, **{"beam_size": size, **kwargs})

    WhisperEngine._decode = decode
    try:
        yield
    finally:
        WhisperEngine._decode = original


@contextlib.contextmanager
def blas_as_numpy_sets_it() -> Iterator[None]:
    """The path before session 20: numpy's BLAS keeps its own thread count while the workers decode."""
    original = voice.longform.single_threaded_blas
    voice.longform.single_threaded_blas = contextlib.nullcontext
    try:
        yield
    finally:
        voice.longform.single_threaded_blas = original


WAYS: dict[str, dict[str, Callable[[], contextlib.AbstractContextManager]]] = {
    "groups": {"halves": lambda: grouping(180.0), "per chunk": contextlib.nullcontext},
    "skipped": {"skipped speech left": skipped_speech_left, "decoded again": contextlib.nullcontext},
    "blas": {"numpy's BLAS threads": blas_as_numpy_sets_it, "BLAS on one thread": contextlib.nullcontext},
    "replicas": {name: (lambda s=setting: replicas(*s)) for name, setting in REPLICAS.items()},
}


def decode(show: Path, language: str) -> tuple[float, float, list, int]:
    """Wall and CPU seconds of one talkshow decode, its timed words and its recognizer groups."""
    start, cpu = time.perf_counter(), sum(os.times()[:2])
    decoded = voice.talkshow.decode_talkshow(
        show, language=language, models_dir=MODELS, workers=2, engine="whisper"
    )
    wall, cpu = time.perf_counter() - start, sum(os.times()[:2]) - cpu
    said = [(w.text, w.start, w.end) for s in decoded.result.segments for w in s.words]
    return wall, cpu, said, decoded.result.groups


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("show", type=Path)
    parser.add_argument("--compare", choices=sorted([*WAYS, "beam"]), default="groups")
    parser.add_argument(
        "--beam",
        type=int,
        default=voice.talkshow.WHISPER_BEAM,
        help="the beam `--compare beam` sets against 5",
    )
    parser.add_argument("--rounds", type=int, default=2, help="each round runs A B B A")
    args = parser.parse_args()
    truth = json.loads(args.show.with_suffix(".truth.json").read_text())
    language, duration = truth.get("language", "id"), truth["duration"]
    model = resolve_model(language=language, models_dir=MODELS, engine="whisper").absolute_path(MODELS)
    settings = REPLICAS.values() if args.compare == "replicas" else [(2, 1)]  # (2, 1): parallel_setting's
    for num_workers, cpu_threads in settings:
        load_whisper_model(model, cpu_threads=cpu_threads, num_workers=num_workers)
    if args.compare == "beam":
        ways = {"beam 5": lambda: beam(5), f"beam {args.beam}": lambda: beam(args.beam)}
    else:
        ways = WAYS[args.compare]
    walls: dict[str, list[float]] = {name: [] for name in ways}
    first: list | None = None
    for name in [*ways, *reversed(ways)] * args.rounds:
        load = os.getloadavg()[0]
        with ways[name]():
            wall, cpu, said, groups = decode(args.show, language)
        walls[name].append(wall)
        first = said if first is None else first
        print(
            f"{name}: wall {wall:.1f} s, RTF {wall / duration:.3f}, CPU {cpu:.1f} s, {groups} groups "
            f"(load {load:.1f} before, {os.getloadavg()[0]:.1f} after); {len(said)} words, "
            f"same as the first run: {said == first}",
            flush=True,
        )
    for name, runs in walls.items():
        median = statistics.median(runs)
        print(f"{name}: median RTF {median / duration:.3f} over {len(runs)} runs ({duration:.0f} s show)")


if __name__ == "__main__":
    main()
