"""Store and forward for the hotline desk: finished calls wait in a folder until the server has them.

A call is never lost (its WAV sits in `pending/` until the server acknowledged it, and the move into the
folder is a rename) and never filed twice: every acknowledgment is appended to `journal.jsonl` (flushed
to disk) before the pending file is removed, so a crash between the two is healed on the next run by the
journal, and the server itself answers a second upload of the same bytes with the first recording. While
the server is unreachable or failing, each call waits a doubling delay (10 s … 10 min) between attempts;
a call the server refuses for good (4xx other than 408/429) moves to `rejected/` with the reason.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from api.files import write_atomic

FIRST_DELAY = timedelta(seconds=10)
MAX_DELAY = timedelta(minutes=10)
RETRY_STATUSES = frozenset({408, 429})


@dataclass
class Item:
    """One call waiting to be sent: its audio's hash, what the operator gave with it, and its attempts."""

    sha256: str
    channel: str = "hotline"
    caller_number: str | None = None
    language: str | None = None
    recorded_at: str | None = None
    notes: str | None = None  # what the operator wrote at the end of the call
    attempts: int = 0
    next_at: str | None = None  # ISO time of the next attempt (None: now)
    last_error: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Report:
    sent: int = 0
    already: int = 0  # acknowledged earlier (journal) or known to the server (same bytes)
    waiting: int = 0
    rejected: int = 0


def _sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def backoff(attempts: int) -> timedelta:
    """The wait after `attempts` failed attempts: 10 s, 20 s, 40 s … at most 10 minutes."""
    return min(FIRST_DELAY * (2 ** max(attempts - 1, 0)), MAX_DELAY)


class Outbox:
    """A folder of calls on their way to the server (safe to share between runs, not between processes)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pending = folder / "pending"
        self.rejected = folder / "rejected"
        self.journal = folder / "journal.jsonl"
        for sub in (self.pending, self.rejected):
            sub.mkdir(parents=True, exist_ok=True)

    def add(self, wav: Path, **meta: str | None) -> Item:
        """Take a finished call into the outbox (moved, not copied, when on the same disk)."""
        item = Item(sha256=_sha256(wav), **{k: v for k, v in meta.items() if v is not None})  # type: ignore[arg-type]
        target = self.pending / f"{item.sha256}.wav"
        if not target.exists():
            tmp = target.with_suffix(".wav.tmp")
            shutil.copyfile(wav, tmp)  # a copy then a rename: a crash leaves the original or the whole copy
            os.replace(tmp, target)
        write_atomic(self._meta_path(item.sha256), json.dumps(asdict(item)))
        wav.unlink()
        return item

    def items(self) -> Iterator[Item]:
        for meta in sorted(self.pending.glob("*.json")):
            yield Item(**json.loads(meta.read_text(encoding="utf-8")))

    def acknowledged(self) -> set[str]:
        if not self.journal.exists():
            return set()
        lines = self.journal.read_text(encoding="utf-8").splitlines()
        return {json.loads(line)["sha256"] for line in lines if line.strip()}

    def send_due(self, client: httpx.Client, *, now: datetime | None = None) -> Report:
        """Send every call whose time has come; the rest wait. Never raises for a server's failure."""
        now = now or datetime.now(UTC)
        done = self.acknowledged()
        counts = {"sent": 0, "already": 0, "waiting": 0, "rejected": 0}
        for item in self.items():
            if item.sha256 in done:  # acknowledged before a crash removed the file: never twice
                self._drop(item.sha256)
                counts["already"] += 1
            elif item.next_at and datetime.fromisoformat(item.next_at) > now:
                counts["waiting"] += 1
            else:
                counts[self._send(client, item, now)] += 1
        return Report(**counts)

    def _send(self, client: httpx.Client, item: Item, now: datetime) -> str:
        optional = {
            "caller_number": item.caller_number,
            "language": item.language,
            "recorded_at": item.recorded_at,
            "notes": item.notes,
        }
        fields = {"channel": item.channel, **item.extra, **{k: v for k, v in optional.items() if v}}
        try:
            with (self.pending / f"{item.sha256}.wav").open("rb") as fh:
                answer = client.post("/api/v1/recordings", data=fields, files={"file": ("call.wav", fh)})
        except httpx.HTTPError as exc:
            return self._later(item, now, f"server unreachable: {exc}")
        if answer.status_code in (200, 201):
            self._acknowledge(item.sha256, answer.json()["recording"]["id"], now)
            return "sent" if answer.status_code == 201 else "already"
        detail = _detail(answer)
        if answer.status_code >= 500 or answer.status_code in RETRY_STATUSES:
            return self._later(item, now, f"server answered {answer.status_code}: {detail}")
        self._reject(item, f"refused by the server ({answer.status_code}): {detail}")
        return "rejected"

    def _acknowledge(self, sha256: str, recording_id: int, now: datetime) -> None:
        entry = {"sha256": sha256, "recording_id": recording_id, "acknowledged_at": now.isoformat()}
        with self.journal.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        self._drop(sha256)

    def _later(self, item: Item, now: datetime, error: str) -> str:
        item.attempts += 1
        item.next_at = (now + backoff(item.attempts)).isoformat()
        item.last_error = error[:500]
        write_atomic(self._meta_path(item.sha256), json.dumps(asdict(item)))
        return "waiting"

    def _reject(self, item: Item, reason: str) -> None:
        item.last_error = reason[:500]
        for suffix in (".wav", ".json"):
            src = self.pending / f"{item.sha256}{suffix}"
            if src.exists():
                os.replace(src, self.rejected / src.name)
        write_atomic(self.rejected / f"{item.sha256}.json", json.dumps(asdict(item)))

    def _drop(self, sha256: str) -> None:
        for suffix in (".json", ".wav"):
            (self.pending / f"{sha256}{suffix}").unlink(missing_ok=True)

    def _meta_path(self, sha256: str) -> Path:
        return self.pending / f"{sha256}.json"


def _detail(answer: httpx.Response) -> str:
    try:
        return str(answer.json().get("detail", answer.text))[:300]
    except ValueError:
        return answer.text[:300]
