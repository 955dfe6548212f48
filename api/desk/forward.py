"""The desk's side of the store: recover crashed recordings, queue finished calls, forward the queue."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx

from api.desk.outbox import Outbox, Report

TIMEOUT = httpx.Timeout(30.0, connect=5.0)


def client_for(server: str, token: str) -> httpx.Client:
    """An HTTP client for the Suara server at `server` (its base URL), acting with a machine token."""
    return httpx.Client(
        base_url=server.rstrip("/"), headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT
    )


def recover_parts(
    folder: Path, outbox: Outbox, warn: Callable[[str], None], **meta: str | None
) -> list[Path]:
    """Finish every `*.part.wav` a crash left in `folder` and queue it; unreadable ones are left, and said."""
    from voice import VoiceError
    from voice.capture import PART_SUFFIX, recover

    queued: list[Path] = []
    for part in sorted(folder.glob(f"*{PART_SUFFIX}")):
        try:
            final = recover(part)
        except VoiceError as exc:
            warn(f"left alone: {exc}")
            continue
        outbox.add(final, **meta)
        queued.append(final)
    return queued


def forward(outbox: Outbox, server: str, token: str) -> Report:
    """Send what is due; a server that is down leaves the calls waiting for the next run."""
    with client_for(server, token) as client:
        return outbox.send_due(client)


def describe(report: Report) -> str:
    return (
        f"{report.sent} sent, {report.already} already on the server, {report.waiting} waiting, "
        f"{report.rejected} refused"
    )
