"""A complaint's own stretch of its recording as an audio file of its own: the caller of a talkshow
without the host or the other callers, for the review page, the agency's inbox and export.

Who may hear it is `policy.may_hear_clip`; voice cuts and encodes it (`voice.cut_clip`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from api.access import policy
from api.complaint.models import Complaint
from api.errors import Conflict, InvalidInput, NotFound
from api.kernel import Principal
from api.recording import service as recording_service
from api.recording.messages import without_paths
from api.recording.models import Recording


@dataclass(frozen=True, slots=True)
class Clip:
    data: bytes
    media_type: str
    filename: str


def clip(
    *,
    db_session: Session,
    principal: Principal,
    complaint: Complaint,
    recordings_dir: Path,
    default_region: str | None,
    fmt: str,
) -> Clip:
    """The complaint's stretch (its whole recording when no stretch is set) as `fmt`.

    NotFound when there is no audio the principal may hear, so a refused clip and a missing one look
    alike; InvalidInput for a stored stretch that cannot be cut; Conflict when the archived file does
    not decode (its message names the archive file, never the server's folders).
    """
    import voice

    scope = {"db_session": db_session, "default_region": default_region}
    if not policy.may_hear_clip(principal, complaint, **scope):
        raise NotFound("this complaint has no audio you may hear")
    recording = db_session.get(Recording, complaint.recording_id)
    assert recording is not None  # a complaint's recording is never deleted before it (FK)
    path = recording_service.file_path(recording=recording, recordings_dir=recordings_dir)
    if not path.is_file():
        raise NotFound(f"the audio of recording {recording.id} is missing from the archive")
    start = complaint.span_start or 0.0
    end = complaint.span_end if complaint.span_end is not None else recording.duration
    try:
        data = voice.cut_clip(path, start, end, fmt=fmt)
    except ValueError as exc:
        raise InvalidInput(f"the complaint's stretch cannot be cut: {exc}") from None
    except voice.AudioDecodeError as exc:
        message = without_paths(str(exc), roots=[recordings_dir])
        raise Conflict(f"the recording could not be cut: {message}") from None
    name = f"{complaint.tracking_number or f'complaint-{complaint.id}'}.{fmt}"
    return Clip(data=data, media_type=voice.CLIP_FORMATS[fmt], filename=name)
