"""Files an agency attaches to its response (a photo of the repaired road, a signed letter).

No table of their own: each attachment is an `attach` event in the complaint's append-only log (who,
when, the original file name) naming a content-addressed file under `<data_dir>/attachments/`. The
kind of file is decided from its first bytes, never from the name or the browser's word, and only
PDF, JPEG and PNG are kept. Everything is checked before anything is written, and a response that
fails to commit takes its newly written files with it.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.access import policy
from api.access.policy import Action
from api.complaint import transitions
from api.complaint.models import AgencyResponse, Complaint, Event
from api.complaint.service import record
from api.errors import InvalidInput, NotFound, TooLarge, UnsupportedMedia
from api.kernel import Principal

MAX_FILES = 5
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NAME = 120
# First bytes → (media type, extension). The name a browser sends proves nothing.
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)
MEDIA_TYPES = {ext: media for _, media, ext in SIGNATURES}
STORED_NAME = re.compile(r"^[0-9a-f]{64}\.(pdf|jpg|png)$")
ACTION = "attach"


def directory(data_dir: Path) -> Path:
    """The folder attachments live in, under the deployment's data folder."""
    return data_dir / "attachments"


@dataclass(frozen=True, slots=True)
class Upload:
    """A file as it arrived: the name the browser gave and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Checked:
    """An upload that passed every check, with the name it is stored under."""

    name: str
    data: bytes
    media_type: str
    stored_name: str  # <sha256>.<ext>


@dataclass(frozen=True, slots=True)
class Attachment:
    """An attachment as listed with a complaint."""

    stored_name: str
    name: str
    media_type: str
    author: str
    at: datetime


def clean_name(name: str) -> str:
    """The file's own name without folders or control characters, shortened; never empty."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    base = base.strip().strip(".") or "lampiran"
    return base[-MAX_NAME:]


def check(uploads: Sequence[Upload]) -> list[Checked]:
    """All uploads, or a precise refusal naming the first file at fault (nothing written yet)."""
    uploads = [u for u in uploads if u.data or u.name]  # an empty file input sends an empty part
    if len(uploads) > MAX_FILES:
        raise InvalidInput(f"at most {MAX_FILES} attachments per response", problem="too_many")
    checked = []
    for upload in uploads:
        name = clean_name(upload.name)
        if not upload.data:
            raise InvalidInput(f"attachment {name} is empty", problem="empty", file=name)
        if len(upload.data) > MAX_FILE_BYTES:
            limit = f"{MAX_FILE_BYTES // (1024 * 1024)} MB"
            raise TooLarge(f"attachment {name} is larger than {limit}", problem="large", file=name)
        kind = next((s for s in SIGNATURES if upload.data.startswith(s[0])), None)
        if kind is None:
            detail = f"attachment {name} is not a PDF, JPEG or PNG file"
            raise UnsupportedMedia(detail, problem="kind", file=name)
        digest = hashlib.sha256(upload.data).hexdigest()
        checked.append(Checked(name, upload.data, kind[1], f"{digest}{kind[2]}"))
    return checked


def path_of(directory: Path, stored_name: str) -> Path:
    """Where a stored attachment lives: <directory>/<first two hex digits>/<sha256>.<ext>."""
    if not STORED_NAME.match(stored_name):
        raise NotFound(f"attachment {stored_name} does not exist")
    return directory / stored_name[:2] / stored_name


def write(directory: Path, files: Sequence[Checked]) -> list[Path]:
    """Write each file atomically (temporary file, then rename); returns those that were new, so that a
    failed commit can remove exactly them (the same content attached before stays)."""
    created: list[Path] = []
    try:
        for item in files:
            target = path_of(directory, item.stored_name)
            if target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".part") as tmp:
                tmp.write(item.data)
                tmp.flush()
                os.fsync(tmp.fileno())
            os.replace(tmp.name, target)
            created.append(target)
    except OSError:
        remove(created)
        raise
    return created


def remove(paths: Sequence[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def respond(
    *,
    db_session: Session,
    principal: Principal,
    complaint: Complaint,
    text: str,
    uploads: Sequence[Upload],
    directory: Path,
    minutes: float | None = None,
    default_zone: str,
) -> tuple[AgencyResponse, list[Path]]:
    """The agency's response with its attachments, through the ordinary respond step.

    Returns the response and the files newly written; the caller commits, and on a failed commit passes
    those paths to `remove`.
    """
    policy.require(principal, Action.RESPOND)
    files = check(uploads)
    response = transitions.respond(
        db_session=db_session, principal=principal, complaint=complaint, text=text, minutes=minutes,
        default_zone=default_zone,
    )  # fmt: skip
    created = write(directory, files)
    try:
        for item in files:
            record(
                db_session=db_session, complaint=complaint, actor=principal.username, action=ACTION,
                field="attachment", to_value=item.stored_name, note=item.name,
            )  # fmt: skip
        db_session.flush()
    except Exception:
        remove(created)
        raise
    return response, created


def listed(*, db_session: Session, complaint: Complaint) -> list[Attachment]:
    """The complaint's attachments, oldest first (the caller loaded the complaint through `get`)."""
    stmt = select(Event).where(Event.complaint_id == complaint.id, Event.action == ACTION).order_by(Event.id)
    return [_attachment(e) for e in db_session.scalars(stmt)]


def listed_by_complaint(*, db_session: Session, complaint_ids: list[int]) -> dict[int, list[Attachment]]:
    """The attachments of several complaints in one query, each complaint's oldest first (list pages)."""
    found: dict[int, list[Attachment]] = {c: [] for c in complaint_ids}
    if complaint_ids:
        stmt = select(Event).where(Event.complaint_id.in_(complaint_ids), Event.action == ACTION)
        for event in db_session.scalars(stmt.order_by(Event.id)):
            found[event.complaint_id].append(_attachment(event))
    return found


def _attachment(event: Event) -> Attachment:
    stored = event.to_value or ""
    media_type = MEDIA_TYPES.get(Path(stored).suffix, "application/octet-stream")
    return Attachment(
        stored_name=stored, name=event.note or "", media_type=media_type, author=event.actor, at=event.at
    )


def find(
    *, db_session: Session, complaint: Complaint, stored_name: str, directory: Path
) -> tuple[Path, Attachment]:
    """One attachment of a complaint the principal already reached; NotFound for any other name."""
    for item in listed(db_session=db_session, complaint=complaint):
        if item.stored_name == stored_name:
            path = path_of(directory, stored_name)
            if path.is_file():
                return path, item
    raise NotFound(f"attachment {stored_name} does not exist")
