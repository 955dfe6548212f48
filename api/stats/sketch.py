"""Durations kept as counts in logarithmic buckets: mergeable, removable, and each pick within 1%.

Why: a median is not additive, so a summary that keeps every duration is as large as the complaints it
sums up. Counting durations per bucket instead, where bucket i ≥ 1 holds [X0·γ^(i-1), X0·γ^i) with
γ = (1+α)/(1-α), and answering a rank with the bucket's value 2·X0·γ^i/(γ+1), gives every median and
90th percentile within relative error α of the exact one (the DDSketch mapping). Bucket 0 holds
[0, X0): there the error is below X0/2 = 18 seconds. The map is monotone, so the k-th smallest
bucket value is the value of the k-th smallest duration's bucket: the ranks picked are the exact ones.

Counts can go down as well as up (a complaint that changes leaves its old bucket), which the sketch
libraries on PyPI do not allow (ddsketch's `add` refuses weights ≤ 0); the mapping itself is a few lines.
A sketch is stored as little-endian int32 pairs (bucket, count), sorted by bucket, without empty buckets.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

ALPHA = 0.01  # the relative error bound of every median and 90th percentile
X0 = 0.01  # hours: shorter durations share bucket 0 (absolute error at most X0 / 2)
GAMMA = (1 + ALPHA) / (1 - ALPHA)
_LOG_GAMMA = math.log(GAMMA)
_PAIRS = np.dtype("<i4")


def bucket(hours: float) -> int:
    """The bucket a duration in hours falls in (0 for under X0)."""
    if hours < X0:
        return 0
    return math.floor(math.log(hours / X0) / _LOG_GAMMA) + 1


def bucket_values(buckets: np.ndarray) -> np.ndarray:
    """The value each bucket answers with, in hours: within ALPHA of anything in it (X0/2 in bucket 0)."""
    values = X0 * GAMMA ** buckets.astype(np.float64) * 2 / (GAMMA + 1)
    return np.where(buckets == 0, X0 / 2, values)


def encode(counts: Mapping[int, int]) -> bytes | None:
    """A sketch as stored (None when empty)."""
    pairs = sorted((b, n) for b, n in counts.items() if n)
    return np.asarray(pairs, dtype=_PAIRS).tobytes() if pairs else None


def decode(stored: bytes | None) -> dict[int, int]:
    """A stored sketch back as bucket → count."""
    if not stored:
        return {}
    pairs = np.frombuffer(stored, dtype=_PAIRS).reshape(-1, 2)
    return dict(zip(pairs[:, 0].tolist(), pairs[:, 1].tolist(), strict=True))


def merged(stored: bytes | None, deltas: Mapping[int, int]) -> dict[int, int]:
    """A stored sketch with `deltas` (bucket → change) added, empty buckets dropped."""
    counts = decode(stored)
    for b, n in deltas.items():
        counts[b] = counts.get(b, 0) + n
    return {b: n for b, n in counts.items() if n}


def spreads(stored: Sequence[bytes | None]) -> list[dict[str, float | int] | None]:
    """Count, median and 90th percentile (hours, 2 decimals) of each stored sketch; None for an empty one.

    The same ranks as the exact computation (api/stats/aggregate.py): the median of an even count is
    the mean of the two middle values, the 90th percentile the value at rank ceil(0.9 n). All sketches
    are picked in one vectorized pass: a national dashboard by agency has about 1,700 of them, and
    numpy's per-call overhead, paid per sketch, cost more than reading them.
    """
    arrays = [np.frombuffer(one or b"", dtype=_PAIRS).reshape(-1, 2) for one in stored]
    lengths = np.fromiter((len(a) for a in arrays), dtype=np.int64, count=len(arrays))
    if not lengths.sum():
        return [None] * len(arrays)
    pairs = np.concatenate(arrays)
    cumulative = np.cumsum(pairs[:, 1], dtype=np.int64)
    running = np.concatenate(([0], cumulative))
    ends = np.cumsum(lengths)
    before, sizes = running[ends - lengths], running[ends] - running[ends - lengths]
    ranks = np.stack([(sizes + 1) // 2, sizes // 2 + 1, (9 * sizes + 9) // 10], axis=1)
    # The first pair whose running count reaches each rank lies in the sketch's own segment.
    picks = np.searchsorted(cumulative, before[:, None] + ranks).clip(max=len(pairs) - 1)
    values = bucket_values(pairs[picks, 0])
    medians = np.round((values[:, 0] + values[:, 1]) / 2, 2).tolist()
    p90s = np.round(values[:, 2], 2).tolist()
    return [
        {"count": size, "median_hours": median, "p90_hours": p90} if size > 0 else None
        for size, median, p90 in zip(sizes.tolist(), medians, p90s, strict=True)
    ]
