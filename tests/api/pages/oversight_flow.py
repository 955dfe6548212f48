"""Complaints for the inbox, dashboard and statistics tests, made the way production makes them: filed
through the API (POST /complaints, whose analysis job runs inline), then moved along the workflow by the
API's transitions. Only a past deadline needs the services directly: the API always acts "now", so a
dispatch days ago is the workflow's own `transition(..., now=…)` followed by the real overdue sweep."""

from __future__ import annotations

import struct
import zlib
from datetime import timedelta

from api.complaint import service as complaint_service
from api.complaint import transitions
from api.complaint.models import Status
from api.database import session_scope, utcnow
from api.kernel import SYSTEM

V1 = "/api/v1"


def file(client, *, text: str, topic: str, region: str, anonymous: bool = False, confidential: bool = False,
         reporter: str = "Budi Santoso", channel: str = "web") -> dict:  # fmt: skip
    """A typed complaint filed by the sysadmin `client` (a real bearer token)."""
    body = {
        "text": text, "channel": channel, "topic": topic, "region_code": region, "reporter_name": reporter,
        "reporter_phone": "081234567890", "anonymous": anonymous, "confidential": confidential,
    }  # fmt: skip
    response = client.post(f"{V1}/complaints", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def move(client, complaint_id: int, to: str, **extra) -> dict:
    response = client.post(f"{V1}/complaints/{complaint_id}/transitions", json={"to": to, **extra})
    assert response.status_code == 200, response.text
    return response.json()


def dispatched(client, *, agency: str, **fields) -> dict:
    """Filed, verified and dispatched to `agency` through the API."""
    complaint = file(client, **fields)
    move(client, complaint["id"], "verified")
    return move(client, complaint["id"], "dispatched", agency=agency)


def dispatched_days_ago(settings, client, *, agency: str, days: int, **fields) -> dict:
    """Filed and verified through the API, dispatched `days` ago by the workflow (so its deadline has
    passed), then escalated by the real overdue sweep."""
    complaint = file(client, **fields)
    move(client, complaint["id"], "verified")
    with session_scope(settings.sqlalchemy_url) as db_session:
        row = complaint_service.get(
            db_session=db_session, principal=SYSTEM, complaint_id=complaint["id"],
            default_region=settings.default_region,
        )  # fmt: skip
        transitions.transition(
            db_session=db_session, principal=SYSTEM, complaint=row, to=Status.DISPATCHED, agency=agency,
            now=utcnow() - timedelta(days=days), default_zone=settings.timezone,
        )  # fmt: skip
        transitions.sweep_deadlines(db_session=db_session, default_zone=settings.timezone)
    return read(client, complaint["id"])


def read(client, complaint_id: int) -> dict:
    response = client.get(f"{V1}/complaints/{complaint_id}")
    assert response.status_code == 200, response.text
    return response.json()


def pdf_bytes(words: str = "Surat tindak lanjut") -> bytes:
    """A small valid PDF with one line of text."""
    stream = f"BT /F1 12 Tf 72 720 Td ({words}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def png_bytes(width: int = 8, height: int = 8) -> bytes:
    """A small valid grey PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body
