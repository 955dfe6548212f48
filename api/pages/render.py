"""Rendering a page: the one Jinja2 environment, the context every template gets, and the headers every
page carries.

Every page is rendered for a `Viewer` (its language, its navigation, its CSRF token). Pages may hold
personal data, so none is cached; the Content-Security-Policy admits only this site's own scripts and
styles (every asset is served by the app itself, api/pages/assets.py), which also stops injected markup
from running anything.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from api.pages.nav import nav_for
from api.pages.viewer import Viewer

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def local_time(value: datetime | None, zone: str = "Asia/Jakarta", fmt: str = "%d-%m-%Y %H:%M") -> str:
    """A stored UTC time as the agency's wall clock (WIB by default), with the zone's abbreviation."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    shown = value.astimezone(ZoneInfo(zone))
    return f"{shown.strftime(fmt)} {ZONE_NAMES.get(zone, shown.tzname() or '')}".strip()


def clock(seconds: float | None) -> str:
    """Seconds as m:ss.s, the way a producer reads a show's timeline."""
    if seconds is None:
        return ""
    minutes, rest = divmod(max(float(seconds), 0.0), 60)
    return f"{int(minutes)}:{rest:04.1f}"


ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}

environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,  # a misspelt variable fails the test that renders it, not silently
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.filters["local_time"] = local_time
environment.filters["clock"] = clock


def page_address(request: Request, back: str | None = None) -> str:
    """The GET address of the page shown, for the links that reload it (language switch, sign-in).

    A form re-shown after a POST (a 422) is served at the form's POST address, which answers only POST:
    a link back there would be a 405 page. So: the page's own `back` when it knows it, else the address of
    a GET, else the page the form was on (the same-origin Referer), else the front door. Paths only: a
    query may carry text someone else wrote into the link, which no page repeats.
    """
    if back:
        return back
    if request.method in ("GET", "HEAD"):
        return request.url.path
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc == request.url.netloc and referer.path.startswith("/"):
        return referer.path
    return "/"


def render(
    request: Request,
    viewer: Viewer,
    template: str,
    *,
    status_code: int = 200,
    back: str | None = None,
    **context: Any,
) -> HTMLResponse:
    """The page `template` for `viewer`, with the layout's context (t, nav, csrf, path, back).

    `back` is the page's GET address when a POST re-renders it (see `page_address`).
    """
    body = environment.get_template(template).render(
        request=request,
        viewer=viewer,
        t=viewer.t,
        lang=viewer.language,
        nav=nav_for(viewer.principal),
        csrf_token=viewer.csrf_token or "",
        path=request.url.path,
        back=page_address(request, back),
        **context,
    )
    return HTMLResponse(body, status_code=status_code, headers=PAGE_HEADERS)
