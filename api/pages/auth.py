"""Sign-in, sign-out, change of password and the language switch, as plain HTML forms.

They run the same code as the API (api/auth/login.py, api/auth/service.py): the same throttling, locks,
audit events and session cookie; only the answers are pages in the visitor's language.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from api.auth import login, sessions
from api.auth import service as auth_service
from api.database import utcnow
from api.deps import SessionDep, SettingsDep, client_ip, foreign_origin, sign_in_endpoint
from api.errors import Forbidden, InvalidInput, RateLimited, SuaraError, Unauthorized
from api.kernel import Principal, Role
from api.pages.i18n import COOKIE as LANGUAGE_COOKIE
from api.pages.i18n import LANGUAGES
from api.pages.nav import landing_path
from api.pages.render import render
from api.pages.viewer import AnyViewer, SignedInViewer

router = APIRouter(include_in_schema=False)
Field = Annotated[str, Form(max_length=1024)]


def safe_next(candidate: str | None) -> str | None:
    """Only a path on this site: never another host ("//evil", "https://…"), never a backslash trick."""
    if not candidate or not candidate.startswith("/") or candidate.startswith("//") or "\\" in candidate:
        return None
    return candidate


def _refusal_message(t, refusal: SuaraError) -> str:
    if isinstance(refusal, RateLimited):
        seconds = refusal.extra["retry_after"]
        return t("Too many failed sign-ins. Try again in {seconds} seconds.", seconds=seconds)
    return t("Wrong username or password.")


@router.get("/sign-in")
def sign_in_page(request: Request, viewer: AnyViewer, next: str | None = None) -> Response:
    if viewer.signed_in:
        return RedirectResponse(safe_next(next) or landing_path(viewer.principal), status_code=303)
    return render(request, viewer, "auth/sign_in.html", next=safe_next(next) or "", error=None, username="")


@router.post("/sign-in")
@sign_in_endpoint
async def sign_in(
    request: Request,
    viewer: AnyViewer,
    settings: SettingsDep,
    username: Field = "",
    password: Field = "",
    next: Field = "",
) -> Response:
    if foreign_origin(request):  # another site signing this browser in to an account of its choosing
        raise Forbidden("sign-in is accepted only from this site's own pages")
    outcome = await run_in_threadpool(
        login.sign_in, settings=settings, username=username.strip(), password=password,
        ip=client_ip(request), user_agent=request.headers.get("user-agent"), now=utcnow(),
    )  # fmt: skip
    if outcome.refusal is not None or outcome.user is None or outcome.cookie is None:
        refusal = outcome.refusal or Unauthorized(login.WRONG)
        return render(
            request, viewer, "auth/sign_in.html", status_code=refusal.status,
            next=safe_next(next) or "", error=_refusal_message(viewer.t, refusal), username=username,
        )  # fmt: skip
    principal = Principal(username=outcome.user.username, role=Role(outcome.user.role))
    response = RedirectResponse(safe_next(next) or landing_path(principal), status_code=303)
    sessions.set_cookie(response, settings, outcome.cookie, https=request.url.scheme == "https")
    return response


@router.post("/sign-out")
def sign_out(request: Request, viewer: SignedInViewer, db_session: SessionDep) -> Response:
    web_session = request.state.web_session
    if web_session is not None:
        login.sign_out(
            db_session=db_session, web_session=web_session, username=viewer.principal.username,
            ip=client_ip(request), now=utcnow(),
        )  # fmt: skip
    response = RedirectResponse("/sign-in", status_code=303)
    sessions.clear_cookie(response)
    return response


@router.get("/account/password")
def password_page(request: Request, viewer: SignedInViewer) -> Response:
    return render(request, viewer, "auth/password.html", error=None, done=False)


@router.post("/account/password")
def change_password(
    request: Request,
    viewer: SignedInViewer,
    db_session: SessionDep,
    settings: SettingsDep,
    current_password: Field = "",
    new_password: Field = "",
    confirm_password: Field = "",
) -> Response:
    t = viewer.t
    if new_password != confirm_password:
        return render(request, viewer, "auth/password.html", status_code=422,
                      error=t("The two new passwords differ."), done=False)  # fmt: skip
    assert viewer.principal.user_id is not None
    user = auth_service.get_user(db_session=db_session, user_id=viewer.principal.user_id)
    web_session = request.state.web_session
    try:
        auth_service.change_password(
            db_session=db_session, settings=settings, user=user, current=current_password, new=new_password,
            keep_session_id=web_session.id if web_session is not None else None, ip=client_ip(request),
        )  # fmt: skip
    except (Unauthorized, InvalidInput) as refusal:
        db_session.rollback()
        status = 422 if isinstance(refusal, InvalidInput) else 403
        return render(request, viewer, "auth/password.html", status_code=status,
                      error=t(refusal.detail), done=False)  # fmt: skip
    return render(request, viewer, "auth/password.html", error=None, done=True)


@router.get("/language")
def choose_language(to: str, back: str | None = None) -> Response:
    """Switch the pages' language (a cookie for a year) and go back where the visitor was."""
    if to not in LANGUAGES:
        raise InvalidInput(f"language: one of {', '.join(LANGUAGES)}")
    response = RedirectResponse(safe_next(back) or "/", status_code=303)
    response.set_cookie(LANGUAGE_COOKIE, to, max_age=365 * 24 * 3600, path="/", samesite="lax")
    return response


@router.get("/")
def home(viewer: AnyViewer) -> Response:
    """The front door: a user's daily page, or the public statistics for everyone else."""
    return RedirectResponse(landing_path(viewer.principal), status_code=303)
