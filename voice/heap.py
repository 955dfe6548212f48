"""Handing freed heap pages back to the system between a long decode's recognizers.

Each decoding worker allocates in its own glibc malloc arena, and a Vosk recognizer grows by about
250 MB in its worker's arena before it is freed at the end of its group. glibc keeps freed pages of
an arena resident, so each arena stays at its own high-water mark: over a long show with many
groups the process holds the largest recognizer each worker ever had, and the largest utterance's
decoding tokens and the largest stretch the d-vector embedder ever saw, not what ran at the same
time (bench/talkshow_memory.py). `malloc_trim(0)` walks every arena and returns the free pages,
wherever they lie; the decoding workers call it after every chunk and after every group.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None elsewhere (musl, macOS), where there is nothing to do."""
    name = ctypes.util.find_library("c")
    try:
        trim = ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None
    if trim is not None:
        trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def release_free_memory() -> bool:
    """Return the heap's free pages to the system; True when glibc released any."""
    trim = _malloc_trim()
    return bool(trim(0)) if trim is not None else False
