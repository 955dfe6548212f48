"""The web pages: server-rendered HTML from the same app, on the API's sessions, policy and services.

`install(app)` mounts the assets, the page routers and the HTML error pages. A page family is one module
here with a `router`, added to `ROUTERS`, its templates under api/templates/<family>/, its scripts and
styles under api/static/, and one entry in api/pages/nav.py.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI


def routers() -> list[APIRouter]:
    from api.pages import admin, auth, complaint, dashboard, desk, inbox, queue, shows, statistics

    return [
        auth.router, admin.router, inbox.router, dashboard.router, statistics.router, desk.router,
        shows.router, queue.router, complaint.router,
    ]  # fmt: skip


def install(app: FastAPI) -> None:
    from api.pages import assets, errors

    assets.install(app)
    for router in routers():
        app.include_router(router)
    errors.install(app)  # after api/errors.install: wraps its handlers so pages get HTML
