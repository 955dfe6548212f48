"""voice/: audio in, offline speech recognition out. Public names only; the rest is private."""

from voice.audio import AudioInfo, Salvage, decode_pcm, probe, salvage
from voice.clips import CLIP_FORMATS, cut_clip
from voice.engines.base import StreamUpdate
from voice.errors import AudioDecodeError, ModelError, TranscriptionCancelled, VoiceError, WorkerFailed
from voice.export import render
from voice.live import LiveStream, live_stream_count, open_live_stream
from voice.longform import LongResult, transcribe_long
from voice.models import InstalledModel, resolve_model, speaker_model_path
from voice.numbers import Redecode, Stretch, find_number_stretches, listen_again, number_pass
from voice.talkshow import transcribe_talkshow
from voice.transcribe import load_engine, transcribe_file
from voice.types import Gap, Segment, Transcript, Turn, Word

__all__ = [
    "CLIP_FORMATS",
    "AudioDecodeError",
    "AudioInfo",
    "Gap",
    "InstalledModel",
    "LiveStream",
    "LongResult",
    "ModelError",
    "Redecode",
    "Salvage",
    "Segment",
    "StreamUpdate",
    "Stretch",
    "Transcript",
    "TranscriptionCancelled",
    "Turn",
    "VoiceError",
    "Word",
    "WorkerFailed",
    "cut_clip",
    "decode_pcm",
    "find_number_stretches",
    "listen_again",
    "live_stream_count",
    "load_engine",
    "number_pass",
    "open_live_stream",
    "probe",
    "render",
    "resolve_model",
    "salvage",
    "speaker_model_path",
    "transcribe_file",
    "transcribe_long",
    "transcribe_talkshow",
]
