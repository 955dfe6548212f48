"""`/ws/asr`: the live transcript of a call, for the operator's page and any vosk-server client.

Authenticated like every route (a machine token in the Authorization header or `?token=`, or the page's
cookie session from the site's own origin) and allowed to whoever may upload recordings. Decoding never
runs on the event loop: each frame is handed to a worker thread and the next frame is read only after the
answer went out, so a client sending faster than real time is simply slowed to the decoder's pace. The
recognizer is released however the socket ends.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Query, WebSocket, WebSocketDisconnect, WebSocketException
from starlette.concurrency import run_in_threadpool

import voice
from api.access import policy
from api.access.policy import Action
from api.deps import AdminDep, PrincipalDep, SettingsDep
from api.errors import Forbidden, Unauthorized
from api.live import protocol
from api.live.protocol import Config, ProtocolError

log = logging.getLogger(__name__)
router = APIRouter(tags=["live"])


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
        await websocket.close(code=exc.code, reason=exc.reason)
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
    """One socket's conversation: settings, the live stream once audio arrives, and the answers."""

    def __init__(self, websocket: WebSocket, models_dir, language: str, config: Config) -> None:
        self.websocket, self.models_dir, self.language, self.config = websocket, models_dir, language, config
        self.stream: voice.LiveStream | None = None

    async def run(self) -> None:
        while True:
            message = await self.websocket.receive()
            if message["type"] == "websocket.disconnect":
                raise WebSocketDisconnect(message.get("code", 1000))
            if message.get("bytes") is not None:
                await self._audio(protocol.check_frame(message["bytes"]))
                continue
            command = protocol.parse_text(message.get("text") or "", self.config)
            if command.kind == "config":
                if self.stream is not None:
                    raise ProtocolError(protocol.UNSUPPORTED_DATA, "config must come before the audio")
                self.config = command.config or self.config
            elif command.kind == "reset":
                await self.websocket.send_text(protocol.render_final(await self._finish(), self.config))
            else:  # eof
                await self.websocket.send_text(protocol.render_final(await self._finish(), self.config))
                await self.websocket.close(code=protocol.NORMAL)
                return

    async def _audio(self, frame: bytes) -> None:
        if self.stream is None:
            self.stream = await run_in_threadpool(
                voice.open_live_stream, language=self.language, models_dir=self.models_dir,
                client_rate=self.config.sample_rate,
            )  # fmt: skip
        update = await run_in_threadpool(self.stream.accept, frame)
        await self.websocket.send_text(protocol.render_update(update, self.config))

    async def _finish(self) -> list[voice.Segment]:
        if self.stream is None:
            return []
        stream, self.stream = self.stream, None
        return await run_in_threadpool(stream.finish)

    def release(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
