"""Parallel long-form decoding with the real Vosk model on generated speech: same words for any
worker count, global timestamps, failures that name their chunk, prompt cancellation."""

from __future__ import annotations

import itertools
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from tests.audio import run, silence, speak
from tests.voice.test_vad import music
from voice import longform
from voice.engines.vosk import VoskEngine
from voice.errors import TranscriptionCancelled, WorkerFailed
from voice.longform import (
    MIN_GROUP_SECONDS,
    SCAN_SHARE,
    Chunk,
    deterministic_model_dir,
    group_chunks,
    group_count,
    plan_chunks,
    transcribe_long,
)
from voice.models import resolve_model
from voice.vad import Region, SpeechMap

SENTENCES = [
    "안녕하세요 저는 서울에 살고 있습니다",
    "오늘 우리 동네 도로가 많이 파손되었습니다",
    "가로등이 고장나서 밤에 너무 어둡습니다",
]
PAUSE = 1.2
GROUPS = 2  # recognizers: the first decodes one sentence, the second two in turn; both workers busy


@pytest.fixture(scope="module")
def asr(models_dir: Path) -> VoskEngine:
    model = resolve_model(language="ko", models_dir=models_dir, engine="vosk")
    return VoskEngine(deterministic_model_dir(model.absolute_path(models_dir)), sample_rate=model.sample_rate)


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[float]]:
    """Three sentences separated by pauses; returns the file and each sentence's start time."""
    folder = tmp_path_factory.mktemp("longform")
    parts, starts, t = [], [], 0.0
    for i, text in enumerate(SENTENCES):
        pause = silence(folder / f"p{i}.wav", PAUSE)
        clip = speak(text, folder / f"s{i}.wav")
        t += PAUSE
        starts.append(t)
        t += float(len(clip.read_bytes()) - 44) / 2 / 16000
        parts += [str(pause), str(clip)]
    out = folder / "three.wav"
    run("sox", *parts, str(silence(folder / "end.wav", PAUSE)), str(out))
    return out, starts


@pytest.fixture(scope="module")
def baseline(asr: VoskEngine, recording):
    return transcribe_long(recording[0], asr=asr, workers=1, groups=GROUPS)


def _words(result) -> list[tuple[str, float, float]]:
    return [(w.text, w.start, w.end) for s in result.segments for w in s.words]


def test_one_and_two_workers_give_identical_words(asr: VoskEngine, recording, baseline) -> None:
    two = transcribe_long(recording[0], asr=asr, workers=2, groups=GROUPS)
    assert two.workers == 2 and baseline.workers == 1
    assert two.chunks == baseline.chunks
    assert len(baseline.chunks) == len(SENTENCES)  # one chunk per sentence: cut at the pauses
    assert baseline.groups == GROUPS
    assert _words(baseline), "no words recognised at all"
    assert _words(two) == _words(baseline)


def test_each_worker_hands_freed_memory_back_after_each_group(
    asr: VoskEngine, recording, baseline, monkeypatch
) -> None:
    """The trim runs in the decoding workers after every chunk and once more per group (after its
    recognizer is gone), and changes no word: the same words come back with it and without it."""
    real, calls = longform.release_free_memory, []

    def spy() -> bool:
        calls.append(threading.current_thread().name)
        return real()

    monkeypatch.setattr(longform, "release_free_memory", spy)
    with_trim = transcribe_long(recording[0], asr=asr, workers=2, groups=GROUPS)
    assert len(calls) == len(with_trim.chunks) + GROUPS
    assert all(name.startswith("longform-") and name != "longform-producer" for name in calls)
    monkeypatch.setattr(longform, "release_free_memory", lambda: False)
    without = transcribe_long(recording[0], asr=asr, workers=2, groups=GROUPS)
    assert _words(with_trim) == _words(without) == _words(baseline)


def _blas_threads() -> list[int]:
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def test_workers_decode_with_numpy_blas_on_one_thread(asr: VoskEngine, recording, baseline) -> None:
    """Our workers are the parallelism: numpy's BLAS (whose spare thread spins after every matrix
    product and took 11 CPU-s from the Vosk workers on the benchmark show) runs on one thread while
    they decode, and the process's own setting is back afterwards. The words do not change."""
    seen: list[list[int]] = []
    with threadpool_limits(limits=2, user_api="blas"):
        assert _blas_threads() and set(_blas_threads()) == {2}
        result = transcribe_long(
            recording[0],
            asr=asr,
            workers=2,
            groups=GROUPS,
            on_chunk=lambda chunk, attempt: seen.append(_blas_threads()),
        )
        assert set(_blas_threads()) == {2}
    assert len(seen) == len(result.chunks) and all(set(threads) == {1} for threads in seen)
    assert _words(result) == _words(baseline)


def test_timestamps_are_global_and_in_order(recording, baseline) -> None:
    _path, starts = recording
    words = [w for s in baseline.segments for w in s.words]
    assert all(a.start <= b.start for a, b in itertools.pairwise(words))
    assert all(0.0 <= w.start <= w.end <= baseline.duration for w in words)
    for chunk, start in zip(baseline.chunks, starts, strict=True):
        inside = [w for w in words if chunk.start <= w.start < chunk.end]
        assert inside, f"no words in {chunk}"
        # Words carry the recording's time, not the chunk's: they start near their sentence.
        assert inside[0].start == pytest.approx(start, abs=0.6)
    assert [g.kind for g in baseline.gaps] == ["silence"] * (len(SENTENCES) + 1)


def test_a_failing_chunk_fails_the_job_naming_it(asr: VoskEngine, recording) -> None:
    def crash(chunk: Chunk, attempt: int) -> None:
        if chunk.index == 1:
            raise RuntimeError("worker died")

    with pytest.raises(WorkerFailed, match=r"chunk 2/3 \(\d+\.\d-\d+\.\d s\) failed twice: worker died"):
        transcribe_long(recording[0], asr=asr, workers=2, on_chunk=crash, groups=GROUPS)
    assert not [t for t in threading.enumerate() if t.name.startswith("longform")]


def test_a_chunk_that_fails_once_is_retried(asr: VoskEngine, recording, baseline) -> None:
    attempts: list[tuple[int, int]] = []

    def flaky(chunk: Chunk, attempt: int) -> None:
        attempts.append((chunk.index, attempt))
        if chunk.index == 2 and attempt == 1:
            raise RuntimeError("transient")

    result = transcribe_long(recording[0], asr=asr, workers=2, on_chunk=flaky, groups=GROUPS)
    assert (1, 2) in attempts and (2, 2) in attempts  # the whole group is decoded again, from its start
    assert _words(result) == _words(baseline)


def test_cancel_stops_all_workers_promptly(asr: VoskEngine, tmp_path: Path) -> None:
    # A longer recording so decoding is still running when we cancel.
    parts = []
    for i in range(4):
        parts += [
            str(speak(" ".join(SENTENCES), tmp_path / f"s{i}.wav")),
            str(silence(tmp_path / f"p{i}.wav", 0.8)),
        ]
    path = tmp_path / "long.wav"
    run("sox", *parts, str(path))
    cancel = threading.Event()
    cancelled_at: list[float] = []

    def progress(fraction: float) -> None:
        if fraction > SCAN_SHARE + 0.05 and not cancel.is_set():
            cancelled_at.append(time.monotonic())
            cancel.set()

    with pytest.raises(TranscriptionCancelled):
        transcribe_long(path, asr=asr, workers=2, progress=progress, cancel=cancel, groups=GROUPS)
    assert cancelled_at, "decoding finished before it could be cancelled"
    assert time.monotonic() - cancelled_at[0] < 1.0
    assert not [t for t in threading.enumerate() if t.name.startswith("longform")]


def test_music_only_gives_no_words_and_a_music_gap(asr: VoskEngine, tmp_path: Path) -> None:
    result = transcribe_long(music(tmp_path / "jingle.wav", 10.0), asr=asr, workers=2)
    assert result.segments == ()
    assert [g.kind for g in result.gaps] == ["music"]
    assert np.isclose(result.gaps[0].end, 10.0, atol=0.1)


def test_groups_share_the_speech_evenly_in_order() -> None:
    lengths = [12.0, 30.0, 5.0, 22.0, 30.0, 8.0, 17.0, 26.0, 30.0, 9.0] * 12  # 2,268 s of speech
    chunks, t = [], 0.0
    for i, length in enumerate(lengths):
        chunks.append(Chunk(i, t, t + length))
        t += length + 1.0
    count = group_count(chunks)
    assert count == 12  # 12 groups of at least 180 s fit, a multiple of four
    groups = group_chunks(chunks, count=count)
    assert [c for g in groups for c in g] == chunks  # every chunk once, in order
    speech = [sum(c.length for c in g) for g in groups]
    assert len(groups) == count
    assert max(speech) - min(speech) <= 30.0  # within one chunk of each other
    assert min(speech) >= MIN_GROUP_SECONDS - 30.0  # a warm recognizer for most of each group


def test_groups_stay_long_enough_to_warm_up() -> None:
    """Just over four groups' worth of speech is four groups, not eight half-cold ones; a short show
    still keeps two workers busy."""

    def chunks_of(total: float) -> list[Chunk]:
        return [Chunk(i, i * 11.0, i * 11.0 + 10.0) for i in range(int(total // 10))]

    assert group_count(chunks_of(743.0)) == 4
    assert group_count(chunks_of(1430.0)) == 4  # 7 fit: rounded down, never up
    assert group_count(chunks_of(1440.0)) == 8
    assert group_count(chunks_of(600.0)) == 2
    assert group_count(chunks_of(30.0)) == 2


def test_independent_chunks_are_each_their_own_group() -> None:
    """An engine with nothing to warm up (Whisper) gets one group per chunk, so a worker that
    finishes early takes the next chunk instead of idling while the other ends a fixed half."""
    chunks, t = [], 0.0
    for i, length in enumerate([2.0, 25.0, 3.0, 4.0, 30.0, 2.5, 9.0, 2.0] * 10):  # uneven, as on a show
        chunks.append(Chunk(i, t, t + length))
        t += length + 0.5
    assert group_count(chunks, min_group_seconds=0.0) == 80
    assert group_chunks(chunks, count=80) == [[c] for c in chunks]


def test_few_chunks_get_no_empty_groups() -> None:
    chunks = [Chunk(0, 0.0, 4.0), Chunk(1, 5.0, 9.0)]
    assert group_count(chunks) == 2
    assert group_chunks(chunks, count=2) == [[chunks[0]], [chunks[1]]]


def test_chunks_widen_into_their_pauses_but_never_past_the_middle() -> None:
    """A margin keeps word edges the speech scan trimmed off, without two chunks sharing audio."""
    speech = SpeechMap(
        duration=10.0,
        regions=(Region(0.05, 2.0), Region(2.12, 4.0), Region(6.0, 9.95)),
        gaps=(),
        probs=np.zeros(0, np.float32),
        rms=np.zeros(0, np.float32),
    )
    plain = plan_chunks(speech, cut_pause=0.1)
    wide = plan_chunks(speech, cut_pause=0.1, widen=0.1)
    assert [(c.start, c.end) for c in plain] == [(0.05, 2.0), (2.12, 4.0), (6.0, 9.95)]
    assert [(c.start, c.end) for c in wide] == [(0.0, 2.06), (2.06, 4.1), (5.9, 10.0)]
    assert [c.speech for c in wide] == [(c.start, c.end) for c in plain]  # where its words are timed
