"""The FastAPI application: routers under /api/v1, problem-details errors, optional embedded workers.

Routers are grouped by domain and mounted under one prefix, so HTML pages (api/pages) and a live-call
WebSocket can later be included beside them without touching these.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from huey.consumer import Consumer

from api import crypto, errors, limits
from api.config import QueueMode, Settings, get_settings
from api.validation import reject_nul_bytes

log = logging.getLogger(__name__)
API_PREFIX = "/api/v1"


class EmbeddedConsumer(Consumer):
    """Huey's consumer as threads inside the web process; uvicorn keeps its own signal handling."""

    def _set_signal_handlers(self) -> None:
        pass


def api_router() -> APIRouter:
    from api.agency.views import router as agencies
    from api.auth.views import router as accounts
    from api.complaint.views import router as complaints
    from api.intake.turn_views import router as turns
    from api.intake.views import router as intake
    from api.open311.views import router as open311
    from api.recording.views import router as recordings
    from api.stats.views import router as stats

    router = APIRouter(prefix=API_PREFIX, dependencies=[Depends(reject_nul_bytes)])
    for domain in (accounts, recordings, turns, complaints, agencies, stats, intake, open311):
        router.include_router(domain)

    @router.get("/health", tags=["system"], summary="Liveness and database reachability")
    def health() -> dict[str, Any]:
        from sqlalchemy import text

        from api.database import engine_for

        with engine_for(get_settings().sqlalchemy_url).connect() as conn:
            conn.execute(text("SELECT 1"))
        return {"status": "ok"}

    return router


def _start_consumer(settings: Settings) -> Consumer | None:
    if settings.queue == QueueMode.IMMEDIATE or settings.workers < 1:
        return None
    from api.jobs import huey

    consumer = EmbeddedConsumer(huey, workers=settings.workers, worker_type="thread", periodic=True)
    consumer.start()
    log.info("embedded Huey consumer started with %d worker thread(s)", settings.workers)
    return consumer


def create_app(settings: Settings | None = None, *, embedded_workers: bool = False) -> FastAPI:
    """Build the app. `embedded_workers` runs Huey consumer threads in-process (what `suara serve` does)."""
    from api.deps import get_principal

    settings = settings or get_settings()
    crypto.configure(settings)  # the encrypted columns read this process's key ring

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        consumer = _start_consumer(settings) if embedded_workers else None
        try:
            yield
        finally:
            if consumer is not None:
                consumer.stop(graceful=True)

    app = FastAPI(
        title="Suara",
        version="0.1.0",
        description="Offline voice intake for public complaints: recordings in, tracked complaints out.",
        lifespan=lifespan,
        # Every route, including routers and pages added later, authenticates (and checks CSRF for
        # cookie-signed writes) before anything else runs; views read the cached result via PrincipalDep.
        dependencies=[Depends(get_principal)],
    )
    app.state.settings = settings
    if settings.token_cache_seconds > 0:
        from api.auth.tokens import TokenCache

        app.state.token_cache = TokenCache(settings, ttl=settings.token_cache_seconds)
    errors.install(app)
    limits.install(app, settings)  # bodies are admitted and counted before any endpoint parses them
    app.include_router(api_router())
    from api.live.views import router as live

    app.include_router(live)  # /ws/asr sits beside /api/v1, where vosk-server clients expect it
    from api import pages

    pages.install(app)  # HTML pages, their assets and HTML error pages, beside the API
    return app


def create_served_app() -> FastAPI:
    """Factory for `suara serve`: the API plus embedded workers, nothing else to run."""
    from api.auth import logs

    logs.install()  # searched phone numbers and NIK stay out of the access log
    return create_app(embedded_workers=True)
