"""Input rules that hold for every route, checked once before any endpoint runs."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Request
from pydantic import AfterValidator, AwareDatetime

from api.errors import InvalidInput

TEXT_BODIES = ("application/json", "application/x-www-form-urlencoded")


async def reject_nul_bytes(request: Request) -> None:
    """No text Suara stores may hold a NUL character: PostgreSQL refuses it while SQLite keeps it, so
    one rule here makes both backends answer the same precise 422 before anything is written."""
    for name, value in [*request.query_params.multi_items(), *request.path_params.items()]:
        if "\x00" in str(value):
            raise InvalidInput(f"{name}: NUL characters are not allowed")
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type in TEXT_BODIES:
        body = await request.body()  # cached by Starlette; the endpoint reads the same bytes
        if b"\\u0000" in body or b"\x00" in body or b"%00" in body:
            raise InvalidInput("body: NUL characters are not allowed")


def _in_utc(moment: datetime) -> datetime:
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError("the moment falls outside the years 1 to 9999 once converted to UTC") from None


# A moment with an explicit zone, stored and compared in UTC (the database keeps UTC only).
UtcDatetime = Annotated[AwareDatetime, AfterValidator(_in_utc)]
