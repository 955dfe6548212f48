"""Every script, style sheet and chart library the pages use, served by the app itself (no CDN).

Our own files live in api/static. Third-party ones come from the npm packages the set-up installs
(package.json → node_modules/), served under /vendor by an explicit list, so nothing else in
node_modules is reachable.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from api.errors import NotFound, Unavailable

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "api" / "static"
NODE_MODULES = ROOT / "node_modules"
VENDOR: dict[str, str] = {
    "htmx.min.js": "htmx.org/dist/htmx.min.js",
    "chart.umd.js": "chart.js/dist/chart.umd.js",
}

router = APIRouter(include_in_schema=False)


@router.get("/vendor/{name}")
async def vendor(name: str) -> FileResponse:
    """A third-party asset from the list above (cached a day: versions change only with the set-up)."""
    if name not in VENDOR:
        raise NotFound(f"no such asset: {name}")
    path = NODE_MODULES / VENDOR[name]
    if not path.is_file():
        raise Unavailable(f"{name} is not installed: run the set-up (npm ci installs the pages' assets)")
    return FileResponse(path, headers={"Cache-Control": "public, max-age=86400"})


def install(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(router)
