"""A producer uploads a talkshow recording with JavaScript off: the form posts itself (multipart, with the
session's CSRF token as a form field) and the recording is stored and processed as through the API.

The CSRF check reads that field from the head of the streamed body (api/csrf.py) and hands the bytes
back to the upload; these tests check that the token is still required (missing, wrong, or after the
file: 403, nothing stored), that the header still works, and that the stored file is byte for byte the
one sent, in a real Chromium with JavaScript disabled and over HTTP.
"""

from __future__ import annotations

import hashlib
import uuid

from sqlalchemy import func, select

from api.database import session_scope
from api.recording.models import Recording
from tests.api.pages.conftest import PASSWORD
from tests.api.pages.test_shows_pages import _tone_wav


def _stored(settings, station: str) -> list[Recording]:
    with session_scope(settings.sqlalchemy_url) as db_session:
        rows = db_session.scalars(select(Recording).where(Recording.station == station)).all()
        db_session.expunge_all()
        return list(rows)


def test_a_producer_uploads_a_recording_with_javascript_off(chromium, server, sign_in_as, settings, tmp_path):
    context = chromium.new_context(base_url=server, java_script_enabled=False)
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        producer = sign_in_as(page, "producer", next_path="/shows")
        recording = tmp_path / "halo-tanpa-skrip.wav"
        recording.write_bytes(_tone_wav(4.0))  # ~128 KB: more than the part of the body read for the token
        station = f"Radio Tanpa Skrip {uuid.uuid4().hex[:6]}"
        page.get_by_label("Rekaman (satu atau beberapa berkas audio)").set_input_files(str(recording))
        page.get_by_label("Stasiun").fill(station)
        page.get_by_role("button", name="Unggah", exact=True).click()
        page.wait_for_url("**/shows/*?uploaded=new", timeout=180_000)  # processed inline (immediate mode)
        assert "Terunggah; menunggu pemrosesan" in page.get_by_role("status").first.inner_text()
        [stored] = _stored(settings, station)
        assert stored.sha256 == hashlib.sha256(recording.read_bytes()).hexdigest()
        assert stored.uploaded_by == producer.username and stored.original_name == recording.name
        assert page.url.split("?")[0].endswith(f"/shows/{stored.id}")
    finally:
        context.close()


def _producer(browser, sign_in, make_user):
    client = browser()
    user = make_user("producer", None, None, PASSWORD)
    return client, sign_in(client, user.username, PASSWORD)["csrf_token"]


def _multipart(parts: list[tuple[str, str | None, bytes]]) -> tuple[bytes, str]:
    """A multipart body with the parts in the order given (name, filename or None, content)."""
    boundary = uuid.uuid4().hex
    body = b""
    for name, filename, content in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        kind = "Content-Type: audio/wav\r\n" if filename else ""
        body += (
            f"--{boundary}\r\nContent-Disposition: {disposition}\r\n{kind}\r\n".encode() + content + b"\r\n"
        )
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_a_multipart_form_needs_the_sessions_token_before_its_file(browser, sign_in, make_user, settings):
    client, csrf = _producer(browser, sign_in, make_user)
    audio = _tone_wav(3.0)
    station = f"Radio Uji {uuid.uuid4().hex[:6]}"
    named, file = ("station", None, station.encode()), ("file", "a.wav", audio)
    refused = {
        "no token": [named, file],
        "wrong token": [("csrf_token", None, b"x" * 43), named, file],
        "token after the file": [named, file, ("csrf_token", None, csrf.encode())],
    }
    for case, parts in refused.items():
        body, content_type = _multipart(parts)
        response = client.post("/shows", content=body, headers={"content-type": content_type})
        assert response.status_code == 403, case
        assert "Tidak diizinkan" in response.text, case
    assert _stored(settings, station) == []
    body, content_type = _multipart(
        [("csrf_token", None, csrf.encode()), ("file", "a.wav", audio), ("station", None, station.encode())]
    )
    response = client.post(
        "/shows", content=body, headers={"content-type": content_type}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    [stored] = _stored(settings, station)
    assert stored.sha256 == hashlib.sha256(audio).hexdigest()  # the bytes read for the token came back
    assert stored.original_name == "a.wav"  # the file's name, though another field came after it
    assert response.headers["location"] == f"/shows/{stored.id}?uploaded=new"


def test_the_header_token_still_serves_a_multipart_body(browser, sign_in, make_user, settings):
    client, csrf = _producer(browser, sign_in, make_user)
    station = f"Radio Kepala {uuid.uuid4().hex[:6]}"
    response = client.post(
        "/shows", data={"station": station}, files={"file": ("b.wav", _tone_wav(), "audio/wav")},
        headers={"X-CSRF-Token": csrf}, follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303, response.text
    assert len(_stored(settings, station)) == 1
    # The API's upload with the form field and no header: the token is accepted, and the API refuses the
    # field it does not know with its own reason (it is the pages' field, not the API's).
    body, content_type = _multipart([("csrf_token", None, csrf.encode()), ("file", "c.wav", _tone_wav())])
    api = client.post("/api/v1/recordings", content=body, headers={"content-type": content_type})
    assert api.status_code == 422 and "csrf_token" in api.text


def test_a_refused_upload_says_why_in_the_page(browser, sign_in, make_user, settings):
    client, csrf = _producer(browser, sign_in, make_user)
    body, content_type = _multipart([("csrf_token", None, csrf.encode()), ("file", "kosong.wav", b"")])
    response = client.post("/shows", content=body, headers={"content-type": content_type})
    assert response.status_code == 415
    assert (
        "Unggahan ditolak: Berkas yang dipilih kosong." in response.text
        and 'data-testid="form-error"' in response.text
    )
    with session_scope(settings.sqlalchemy_url) as db_session:
        assert (
            db_session.scalar(
                select(func.count()).select_from(Recording).where(Recording.original_name == "kosong.wav")
            )
            == 0
        )
