"""Request bodies are admitted before they are read and cut off as soon as they pass their limit.

The app is driven through ASGI directly with a `receive` that hands out a 100 MB body chunk by chunk and
counts what the server asked for: the TestClient would read the whole body itself before the app sees
it, which hides exactly what these tests look at. One test sends over a real socket to a real server.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from tests.api.servers import serving_in_thread

V1 = "/api/v1"
CHUNK = 64 * 1024
HUGE = 100 * 1024 * 1024


def json_chunks(total: int = HUGE) -> Iterator[bytes]:
    """A syntactically valid JSON complaint whose text goes on for `total` bytes, made lazily."""
    yield b'{"channel": "web", "text": "'
    sent = 0
    while sent < total:
        yield b"a" * CHUNK
        sent += CHUNK
    yield b'"}'


class Sent:
    """What the server answered and how many body bytes it pulled from the client."""

    def __init__(self) -> None:
        self.status = 0
        self.headers: dict[str, str] = {}
        self.body = b""
        self.pulled = 0

    def json(self) -> Any:
        return json.loads(self.body)


def post(app, path: str, chunks: Iterator[bytes], headers: dict[str, str], method: str = "POST") -> Sent:
    """One request through the app's ASGI interface, its body pulled lazily from `chunks`."""
    sent = Sent()

    async def receive() -> dict[str, Any]:
        chunk = next(chunks, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        sent.pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            sent.status = message["status"]
            sent.headers = {k.decode(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            sent.body += message.get("body", b"")

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000), "server": ("testserver", 80),
    }  # fmt: skip
    asyncio.run(app(scope, receive, send))
    return sent


def test_an_anonymous_chunked_body_is_refused_before_a_byte_is_read(app) -> None:
    for path in (f"{V1}/complaints", f"{V1}/intake/sms", f"{V1}/recordings"):
        answer = post(app, path, json_chunks(), {"content-type": "application/json"})
        assert answer.status == 401, (path, answer.body)
        assert answer.pulled == 0, path
        assert answer.headers["www-authenticate"].startswith("Bearer")
        assert answer.headers["content-type"] == "application/problem+json"


def test_a_wrong_token_or_a_stray_cookie_is_refused_before_the_body_is_read(app) -> None:
    headers = {"content-type": "application/json", "authorization": "Bearer suara_nope_0000"}
    answer = post(app, f"{V1}/complaints", json_chunks(), headers)
    assert answer.status == 401 and answer.pulled == 0
    headers = {"content-type": "application/json", "cookie": "theme=dark; lang=id"}
    answer = post(app, f"{V1}/complaints", json_chunks(), headers)
    assert answer.status == 401 and answer.pulled == 0


def test_a_signed_in_chunked_json_body_stops_at_the_limit(app, settings, make_user, auth_headers, db) -> None:
    from sqlalchemy import func, select

    from api.complaint.models import Complaint

    before = db.scalar(select(func.count(Complaint.id)))
    headers = {"content-type": "application/json", **auth_headers(make_user("operator"))}
    answer = post(app, f"{V1}/complaints", json_chunks(), headers)
    assert answer.status == 413, answer.body
    assert str(settings.max_json_bytes) in answer.json()["detail"]
    assert answer.pulled <= settings.max_json_bytes + CHUNK + 64  # stopped at the chunk that passed it
    db.rollback()
    assert db.scalar(select(func.count(Complaint.id))) == before


def test_a_declared_length_over_the_limit_is_refused_unread(app, settings, make_user, auth_headers) -> None:
    headers = {
        "content-type": "application/json",
        "content-length": str(settings.max_json_bytes + 1),
        **auth_headers(make_user("operator")),
    }
    answer = post(app, f"{V1}/complaints", json_chunks(), headers)
    assert answer.status == 413 and answer.pulled == 0
    upload = {
        "content-type": "multipart/form-data; boundary=x",
        "content-length": str(settings.max_upload_bytes + 10 * 1024 * 1024),
        **auth_headers(make_user("operator")),
    }
    answer = post(app, f"{V1}/recordings", json_chunks(), upload)
    assert answer.status == 413 and answer.pulled == 0


def test_the_json_limit_is_a_setting(app, settings, make_user, auth_headers, monkeypatch) -> None:
    headers = {"content-type": "application/json", **auth_headers(make_user("operator"))}
    body = json.dumps({"channel": "web", "text": "Jalan di desa Karanglewas rusak parah. " * 40}).encode()
    assert post(app, f"{V1}/complaints", iter([body]), dict(headers)).status == 201
    monkeypatch.setattr(settings, "max_json_bytes", 1000)
    assert post(app, f"{V1}/complaints", iter([body]), dict(headers)).status == 413


def test_sign_in_still_takes_a_body_from_nobody_but_not_a_huge_one(app, make_user) -> None:
    make_user("operator", username="limits-op", password="kata-sandi-panjang")
    login = json.dumps({"username": "limits-op", "password": "kata-sandi-panjang"}).encode()
    answer = post(app, f"{V1}/auth/login", iter([login]), {"content-type": "application/json"})
    assert answer.status == 200, answer.body
    huge = post(app, f"{V1}/auth/login", json_chunks(), {"content-type": "application/json"})
    assert huge.status == 413 and huge.pulled < 2 * 1024 * 1024


def form_fields(count: int, size: int = 4000) -> Iterator[bytes]:
    """A multipart body of `count` text fields and no file (the probe sent 40,000 of them)."""
    for i in range(count):
        yield (f'--x\r\nContent-Disposition: form-data; name="f{i}"\r\n\r\n'.encode() + b"v" * size + b"\r\n")
    yield b"--x--\r\n"


def test_an_upload_of_countless_fields_is_refused_at_the_first_stray_one(
    app, settings, make_user, auth_headers
) -> None:
    headers = {"content-type": "multipart/form-data; boundary=x", **auth_headers(make_user("operator"))}
    answer = post(app, f"{V1}/recordings", form_fields(40_000), headers)
    assert answer.status == 422, answer.body
    assert "unknown form field" in answer.json()["detail"]
    assert answer.pulled < 64 * 1024
    repeated = iter(
        [b'--x\r\nContent-Disposition: form-data; name="station"\r\n\r\nRRI\r\n'] * 3 + [b"--x--\r\n"]
    )
    answer = post(app, f"{V1}/recordings", repeated, headers)
    assert answer.status == 422 and "twice" in answer.json()["detail"]


def test_an_upload_body_stops_at_the_upload_limit(
    app, settings, make_user, auth_headers, monkeypatch
) -> None:
    """A chunked body with a file part that never ends: cut at the limit, nothing staged or stored."""
    monkeypatch.setattr(settings, "max_upload_bytes", 200_000)
    headers = {"content-type": "multipart/form-data; boundary=x", **auth_headers(make_user("operator"))}

    def endless_file() -> Iterator[bytes]:
        yield b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\n\r\n'
        while True:
            yield b"\x01" * CHUNK

    answer = post(app, f"{V1}/recordings", endless_file(), headers)
    assert answer.status == 413, answer.body
    assert answer.pulled < 200_000 + 2 * CHUNK
    staging = settings.data_dir / "incoming"
    assert not staging.exists() or not any(staging.iterdir())


def test_a_real_server_answers_401_while_the_client_is_still_sending(app) -> None:
    """Over a socket: the answer arrives after a few chunks of a 100 MB chunked body, which is not read."""
    with serving_in_thread(app) as port, socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            b"POST /api/v1/complaints HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        sent = 0
        sock.settimeout(0.05)
        answer = b""
        for chunk in json_chunks():
            try:
                sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                sent += len(chunk)
                answer += sock.recv(65536)
            except TimeoutError:
                continue
            except (BrokenPipeError, ConnectionResetError):
                break
            if answer:
                break
        sock.settimeout(5)
        while b"\r\n\r\n" not in answer:
            more = sock.recv(65536)
            if not more:
                break
            answer += more
    assert answer.startswith(b"HTTP/1.1 401"), answer[:200]
    assert sent < 8 * 1024 * 1024, f"the client sent {sent} bytes before the answer"


@pytest.mark.parametrize("path", [f"{V1}/complaints", f"{V1}/public/stats"])
def test_ordinary_reads_are_untouched(client, path) -> None:
    assert client.get(path).status_code == 200
