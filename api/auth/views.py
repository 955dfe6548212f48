"""Sign-in, sign-out, the current user, password change, machine tokens and user administration."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from pydantic import ValidationError
from sqlalchemy.orm import Session

from api.audit import service as audit
from api.auth import guards, login, sessions, tokens
from api.auth import service as auth_service
from api.auth.models import ApiToken, User
from api.auth.schemas import (
    AuthEventRead,
    LoginRequest,
    Me,
    PasswordChange,
    PasswordChanged,
    SignInResult,
    TokenCreate,
    TokenCreated,
    TokenRead,
    UserCreate,
    UserRead,
    UserUpdate,
)
from api.config import Settings
from api.database import session_scope, utcnow
from api.deps import (
    AdminDep,
    IdPath,
    PrincipalDep,
    SessionDep,
    SettingsDep,
    client_ip,
    foreign_origin,
    sign_in_endpoint,
)
from api.errors import Forbidden, InvalidInput
from api.kernel import Principal, Role

router = APIRouter(tags=["accounts"])
NO_STORE = "no-store"  # answers carrying a CSRF token or a token's secret stay out of every cache
PREFIX_PATH = Path(pattern=r"^[a-z0-9]{8}$", description="the token's public prefix")
LOGIN_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            media: {"schema": LoginRequest.model_json_schema()}
            for media in ("application/json", "application/x-www-form-urlencoded")
        },
    }
}


def user_read(db_session: Session, user: User) -> UserRead:
    code = auth_service.agency_code(db_session=db_session, agency_id=user.agency_id)
    return UserRead.model_validate(
        {**{c: getattr(user, c) for c in UserRead.model_fields if hasattr(user, c)},
         "agency_code": code, "has_password": user.password_hash is not None}
    )  # fmt: skip


async def _login_body(request: Request) -> LoginRequest:
    """The sign-in form as JSON or as a plain HTML form post."""
    content_type = request.headers.get("content-type", "")
    try:
        if content_type.startswith("application/x-www-form-urlencoded"):
            data: Any = {k: v for k, v in (await request.form()).items() if k != sessions.CSRF_FIELD}
        else:
            data = json.loads(await request.body() or b"null")
        return LoginRequest.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise InvalidInput(f"{where}: {first['msg']}") from None
    except ValueError:  # not JSON, or not UTF-8 text at all
        raise InvalidInput("body: not valid JSON; send {username, password}") from None


def _sign_in(
    settings: Settings, body: LoginRequest, ip: str | None, agent: str | None
) -> tuple[login.SignIn, UserRead | None]:
    outcome = login.sign_in(
        settings=settings,
        username=body.username,
        password=body.password,
        ip=ip,
        user_agent=agent,
        now=utcnow(),
    )
    if outcome.user is None:
        return outcome, None
    with session_scope(settings.sqlalchemy_url, write=False) as db_session:
        return outcome, user_read(db_session, outcome.user)


@router.post(
    "/auth/login",
    response_model=SignInResult,
    openapi_extra=LOGIN_BODY,
    summary="Sign in with username and password (JSON or form); sets the suara_session cookie",
    responses={
        401: {"description": "wrong username or password"},
        403: {"description": "posted from another site's page"},
        429: {"description": "slowed down"},
    },
)
@sign_in_endpoint
async def sign_in(request: Request, response: Response, settings: SettingsDep) -> SignInResult:
    if foreign_origin(request):  # another site signing the browser in to an account of its choosing
        raise Forbidden("sign-in is accepted only from this site's own pages")
    body = await _login_body(request)
    outcome, read = await run_in_threadpool(
        _sign_in, settings, body, client_ip(request), request.headers.get("user-agent")
    )
    if outcome.refusal is not None:
        raise outcome.refusal
    assert outcome.web_session is not None and outcome.cookie is not None and read is not None
    response.headers["Cache-Control"] = NO_STORE
    sessions.set_cookie(response, settings, outcome.cookie, https=request.url.scheme == "https")
    return SignInResult(
        user=read, csrf_token=outcome.web_session.csrf_token, expires_at=outcome.web_session.expires_at
    )


@router.post(
    "/auth/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Sign out: end this web session (needs the CSRF token)",
    responses={401: {}, 403: {}, 422: {}},
)
def sign_out(request: Request, principal: PrincipalDep, db_session: SessionDep) -> Response:
    guards.require_user(principal)
    web_session = request.state.web_session
    if web_session is None:
        raise InvalidInput(
            "only a web session signs out; revoke a token with DELETE /api/v1/auth/tokens/{prefix}"
        )
    login.sign_out(
        db_session=db_session,
        web_session=web_session,
        username=principal.username,
        ip=client_ip(request),
        now=utcnow(),
    )
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    sessions.clear_cookie(response)
    return response


@router.get("/auth/me", response_model=Me, summary="Who is signed in", responses={401: {}})
def me(request: Request, response: Response, principal: PrincipalDep, db_session: SessionDep) -> Me:
    guards.require_user(principal)
    response.headers["Cache-Control"] = NO_STORE
    assert principal.user_id is not None
    user = auth_service.get_user(db_session=db_session, user_id=principal.user_id)
    web_session = request.state.web_session
    return Me(
        user=user_read(db_session, user),
        via="session" if web_session is not None else "token",
        scopes=None if principal.scopes is None else sorted(principal.scopes),
        csrf_token=web_session.csrf_token if web_session is not None else None,
    )


@router.post(
    "/auth/password",
    response_model=PasswordChanged,
    summary="Change your own password; your other sessions end",
    responses={401: {}, 403: {}, 422: {}},
)
def change_password(
    body: PasswordChange,
    request: Request,
    principal: PrincipalDep,
    db_session: SessionDep,
    settings: SettingsDep,
) -> PasswordChanged:
    guards.require_user(principal)
    assert principal.user_id is not None
    user = auth_service.get_user(db_session=db_session, user_id=principal.user_id)
    web_session = request.state.web_session
    ended = auth_service.change_password(
        db_session=db_session, settings=settings, user=user, current=body.current_password,
        new=body.new_password, keep_session_id=web_session.id if web_session is not None else None,
        ip=client_ip(request),
    )  # fmt: skip
    return PasswordChanged(other_sessions_ended=ended)


# --- tokens -------------------------------------------------------------------------------------------


def _token_read(token: ApiToken, username: str) -> dict[str, Any]:
    return {**{c: getattr(token, c) for c in TokenRead.model_fields if c != "username"}, "username": username}


def _may_manage(principal: Principal, owner_id: int) -> None:
    """Your own tokens, or anyone's for a sysadmin with the admin scope."""
    if principal.user_id != owner_id:
        guards.require_role(principal, Role.SYSADMIN, scope="admin")


@router.post(
    "/auth/tokens",
    response_model=TokenCreated,
    status_code=status.HTTP_201_CREATED,
    summary="Create a machine token (yours, or anyone's as sysadmin); the token is shown once",
    responses={401: {}, 403: {}, 404: {}, 422: {}},
)
def create_token(
    body: TokenCreate,
    request: Request,
    response: Response,
    principal: PrincipalDep,
    db_session: SessionDep,
    settings: SettingsDep,
) -> TokenCreated:
    guards.require_user(principal)
    assert principal.user_id is not None
    owner = auth_service.get_user(db_session=db_session, user_id=principal.user_id)
    if body.username is not None and body.username != owner.username:
        guards.require_role(principal, Role.SYSADMIN, scope="admin")
        owner = auth_service.by_username(db_session=db_session, username=body.username)
    scopes = tokens.check_scopes(body.scopes, user=owner, issuer=principal)
    expires = utcnow() + timedelta(days=body.expires_days) if body.expires_days else None
    token, secret = tokens.issue(
        db_session=db_session, settings=settings, user=owner, name=body.name.strip(), scopes=scopes,
        expires_at=expires, created_by=principal.username,
    )  # fmt: skip
    audit.record(
        db_session, actor=principal.username, action="token_created", subject=owner.username,
        ip=client_ip(request), note=f"{token.prefix} {token.name!r} scopes={scopes}",
    )  # fmt: skip
    response.headers["Cache-Control"] = NO_STORE
    return TokenCreated(**_token_read(token, owner.username), token=secret)


@router.get(
    "/auth/tokens",
    response_model=list[TokenRead],
    summary="List tokens (never their secrets): yours, or a user's or everyone's as sysadmin",
    responses={401: {}, 403: {}, 404: {}},
)
def list_tokens(
    principal: PrincipalDep,
    db_session: SessionDep,
    username: Annotated[str | None, Query(pattern=r"^[a-z0-9._-]{3,64}$")] = None,
    all_users: Annotated[bool, Query(alias="all")] = False,
) -> list[TokenRead]:
    guards.require_user(principal)
    user_id: int | None = principal.user_id
    if all_users or (username is not None and username != principal.username):
        guards.require_role(principal, Role.SYSADMIN, scope="admin")
        user_id = (
            None if all_users else auth_service.by_username(db_session=db_session, username=username or "").id
        )
    rows = tokens.listed(db_session=db_session, user_id=user_id)
    return [TokenRead(**_token_read(t, u)) for t, u in rows]


@router.delete(
    "/auth/tokens/{prefix}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke a token by its prefix (yours, or anyone's as sysadmin)",
    responses={401: {}, 403: {}, 404: {}},
)
def revoke_token(
    prefix: Annotated[str, PREFIX_PATH], request: Request, principal: PrincipalDep, db_session: SessionDep
) -> Response:
    guards.require_user(principal)
    token = tokens.by_prefix(db_session=db_session, prefix=prefix)
    _may_manage(principal, token.user_id)
    auth_service.revoke_token(
        db_session=db_session, token=token, actor=principal.username, ip=client_ip(request)
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --- users (sysadmin) ---------------------------------------------------------------------------------


@router.get(
    "/users", response_model=list[UserRead], summary="All accounts (sysadmin)", responses={401: {}, 403: {}}
)
def list_users(principal: AdminDep, db_session: SessionDep) -> list[UserRead]:
    return [user_read(db_session, u) for u in auth_service.list_users(db_session=db_session)]


@router.post(
    "/users",
    response_model=UserRead,
    status_code=status.HTTP_201_CREATED,
    summary="Create an account (sysadmin); without a password it signs in only with tokens",
    responses={401: {}, 403: {}, 409: {}, 422: {}},
)
def create_user(
    body: UserCreate, request: Request, principal: AdminDep, db_session: SessionDep, settings: SettingsDep
) -> UserRead:
    user = auth_service.create_user(
        db_session=db_session, settings=settings, username=body.username, role=body.role,
        actor=principal.username, agency_code=body.agency_code, display_name=body.display_name,
        password=body.password, ip=client_ip(request),
    )  # fmt: skip
    return user_read(db_session, user)


@router.get(
    "/users/{user_id}", response_model=UserRead, summary="One account (sysadmin)", responses={404: {}}
)
def get_user(user_id: IdPath, principal: AdminDep, db_session: SessionDep) -> UserRead:
    return user_read(db_session, auth_service.get_user(db_session=db_session, user_id=user_id))


@router.patch(
    "/users/{user_id}",
    response_model=UserRead,
    summary="Change an account (sysadmin): name, role, agency, disable/enable, unlock, reset password",
    responses={401: {}, 403: {}, 404: {}, 409: {}, 422: {}},
)
def update_user(
    user_id: IdPath,
    body: UserUpdate,
    request: Request,
    principal: AdminDep,
    db_session: SessionDep,
    settings: SettingsDep,
) -> UserRead:
    user = auth_service.get_user(db_session=db_session, user_id=user_id)
    changes = body.model_dump(exclude_unset=True)
    user = auth_service.update_user(
        db_session=db_session, settings=settings, user=user, actor=principal.username, changes=changes,
        ip=client_ip(request),
    )  # fmt: skip
    return user_read(db_session, user)


@router.get(
    "/auth/events",
    response_model=list[AuthEventRead],
    summary="The account audit log, newest first (sysadmin)",
    responses={401: {}, 403: {}},
)
def auth_events(
    principal: AdminDep,
    db_session: SessionDep,
    username: Annotated[str | None, Query(max_length=120)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[AuthEventRead]:
    rows = audit.events(db_session=db_session, subject=username, limit=limit)
    return [AuthEventRead.model_validate(r) for r in rows]
