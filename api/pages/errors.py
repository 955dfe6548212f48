"""Errors on pages are pages: in the visitor's language, inside the layout, never a stack trace or a
JSON blob. The API keeps its problem details: each handler installed by api/errors.py is wrapped so that
only requests for pages are answered in HTML.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.errors import SuaraError, Unauthorized, problem
from api.pages.refusals import refusal_text
from api.pages.render import render
from api.pages.viewer import SignInNeeded, viewer_of

log = logging.getLogger(__name__)
NOT_PAGES = ("/api/", "/ws/", "/static/", "/vendor/", "/docs", "/redoc", "/openapi.json")
Handler = Callable[[Request, Exception], Awaitable[Response]]

# What each status means to the person in front of the page (English source; translated by the layout).
EXPLANATIONS = {
    400: ("The request could not be understood", "Check what you entered and try again."),
    401: ("Please sign in", "This page needs you to be signed in."),
    403: ("Not allowed", "Your role does not allow this page or action."),
    404: ("Not found", "This page does not exist, or you may not see what it shows."),
    409: ("Not possible right now", "Someone may have changed this in the meantime. Reload and try again."),
    413: ("Too large", "The file or form is larger than this site accepts."),
    415: ("Unsupported file", "This kind of file is not accepted here."),
    422: ("Please check your input", "Something you entered is not valid."),
    429: ("Too many attempts", "Please wait a moment and try again."),
    500: ("Something went wrong", "The error has been logged. Please try again later."),
    503: ("Temporarily unavailable", "The service is busy or restarting. Please try again shortly."),
}


def is_page(request: Request) -> bool:
    return request.scope["type"] == "http" and not request.url.path.startswith(NOT_PAGES)


def sign_in_redirect(next_path: str) -> RedirectResponse:
    return RedirectResponse(f"/sign-in?next={next_path}", status_code=303)


def error_page(request: Request, status: int, detail: str | None = None) -> Response:
    """The error page for `status`; `detail` is shown when the visitor's language has it."""
    viewer = viewer_of(request)
    t = viewer.t
    title, explanation = EXPLANATIONS.get(status, EXPLANATIONS[400 if status < 500 else 500])
    shown = None
    if detail:
        translated = refusal_text(t, detail)
        shown = translated if (translated != detail or viewer.language == "en") else None
    return render(
        request, viewer, "error.html", status_code=status,
        status=status, title=t(title), explanation=t(explanation), detail=shown,
    )  # fmt: skip


def _status_and_detail(exc: Exception) -> tuple[int, str | None]:
    if isinstance(exc, SuaraError):
        return exc.status, exc.detail
    if isinstance(exc, StarletteHTTPException):
        return exc.status_code, None
    return 500, None


def _page_aware(api_handler: Handler | None) -> Handler:
    async def handle(request: Request, exc: Exception) -> Response:
        if not is_page(request):
            if api_handler is not None:
                return await api_handler(request, exc)
            log.exception("%s failed", request.url.path, exc_info=exc)
            detail = "an unexpected error; it was logged"
            return problem(500, "Internal Server Error", detail, request.url.path)
        if isinstance(exc, SignInNeeded):
            return sign_in_redirect(exc.next_path)
        if isinstance(exc, Unauthorized):
            return sign_in_redirect(quote(request.url.path, safe="/"))
        status, detail = _status_and_detail(exc)
        if status >= 500:
            log.exception("page %s failed", request.url.path, exc_info=exc)
        response = error_page(request, status, detail)
        if isinstance(exc, SuaraError) and exc.headers:
            response.headers.update(exc.headers)
        return response

    return handle


def install(app: FastAPI) -> None:
    """Wrap every installed error handler (call after api/errors.install) and add the page-only ones."""
    for exc_class, handler in list(app.exception_handlers.items()):
        app.add_exception_handler(exc_class, _page_aware(handler))
    app.add_exception_handler(SignInNeeded, _page_aware(None))
    app.add_exception_handler(Exception, _page_aware(None))
