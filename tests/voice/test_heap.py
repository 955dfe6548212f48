"""voice.heap: freed heap pages of a worker thread's arena go back to the system."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading

import pytest

from voice.heap import _malloc_trim, release_free_memory

PAGE = os.sysconf("SC_PAGE_SIZE")
BLOCK, COUNT = 1000, 100_000  # 100 MB in blocks far below the mmap threshold: heap, not mmap


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


def _fill_and_free_in_a_thread() -> None:
    """Like a recognizer in a decoding worker: many small blocks in the thread's own arena, all
    freed but one late block that pins the arena's top, so glibc's own trimming cannot help."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    libc.memset.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t]

    def work() -> None:
        blocks = [libc.malloc(BLOCK) for _ in range(COUNT)]
        for block in blocks:
            libc.memset(block, 1, BLOCK)  # touched: resident
        pin = libc.malloc(BLOCK)
        for block in blocks:
            libc.free(block)
        _fill_and_free_in_a_thread.pinned = pin  # type: ignore[attr-defined]

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()


@pytest.mark.skipif(_malloc_trim() is None, reason="needs glibc")
def test_freed_pages_of_a_thread_arena_are_handed_back() -> None:
    before = _rss()
    _fill_and_free_in_a_thread()
    held = _rss()
    assert held - before > 50 * 2**20, "the freed blocks should still be resident before the trim"
    assert release_free_memory()
    assert held - _rss() > 50 * 2**20


def test_release_is_harmless_when_nothing_is_free() -> None:
    release_free_memory()
    assert isinstance(release_free_memory(), bool)
