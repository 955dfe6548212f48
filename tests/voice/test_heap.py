"""voice.heap: freed heap pages of a worker thread's arena go back to the system, and threads can
share one arena."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from voice.heap import _malloc_trim, release_free_memory, share_one_arena

REPO = Path(__file__).resolve().parents[2]
PAGE = os.sysconf("SC_PAGE_SIZE")
BLOCK, COUNT = 1000, 100_000  # 100 MB in blocks far below the mmap threshold: heap, not mmap


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


def _libc() -> ctypes.CDLL:
    """malloc, free and memset, typed."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    libc.memset.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t]
    return libc


def _fill_pin_and_free(libc: ctypes.CDLL) -> int:
    """Like a recognizer in a decoding worker: many small blocks in the calling thread's arena, all
    freed but one late block that pins the arena's top, so glibc's own trimming cannot help; the pin."""
    blocks = [libc.malloc(BLOCK) for _ in range(COUNT)]
    for block in blocks:
        libc.memset(block, 1, BLOCK)  # touched: resident
    pin = libc.malloc(BLOCK)
    for block in blocks:
        libc.free(block)
    return pin


def _fill_and_free_in_a_thread() -> None:
    """_fill_pin_and_free in a thread of its own, which then ends."""
    libc = _libc()

    def work() -> None:
        _fill_and_free_in_a_thread.pinned = _fill_pin_and_free(libc)  # type: ignore[attr-defined]

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()


def _measure() -> tuple[int, int, int]:
    """Resident bytes before the fill, after it (freed but held), and after the trim."""
    before = _rss()
    _fill_and_free_in_a_thread()
    held = _rss()
    release_free_memory()
    return before, held, _rss()


@pytest.mark.skipif(_malloc_trim() is None, reason="needs glibc")
def test_freed_pages_of_a_thread_arena_are_handed_back() -> None:
    """Measured in a fresh interpreter: inside the test suite's process the thread may be handed an arena
    that already holds free pages, and then the fill adds nothing to measure."""
    script = "from tests.voice.test_heap import _measure; print(*_measure())"
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    before, held, after = (int(n) for n in out.split())
    assert held - before > 50 * 2**20, "the freed blocks should still be resident before the trim"
    assert held - after > 50 * 2**20


def _second_thread_growth(shared: bool) -> int:
    """Resident bytes a second thread adds by allocating 100 MB in small blocks while a first thread,
    still alive, holds the same amount freed (one late block pins its arena's top, as in a decode)."""
    libc = _libc()
    if shared:
        assert share_one_arena()
    freed, done = threading.Event(), threading.Event()

    def first() -> None:
        first.pin = _fill_pin_and_free(libc)  # type: ignore[attr-defined]
        freed.set()
        done.wait()  # alive, so its arena is not handed to the next thread as a dead thread's would be

    def second() -> None:
        for block in [libc.malloc(BLOCK) for _ in range(COUNT)]:
            libc.memset(block, 1, BLOCK)

    holder = threading.Thread(target=first)
    holder.start()
    freed.wait()
    before = _rss()
    user = threading.Thread(target=second)
    user.start()
    user.join()
    grown = _rss() - before
    done.set()
    holder.join()
    return grown


@pytest.mark.skipif(_malloc_trim() is None, reason="needs glibc")
@pytest.mark.parametrize("shared", [False, True])
def test_threads_reuse_each_others_freed_blocks_in_one_arena(shared: bool) -> None:
    """In a fresh interpreter each way (the setting is process-wide and cannot be undone): by default the
    second thread gets an arena of its own and adds its 100 MB, which is what the setting is for."""
    script = f"from tests.voice.test_heap import _second_thread_growth as g; print(g({shared}))"
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    grown = int(out)
    if shared:
        assert grown < 20 * 2**20
    else:
        assert grown > 80 * 2**20, "by default a second live thread should allocate in an arena of its own"


def test_release_is_harmless_when_nothing_is_free() -> None:
    release_free_memory()
    assert isinstance(release_free_memory(), bool)
