"""NUL is refused on SQLite too (issue 14, item 8): whatever JSON media type the body declares, in
streamed upload fields and file names, and in Open311's multipart and urlencoded fields. PostgreSQL cannot
store NUL and SQLite would, so both must answer the same 422 before anything is written."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from api.complaint.models import Complaint
from tests.api.auth.scoping import recordings_count

V1 = "/api/v1"
NUL_DETAIL = "body: NUL characters are not allowed"


def complaints_count(db) -> int:
    db.rollback()
    return db.scalar(select(func.count(Complaint.id))) or 0


def multipart(parts: list[tuple[str, str | None, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body written by hand, so a NUL reaches the server exactly as sent."""
    boundary = uuid.uuid4().hex
    out = b""
    for name, filename, data in parts:
        disposition = f'form-data; name="{name}"' + (
            f'; filename="{filename}"' if filename is not None else ""
        )
        out += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + data + b"\r\n"
    return out + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON",
        "application/merge-patch+json",
        "application/vnd.api+json",
        "application/problem+json; charset=utf-8",
    ],
)
def test_nul_in_any_json_media_type_is_refused_and_nothing_is_written(client, db, content_type):
    before = complaints_count(db)
    for text in ("jalan\u0000rusak parah", "jalan rusak parah"):
        body = json.dumps({"text": text, "reporter_name": "Bu\x00di"})  # escaped as \u0000 by json
        response = client.post(f"{V1}/complaints", content=body, headers={"content-type": content_type})
        assert response.status_code == 422, (content_type, response.status_code, response.text)
        assert response.json()["detail"] == NUL_DETAIL
    raw = b'{"text": "jalan rusak \x00 parah"}'  # a raw NUL byte (invalid JSON, still never a 5xx)
    response = client.post(f"{V1}/complaints", content=raw, headers={"content-type": content_type})
    assert response.status_code == 422
    assert complaints_count(db) == before


def test_nul_in_an_edit_with_merge_patch_is_refused(client, db):
    cid = client.post(f"{V1}/complaints", json={"text": "jalan rusak parah sekali"}).json()["id"]
    body = json.dumps({"topic": "kese\x00hatan", "note": "x"})
    response = client.patch(
        f"{V1}/complaints/{cid}", content=body, headers={"content-type": "application/merge-patch+json"}
    )
    assert response.status_code == 422 and response.json()["detail"] == NUL_DETAIL, response.text
    assert client.get(f"{V1}/complaints/{cid}").json()["topic"] != "kese\x00hatan"


@pytest.mark.parametrize(
    "parts",
    [
        [("station", None, b"RRI\x00Purwokerto")],
        [("programme", None, b"Halo\x00Bupati")],
        [("caller\x00number", None, b"+6281234567890")],
    ],
    ids=["station", "programme", "field-name"],
)
def test_nul_in_an_upload_field_is_refused_and_nothing_is_stored(client, db, call_wav: Path, parts):
    before = recordings_count(db)
    body, content_type = multipart([*parts, ("file", "call.wav", call_wav.read_bytes())])
    response = client.post(f"{V1}/recordings", content=body, headers={"content-type": content_type})
    assert response.status_code == 422, response.text
    assert "NUL characters are not allowed" in response.json()["detail"]
    assert recordings_count(db) == before


def test_nul_in_an_upload_file_name_is_refused_and_nothing_is_stored(client, db, call_wav: Path, settings):
    before = recordings_count(db)
    staged_before = set((settings.data_dir / "incoming").glob("*"))
    body, content_type = multipart([("file", "pak budi\x00.wav", call_wav.read_bytes())])
    response = client.post(f"{V1}/recordings", content=body, headers={"content-type": content_type})
    assert response.status_code == 422, response.text
    assert response.json()["detail"] == "file name: NUL characters are not allowed"
    assert recordings_count(db) == before
    assert set((settings.data_dir / "incoming").glob("*")) == staged_before  # no staging file left


@pytest.mark.parametrize("field", ["description", "first_name", "device_id", "attribute[region_code]", "lat"])
def test_nul_in_open311_multipart_fields_is_refused(client, db, field):
    before = complaints_count(db)
    form = {"service_code": "kesehatan", "description": "Puskesmas tutup di jam kerja", "first_name": "Siti"}
    form[field] = form.get(field, "33") + "\x00x"
    body, content_type = multipart([(k, None, v.encode()) for k, v in form.items()])
    response = client.post(
        f"{V1}/open311/v2/requests.json", content=body, headers={"content-type": content_type}
    )
    assert response.status_code == 422, response.text
    [error] = response.json()
    assert error == {"code": 422, "description": f"{field}: NUL characters are not allowed"}
    assert complaints_count(db) == before


def test_nul_in_open311_urlencoded_fields_is_refused(client, db):
    before = complaints_count(db)
    form = {"service_code": "kesehatan", "description": "Puskesmas\x00tutup", "first_name": "Siti"}
    response = client.post(f"{V1}/open311/v2/requests.json", data=form)
    assert response.status_code == 422, response.text
    assert complaints_count(db) == before


@pytest.mark.parametrize("content_type", ["text/plain", None, "application/merge-patch+json"])
def test_nul_in_a_sign_in_is_refused_whatever_the_media_type(browser, db, content_type):
    from api.audit.models import AuthEvent

    db.rollback()
    before = db.scalar(select(func.count(AuthEvent.id))) or 0
    body = json.dumps({"username": "admin\x00", "password": "a long passphrase"})
    headers = {"content-type": content_type} if content_type else {}
    response = browser().post(f"{V1}/auth/login", content=body, headers=headers)
    assert response.status_code == 422, response.text
    assert "NUL characters are not allowed" in response.json()["detail"]
    db.rollback()
    assert (db.scalar(select(func.count(AuthEvent.id))) or 0) == before  # no failure event kept the name
