"""Errors raised by voice/: each carries a one-line message fit to show a user as is."""


class VoiceError(Exception):
    """Base of every error voice/ raises on purpose."""


class AudioDecodeError(VoiceError):
    """The input is missing, is not audio, is truncated or corrupt, or holds no samples."""


class ModelError(VoiceError):
    """A model is unknown, incomplete, fails its checksums, or does not fit the audio."""


class TranscriptionCancelled(VoiceError):
    """The caller cancelled a running transcription."""


class WorkerFailed(VoiceError):
    """A decoding worker died or raised while decoding one chunk of a long recording."""
