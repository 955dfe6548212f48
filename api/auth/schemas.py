"""Pydantic shapes of sign-in, users, tokens and auth events. Secrets appear only in requests and, once,
in the answer that creates a token."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from api.auth.passwords import MAX_LENGTH
from api.kernel import Role
from api.validation import NOT_NULL, omittable, refuse_nul_in_fields

USERNAME = r"^[a-z0-9._-]{3,64}$"
AGENCY_CODE = Field(default=None, min_length=1, max_length=64)


class LoginRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"username": "admin", "password": "a long passphrase"}]},
    )

    # Not the strict pattern: a mistyped username must get the same answer as a wrong password.
    username: str = Field(min_length=1, max_length=120)
    password: str = Field(min_length=1, max_length=MAX_LENGTH)

    # Sign-in reads JSON whatever media type is declared (or none), past the app-wide NUL check; a
    # username with NUL would otherwise be kept in the sign-in failure's auth event on SQLite.
    _no_nul = model_validator(mode="before")(refuse_nul_in_fields)


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str
    role: Role
    agency_id: int | None
    agency_code: str | None = None
    disabled: bool
    has_password: bool
    failed_logins: int
    locked_until: datetime | None
    last_login_at: datetime | None
    created_at: datetime
    password_changed_at: datetime | None


class SignInResult(BaseModel):
    user: UserRead
    csrf_token: str = Field(description="send it in X-CSRF-Token (or form field csrf_token) on every write")
    expires_at: datetime


class Me(BaseModel):
    user: UserRead
    via: Literal["session", "token"]
    scopes: list[str] | None = Field(description="a token's scopes; null: everything the role allows")
    csrf_token: str | None = Field(description="the session's CSRF token; null for token access")


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    current_password: str = Field(min_length=1, max_length=MAX_LENGTH)
    new_password: str = Field(min_length=1, max_length=MAX_LENGTH)


class PasswordChanged(BaseModel):
    other_sessions_ended: int


class UserCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"username": "dinas-pu", "role": "liaison", "agency_code": "reg-33.03"}]
        },
    )

    username: str = Field(pattern=USERNAME)
    role: Role
    agency_code: str | None = AGENCY_CODE
    display_name: str | None = Field(default=None, min_length=1, max_length=200)
    password: str | None = Field(default=None, min_length=1, max_length=MAX_LENGTH)


class UserUpdate(BaseModel):
    """Omitted fields stay as they are. Null clears `agency_code`; the other fields always have a value,
    so they may be omitted but not set to null (422), as in every partial update of this API."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"disabled": True}]})

    display_name: Annotated[str, NOT_NULL] = omittable(min_length=1, max_length=200)
    role: Annotated[Role, NOT_NULL] = omittable()
    agency_code: str | None = AGENCY_CODE
    disabled: Annotated[bool, NOT_NULL] = omittable()
    unlock: bool = False
    password: Annotated[str, NOT_NULL] = omittable(min_length=1, max_length=MAX_LENGTH)


class TokenCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"name": "hotline recorder", "scopes": ["recordings:write"]}]},
    )

    name: str = Field(min_length=1, max_length=100)
    scopes: list[Annotated[str, Field(min_length=1, max_length=64)]] | None = Field(
        default=None, max_length=20, description="null: all the role allows"
    )
    expires_days: int | None = Field(default=None, strict=True, ge=1, le=3650, description="null: never")
    username: str | None = Field(default=None, pattern=USERNAME, description="for another user (sysadmin)")


class TokenRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    prefix: str
    name: str
    username: str
    scopes: list[str] | None
    created_by: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenRead):
    token: str = Field(description="the whole token; shown this once and never again")


class AuthEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor: str
    action: str
    subject: str | None
    ip: str | None
    note: str | None
