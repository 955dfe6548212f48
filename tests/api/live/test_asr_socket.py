"""/ws/asr speaks vosk-server's protocol on the real engines (Starlette's WebSocket test client here; a
real `websockets` client against a real server in test_asr_server.py)."""

from __future__ import annotations

import json
import wave

import pytest
from starlette.websockets import WebSocketDisconnect

from tests.audio import convert

FRAME = 8000  # bytes: half a second at 8 kHz, what vosk-server's test client sends


@pytest.fixture(scope="module")
def call_8k(tmp_path_factory: pytest.TempPathFactory, speak) -> bytes:
    """A Korean sentence (the installed Vosk model's language) as 8 kHz PCM, as a phone adapter sends."""
    folder = tmp_path_factory.mktemp("live")
    wav = speak(
        "안녕하세요 저는 김민수입니다 도로가 많이 파손되어 있어서 신고하려고 전화했습니다",
        folder / "ko.wav",
        voice="ko",
    )
    at_8k = convert(wav, folder / "ko-8k.wav", "-ar", "8000", "-ac", "1", "-c:a", "pcm_s16le")
    with wave.open(str(at_8k)) as src:
        return src.readframes(src.getnframes())


@pytest.fixture
def operator_headers(make_user, auth_headers) -> dict[str, str]:
    return auth_headers(make_user("operator"))


def _talk(ws, pcm: bytes, *, config: dict | None = None) -> list[dict]:
    """Send like vosk-server's test.py: optional config, frames, eof; return every answer."""
    if config is not None:
        ws.send_text(json.dumps({"config": config}))
    answers = []
    for at in range(0, len(pcm), FRAME):
        ws.send_bytes(pcm[at : at + FRAME])
        answers.append(json.loads(ws.receive_text()))  # exactly one answer per frame
    ws.send_text('{"eof" : 1}')
    answers.append(json.loads(ws.receive_text()))
    return answers


def test_a_vosk_server_client_gets_partials_and_timed_final_words(
    app, operator_headers, call_8k: bytes
) -> None:
    from fastapi.testclient import TestClient

    client = TestClient(app)
    with client.websocket_connect("/ws/asr?language=ko", headers=operator_headers) as ws:
        answers = _talk(ws, call_8k, config={"sample_rate": 8000, "words": 1})
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
    assert closed.value.code == 1000
    assert any(a.get("partial") for a in answers), "partials while the caller speaks"
    finals = [a for a in answers if "text" in a]
    assert finals and "text" in answers[-1], "eof is answered with the final result"
    words = [w for a in finals for w in a.get("result", [])]
    assert words and all(set(w) == {"conf", "start", "end", "word"} for w in words)
    duration = len(call_8k) / 2 / 8000
    assert all(0 <= w["start"] <= w["end"] <= duration + 0.1 and 0 <= w["conf"] <= 1 for w in words)
    assert [w["start"] for w in words] == sorted(w["start"] for w in words)


def test_the_token_may_come_in_the_query_and_no_token_is_refused(app, make_user, settings, call_8k) -> None:
    from fastapi.testclient import TestClient

    from api.auth import tokens
    from api.database import session_scope

    user = make_user("operator")
    with session_scope(settings.sqlalchemy_url) as db_session:
        _, secret = tokens.issue(
            db_session=db_session, settings=settings, user=user, name="desk", expires_at=None,
            scopes=["recordings:write"], created_by="test",
        )  # fmt: skip
    client = TestClient(app)
    with client.websocket_connect(f"/ws/asr?language=ko&sample_rate=8000&token={secret}") as ws:
        ws.send_bytes(call_8k[:FRAME])
        assert "partial" in json.loads(ws.receive_text())
    for url in ("/ws/asr", "/ws/asr?token=suara_bad_token"):
        with pytest.raises(WebSocketDisconnect) as refused, client.websocket_connect(url) as ws:
            ws.receive_text()
        assert refused.value.code == 1008


@pytest.mark.parametrize("role", ["liaison", "leader"])
def test_roles_that_cannot_file_calls_are_refused(app, make_user, auth_headers, role: str) -> None:
    from fastapi.testclient import TestClient

    headers = auth_headers(make_user(role, "reg-33.03"))
    with (
        pytest.raises(WebSocketDisconnect) as refused,
        TestClient(app).websocket_connect("/ws/asr", headers=headers) as ws,
    ):
        ws.receive_text()
    assert refused.value.code == 1008


@pytest.mark.parametrize(
    ("messages", "code", "reason"),
    [
        (["not json"], 1007, "must be JSON"),
        (['{"hello": 1}'], 1003, "expected"),
        (['{"config": {"sample_rate": "fast"}}'], 1003, "sample_rate must be a number"),
        (['{"config": {"sample_rate": 96000}}', b"\x00\x00" * 100], 1003, "unsupported sample rate"),
        (['{"config": {"max_alternatives": true}}'], 1003, "max_alternatives"),
        ([b"\x00" * (600 * 1024)], 1009, "audio frame"),
        ([b"\x00\x00" * 100, '{"config": {"sample_rate": 16000}}'], 1003, "before the audio"),
    ],
)
def test_bad_messages_close_with_a_clear_reason(
    app, operator_headers, messages, code: int, reason: str
) -> None:
    from fastapi.testclient import TestClient

    socket = TestClient(app).websocket_connect("/ws/asr?language=ko", headers=operator_headers)
    with socket as ws, pytest.raises(WebSocketDisconnect) as closed:
        for message in messages:
            ws.send_bytes(message) if isinstance(message, bytes) else ws.send_text(message)
        for _ in messages:
            ws.receive_text()
    assert closed.value.code == code
    assert reason in closed.value.reason


def test_a_language_without_a_model_is_said_plainly(app, operator_headers) -> None:
    from fastapi.testclient import TestClient

    socket = TestClient(app).websocket_connect("/ws/asr?language=xx", headers=operator_headers)
    with socket as ws, pytest.raises(WebSocketDisconnect) as closed:
        ws.send_bytes(b"\x00\x00" * 800)
        ws.receive_text()
    assert closed.value.code == 1011 and "no model installed" in closed.value.reason


def test_dropped_sockets_release_their_recognizers(app, client, operator_headers, call_8k: bytes) -> None:
    from fastapi.testclient import TestClient

    before = client.get("/api/v1/live/streams").json()["open"]
    test_client = TestClient(app)
    for _ in range(5):
        with test_client.websocket_connect("/ws/asr?language=ko", headers=operator_headers) as ws:
            ws.send_bytes(call_8k[:FRAME])
            ws.receive_text()
            assert client.get("/api/v1/live/streams").json()["open"] == before + 1
        # leaving the block drops the socket mid-call, without eof
    import gc

    gc.collect()
    assert client.get("/api/v1/live/streams").json()["open"] == before


def test_partial_words_come_when_the_client_asks_for_them(app, operator_headers, call_8k: bytes) -> None:
    """vosk's SetPartialWords: each partial carries its timed words, each heard before it was sent."""
    from fastapi.testclient import TestClient

    client = TestClient(app)
    with client.websocket_connect("/ws/asr?language=ko", headers=operator_headers) as ws:
        plain = _talk(ws, call_8k[: FRAME * 4], config={"sample_rate": 8000})
    assert not any("partial_result" in a for a in plain), "only when asked, as vosk-server"
    with client.websocket_connect("/ws/asr?language=ko", headers=operator_headers) as ws:
        answers = _talk(ws, call_8k, config={"sample_rate": 8000, "partial_words": 1})
    sent = 0.0
    timed = []
    for answer in answers[:-1]:
        sent += FRAME / 2 / 8000
        if "partial" not in answer:
            continue
        words = answer["partial_result"]
        assert [w["word"] for w in words] == answer["partial"].split()
        assert all(set(w) == {"conf", "start", "end", "word"} for w in words)
        assert all(0 <= w["start"] <= w["end"] <= sent + 0.05 for w in words), (sent, words)
        timed += words
    assert timed, "the Korean call shows timed words while it is spoken"


def test_whisper_shows_stable_partials_over_the_socket(app, operator_headers, speak, tmp_path) -> None:
    """Indonesian has no Vosk model here, so Whisper serves it: words show before the caller pauses,
    a shown word is never taken back, and the final result keeps them."""
    from fastapi.testclient import TestClient

    said = "Selamat pagi, saya mau melapor jalan di desa kami rusak sudah tiga bulan"
    wav = speak(said, tmp_path / "id.wav", voice="id")
    at_8k = convert(wav, tmp_path / "id-8k.wav", "-ar", "8000", "-ac", "1", "-c:a", "pcm_s16le")
    with wave.open(str(at_8k)) as src:
        pcm = src.readframes(src.getnframes())
    url = "/ws/asr?language=id"
    with TestClient(app).websocket_connect(url, headers=operator_headers) as ws:
        answers = _talk(ws, pcm, config={"sample_rate": 8000, "partial_words": 1})
    partials = [a for a in answers[:-1] if "partial" in a]
    assert any(a["partial"] for a in partials), "Whisper shows words while the caller is still speaking"
    assert all([w["word"] for w in a["partial_result"]] == a["partial"].split() for a in partials)
    shown: list[str] = []  # the utterance in progress
    for answer in answers:
        now = (answer["partial"] if "partial" in answer else answer["text"]).split()
        assert now[: len(shown)] == shown, (shown, now)
        shown = now if "partial" in answer else []


def test_a_client_far_ahead_of_the_decoder_is_told_to_send_in_real_time(app, operator_headers) -> None:
    """The socket is always read (pings stay answered); a minute of audio not yet decoded is the limit."""
    from fastapi.testclient import TestClient

    from api.live.views import MAX_BEHIND

    frame = b"\x00\x00" * 8000  # one second at 8 kHz
    with (
        TestClient(app).websocket_connect("/ws/asr?language=ko", headers=operator_headers) as ws,
        pytest.raises(WebSocketDisconnect) as closed,
    ):
        for _ in range(int(MAX_BEHIND) + 30):  # sent at once, never waiting for an answer
            ws.send_bytes(frame)
        while True:
            ws.receive_text()
    assert closed.value.code == 1008 and "real time" in closed.value.reason
