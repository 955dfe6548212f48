"""Handing freed heap pages back to the system between a long decode's recognizers.

Each decoding worker allocates in its own glibc malloc arena, and a Vosk recognizer grows by about
250 MB in its worker's arena before it is freed at the end of its group. glibc keeps freed pages of
an arena resident, so each arena stays at its own high-water mark: over a long show with many
groups the process holds the largest recognizer each worker ever had, and the largest utterance's
decoding tokens and the largest stretch the d-vector embedder ever saw, not what ran at the same
time (bench/talkshow_memory.py). `malloc_trim(0)` walks every arena and returns the free pages,
wherever they lie; the decoding workers call it after every chunk and after every group.

Trimming cannot help with what lies between trims. A Whisper decode allocates large short-lived
blocks (a window's features, a beam's logits, attention buffers) from several threads at once — the
decoding workers and each model replica's own thread — and every thread has an arena of its own, each
keeping its freed blocks resident until the next trim and fragmenting as block sizes vary. Over a 2-hour
Indonesian show the arenas' free share grew past 300 MB. `share_one_arena` puts the threads started
after it in one arena, whose free blocks every thread reuses (README, #18). Only the Whisper path asks
for it — a Whisper model's load, and a Whisper talkshow before its first thread starts (threads that
already have an arena keep it): Vosk's recognizers make many small allocations from both workers at
once, and in one arena they wait for each other's lock (a Korean talkshow decode took 35-40% longer, the
same words), so a process that has loaded Whisper decodes Vosk that much slower.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import tempfile
from collections.abc import Callable
from functools import cache

M_ARENA_MAX = -8  # mallopt's parameter number in glibc's <malloc.h>


@cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None elsewhere (musl, macOS), where there is nothing to do."""
    trim = getattr(_libc(), "malloc_trim", None)
    if trim is not None:
        trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def release_free_memory() -> bool:
    """Return the heap's free pages to the system; True when glibc released any."""
    trim = _malloc_trim()
    return bool(trim(0)) if trim is not None else False


@cache
def share_one_arena() -> bool:
    """From now on, threads that have no arena yet share one, for the whole process (mallopt has no
    per-thread setting); True where glibc took the setting. Once per process. glibc fixes its arena
    limit once a process has made more than 8 arenas: after that the setting changes nothing."""
    mallopt = getattr(_libc(), "mallopt", None)
    if mallopt is None:
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(M_ARENA_MAX, 1))


def arena_count() -> int | None:
    """How many malloc arenas the process has made (glibc's malloc_info report), or None elsewhere:
    what tells whether a decode's threads shared one arena or took one each."""
    libc = _libc()
    if libc is None or not all(hasattr(libc, f) for f in ("malloc_info", "fopen", "fclose")):
        return None
    libc.fopen.argtypes, libc.fopen.restype = [ctypes.c_char_p, ctypes.c_char_p], ctypes.c_void_p
    libc.fclose.argtypes = [ctypes.c_void_p]
    libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
    fd, name = tempfile.mkstemp(suffix=".xml")
    os.close(fd)
    try:
        stream = libc.fopen(name.encode(), b"w")
        if not stream:
            return None
        libc.malloc_info(0, stream)
        libc.fclose(stream)
        with open(name) as report:
            return len(re.findall(r"<heap nr=", report.read()))
    finally:
        os.unlink(name)
