"""`/ws/asr`: the live transcript of a call, for the operator's page and any vosk-server client.

Authenticated like every route (a machine token in the Authorization header or `?token=`, or the page's
cookie session from the site's own origin) and allowed to whoever may upload recordings. Decoding never
runs on the event loop: each frame is handed to a worker thread, in order, while the socket keeps being
read (a client's keepalive pings must be answered even while a slow decoder is behind); a client more
than a minute of audio ahead of the decoder is closed with a reason. The recognizer is released however
the socket ends. A socket that ends (the client went, or the server is stopping: `suara serve` closes
every socket with 1012, service restart, and a reason) never waits for the frame being decoded: that
thread is abandoned, told to stop, and gives the recognizer back when it comes out, so SIGTERM stops
the server at once even while live Whisper decodes of many seconds are running.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import anyio
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream
from fastapi import APIRouter, Query, WebSocket, WebSocketDisconnect, WebSocketException

import voice
from api.access import policy
from api.access.policy import Action
from api.deps import AdminDep, PrincipalDep, SettingsDep
from api.errors import Forbidden, Unauthorized
from api.live import protocol
from api.live.protocol import Config, ProtocolError

log = logging.getLogger(__name__)
T = TypeVar("T")
router = APIRouter(tags=["live"])
MAX_BEHIND = 60.0  # seconds of received audio the decoder may be behind before the client is told
RESTARTING = "the server is restarting; call again in a minute"
_sessions: set[_Session] = set()  # the sockets open in this process, for close_all_sockets


def close_all_sockets() -> None:
    """Close every live socket with 1012 and a reason, from the event loop's own thread (a signal
    handler: see api/live/server.py), before uvicorn drops them with a bare 1012 while shutting down."""
    for session in list(_sessions):
        session.loop.call_soon_threadsafe(session.stop)


@router.websocket("/ws/asr")
async def asr_socket(
    websocket: WebSocket,
    principal: PrincipalDep,
    settings: SettingsDep,
    language: Annotated[str, Query(pattern=r"^[a-z]{2,3}$")] = "id",
    sample_rate: Annotated[float, Query(ge=1)] = protocol.DEFAULT_RATE,
) -> None:
    """vosk-server's protocol: PCM frames in, partial and final results out (see api/live/protocol.py)."""
    try:
        policy.require(principal, Action.UPLOAD)
    except (Unauthorized, Forbidden) as exc:
        raise WebSocketException(code=protocol.POLICY, reason=exc.detail) from exc
    await websocket.accept()
    session = _Session(websocket, settings.models_dir, language, Config(sample_rate=sample_rate))
    try:
        await session.run()
    except ProtocolError as exc:
        try:
            await websocket.close(code=exc.code, reason=exc.reason)
        except (OSError, RuntimeError, WebSocketDisconnect):  # the server was quicker to drop it
            log.info("live stream of %s closed before its reason went out", principal.username)
    except voice.VoiceError as exc:  # no model for the language, a rate no device sends
        code = protocol.UNSUPPORTED_DATA if isinstance(exc, voice.AudioDecodeError) else protocol.SERVER_ERROR
        await websocket.close(code=code, reason=ProtocolError(code, str(exc)).reason)
    except WebSocketDisconnect:
        log.info("live stream of %s dropped by the client", principal.username)
    finally:
        session.release()


@router.get("/api/v1/live/streams", summary="Live recognizers open in this server process")
async def live_streams(_admin: AdminDep) -> dict[str, int]:
    return {"open": voice.live_stream_count()}


class _Session:
    """One socket's conversation: settings, the live stream once audio arrives, and the answers.

    The socket is read all the time (so the client's pings are answered even while a slow decoder is
    behind) into an inbox the decoder works through in order, one answer per audio frame. The inbox
    holds at most MAX_BEHIND seconds of audio: a client that stays further ahead than that is told so.
    """

    def __init__(self, websocket: WebSocket, models_dir, language: str, config: Config) -> None:
        self.websocket, self.models_dir, self.language, self.config = websocket, models_dir, language, config
        self.stream: voice.LiveStream | None = None
        self.audio_seen = False
        self.behind = 0.0  # seconds of audio received and not yet decoded
        self.loop = asyncio.get_running_loop()
        self._scope: anyio.CancelScope | None = None
        self._stopping = False

    async def run(self) -> None:
        inbox, outbox = anyio.create_memory_object_stream[tuple[str, Any]](math.inf)
        _sessions.add(self)
        try:
            async with anyio.create_task_group() as group:  # either side's error ends both
                self._scope = group.cancel_scope
                group.start_soon(self._work, outbox)
                await self._read(inbox)
        except BaseExceptionGroup as failed:
            raise _cause(failed) from None
        finally:
            _sessions.discard(self)
        if self._stopping:
            raise ProtocolError(protocol.SERVICE_RESTART, RESTARTING)

    def stop(self) -> None:
        """End the conversation (the server is going down): run() then raises a 1012 with a reason."""
        self._stopping = True
        if self._scope is not None:
            self._scope.cancel()

    async def _read(self, inbox: MemoryObjectSendStream[tuple[str, Any]]) -> None:
        """Take messages as they come, checking them, until eof."""
        config = self.config
        while True:
            message = await self.websocket.receive()
            if message["type"] == "websocket.disconnect":
                raise WebSocketDisconnect(message.get("code", 1000))
            if message.get("bytes") is not None:
                frame = protocol.check_frame(message["bytes"])
                self.audio_seen = True
                self.behind += len(frame) / 2 / max(config.sample_rate, 1)
                if self.behind > MAX_BEHIND:
                    raise ProtocolError(
                        protocol.POLICY,
                        f"audio arrives faster than it is transcribed ({MAX_BEHIND:.0f} s behind); "
                        "send it in real time",
                    )
                inbox.send_nowait(("audio", frame))
                continue
            command = protocol.parse_text(message.get("text") or "", config)
            if command.kind == "config":
                if self.audio_seen:
                    raise ProtocolError(protocol.UNSUPPORTED_DATA, "config must come before the audio")
                config = command.config or config
            inbox.send_nowait((command.kind, command.config))
            if command.kind == "eof":
                return

    async def _work(self, outbox: MemoryObjectReceiveStream[tuple[str, Any]]) -> None:
        """Decode and answer in the order the messages came."""
        while True:
            kind, value = await outbox.receive()
            if kind == "audio":
                await self._audio(value)
            elif kind == "config":
                self.config = value or self.config
            elif kind == "reset":
                await self.websocket.send_text(protocol.render_final(await self._finish(), self.config))
            else:  # eof
                await self.websocket.send_text(protocol.render_final(await self._finish(), self.config))
                await self.websocket.close(code=protocol.NORMAL)
                return

    async def _audio(self, frame: bytes) -> None:
        if self.stream is None:
            self.stream = await _in_thread(
                lambda: voice.open_live_stream(
                    language=self.language, models_dir=self.models_dir,
                    client_rate=self.config.sample_rate, partial_words=self.config.partial_words,
                )
            )  # fmt: skip
        update = await _in_thread(self.stream.accept, frame)
        self.behind = max(0.0, self.behind - len(frame) / 2 / self.stream.client_rate)
        await self.websocket.send_text(protocol.render_update(update, self.config))

    async def _finish(self) -> list[voice.Segment]:
        if self.stream is None:
            return []
        stream, self.stream = self.stream, None
        try:
            return await _in_thread(stream.finish)
        finally:
            stream.close()  # when cancelled inside finish: that thread releases the recognizer

    def release(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None


async def _in_thread(function: Callable[..., T], *args: Any) -> T:
    """Run blocking decoding in a worker thread; a cancelled socket does not wait for it to end."""
    return await anyio.to_thread.run_sync(function, *args, abandon_on_cancel=True)


def _cause(failed: BaseExceptionGroup) -> BaseException:
    """The error that ended a socket's two tasks (a protocol error, a disconnect), not the cancellation
    it caused in the other one."""
    for error in failed.exceptions:
        if isinstance(error, BaseExceptionGroup):
            return _cause(error)
        if not isinstance(error, anyio.get_cancelled_exc_class()):
            return error
    return failed.exceptions[0]
