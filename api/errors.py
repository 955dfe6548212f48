"""Domain errors and their one translation to HTTP (RFC 9457 problem details).

The core raises these with a precise message; only this module knows status codes, so services stay
usable from jobs and the CLI.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)
PROBLEM_TYPE = "application/problem+json"


class SuaraError(Exception):
    """Base of every error raised on purpose; the message is shown to the user as is."""

    status = 400
    title = "Bad request"
    headers: dict[str, str] | None = None  # extra response headers (WWW-Authenticate, Retry-After)

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class Unauthorized(SuaraError):
    """No valid credential: the client must sign in or present a working token."""

    status, title = 401, "Unauthorized"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail, **extra)
        self.headers = {"WWW-Authenticate": 'Bearer realm="suara"'}


class Forbidden(SuaraError):
    """A valid credential that is not allowed to do this."""

    status, title = 403, "Forbidden"


class RateLimited(SuaraError):
    """Too many attempts; `retry_after` seconds until the next one is considered."""

    status, title = 429, "Too many requests"

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail, retry_after=retry_after)
        self.headers = {"Retry-After": str(retry_after)}


class NotFound(SuaraError):
    status, title = 404, "Not found"


class Conflict(SuaraError):
    status, title = 409, "Conflict"


class InvalidTransition(Conflict):
    """A workflow step not allowed from the current status; carries the allowed ones."""

    title = "Transition not allowed"

    def __init__(self, detail: str, *, current: str, allowed: list[str]) -> None:
        super().__init__(detail, current=current, allowed=allowed)


class InvalidInput(SuaraError):
    status, title = 422, "Invalid input"


class TooLarge(SuaraError):
    status, title = 413, "Content too large"


class UnsupportedMedia(SuaraError):
    status, title = 415, "Unsupported media type"


class Unavailable(SuaraError):
    status, title = 503, "Service unavailable"


def problem(
    status: int,
    title: str,
    detail: str,
    instance: str,
    *,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    headers = {"Retry-After": "5", **(headers or {})} if status == 503 else headers
    if "/open311/" in instance:  # GeoReport v2 clients expect its own error list
        return JSONResponse([{"code": status, "description": detail}], status_code=status, headers=headers)
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, "instance": instance}
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_TYPE, headers=headers)


async def _suara_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SuaraError)
    return problem(exc.status, exc.title, exc.detail, request.url.path, headers=exc.headers, **exc.extra)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    detail = f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
    return problem(422, "Invalid input", detail, request.url.path, errors=errors)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return problem(exc.status_code, str(exc.detail), str(exc.detail), request.url.path)


async def _database_down(request: Request, exc: Exception) -> JSONResponse:
    # A database that is briefly away (locked, restarting) fails the request cleanly; the client retries.
    log.warning("database unavailable: %s", exc)
    return problem(
        503, "Service unavailable", "the database is unavailable; try again shortly", request.url.path
    )


PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details; some problems add members (e.g. `allowed`, `errors`)",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "loc": {"type": "array"},
                    "msg": {"type": "string"},
                    "type": {"type": "string"},
                },
            },
        },
    },
}
OPEN311_ERRORS_SCHEMA: dict[str, Any] = {
    "type": "array",
    "description": "GeoReport v2 errors",
    "items": {
        "type": "object",
        "required": ["code", "description"],
        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
    },
}


def _error_response(path: str, description: str) -> dict[str, Any]:
    if "/open311/" in path:
        return {
            "description": description,
            "content": {"application/json": {"schema": OPEN311_ERRORS_SCHEMA}},
        }
    ref = {"$ref": "#/components/schemas/Problem"}
    return {"description": description, "content": {PROBLEM_TYPE: {"schema": ref}}}


async def _data_error(request: Request, exc: Exception) -> JSONResponse:
    # A value the schema let through but the database refuses (a NUL byte in PostgreSQL text, an id
    # beyond its integer range). The transaction is rolled back by the session; nothing was written.
    assert isinstance(exc, DataError)
    diag = getattr(exc.orig, "diag", None)
    reason = str((diag and diag.message_primary) or exc.orig).strip()
    log.info("database refused a value: %s", reason)
    return problem(422, "Invalid input", f"the database refused a value: {reason}", request.url.path)


def document_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Make the OpenAPI document say what the handlers above really answer: problem details (or
    Open311's error list) for every 4xx and 5xx, instead of FastAPI's default HTTPValidationError."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for name in ("HTTPValidationError", "ValidationError"):
        schema["components"]["schemas"].pop(name, None)
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            declared_422 = responses.get("422", {}).get("description", "Invalid input")
            responses["422"] = _error_response(path, declared_422)
            for code, response in list(responses.items()):
                if code[0] in "45" and code != "422":
                    responses[code] = {
                        **_error_response(path, response.get("description", "")),
                        **{k: v for k, v in response.items() if k != "content"},
                    }
            responses.setdefault("4XX", _error_response(path, "Refused: see the problem's detail"))
            responses.setdefault("5XX", _error_response(path, "Unavailable or failed: see the detail"))
    return schema


def _install_openapi(app: FastAPI) -> None:
    default_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_problems(default_openapi())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def install(app: FastAPI) -> None:
    """Register the handlers that turn errors into problem details, and document them in OpenAPI."""
    _install_openapi(app)
    app.add_exception_handler(SuaraError, _suara_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(OperationalError, _database_down)
    app.add_exception_handler(InterfaceError, _database_down)
