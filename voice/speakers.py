"""Speaker vectors to speaker identities: cosine agglomerative clustering of Vosk x-vectors.

Vosk's speaker model gives one x-vector per utterance; short utterances give noisy vectors, so
callers use duration-weighted means over longer stretches before clustering here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# Average cosine distance below which two stretches are one speaker. Calibrated on the synthetic
# talkshow (bench/talkshow_build.py): same-speaker stretches sit well below, different ones above.
SAME_SPEAKER_DISTANCE = 0.2


def unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def mean_vector(vectors: Sequence[np.ndarray], weights: Sequence[float]) -> np.ndarray | None:
    """Duration-weighted mean of unit x-vectors (None when there are none)."""
    pairs = [(unit(v), w) for v, w in zip(vectors, weights, strict=True) if v is not None and w > 0]
    if not pairs:
        return None
    total = sum(w for _, w in pairs)
    return unit(sum(v * (w / total) for v, w in pairs))


def cluster(vectors: Sequence[np.ndarray], *, threshold: float = SAME_SPEAKER_DISTANCE) -> list[int]:
    """Cluster ids per vector, numbered by first appearance (so labels read in time order)."""
    if not vectors:
        return []
    if len(vectors) == 1:
        return [0]
    from sklearn.cluster import AgglomerativeClustering

    data = np.stack([unit(np.asarray(v, dtype=np.float64)) for v in vectors])
    raw = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=threshold
    ).fit_predict(data)
    order: dict[int, int] = {}
    return [order.setdefault(int(c), len(order)) for c in raw]


def cosine_distance(a: np.ndarray, b: np.ndarray) -> float:
    return float(1.0 - np.dot(unit(a), unit(b)))
