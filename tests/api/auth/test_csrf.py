"""Cross-site request forgery: a cookie-signed write without the session's CSRF token changes nothing."""

from __future__ import annotations

import pytest
from fastapi import APIRouter, WebSocket
from sqlalchemy import func, select
from starlette.websockets import WebSocketDisconnect

from api.auth.models import ApiToken, User, WebSession
from api.deps import PrincipalDep

V1 = "/api/v1"
PASSWORD = "correct horse battery"


@pytest.fixture
def admin_browser(make_user, browser, sign_in):
    """A sysadmin signed in by cookie, and the session's CSRF token."""
    admin = make_user("sysadmin", password=PASSWORD)
    web = browser()
    csrf = sign_in(web, admin.username, PASSWORD)["csrf_token"]
    return web, csrf


def _users(db) -> int:
    db.rollback()
    return db.scalar(select(func.count(User.id)))


def test_cross_site_form_post_without_token_is_refused_and_writes_nothing(admin_browser, db):
    web, _ = admin_browser
    before = _users(db)
    # What a hostile page's auto-submitted <form> sends: urlencoded fields and the ambient cookie.
    forged = web.post(f"{V1}/users", data={"username": "planted-admin", "role": "sysadmin"})
    assert forged.status_code == 403 and "CSRF" in forged.json()["detail"]
    as_json = web.post(f"{V1}/users", json={"username": "planted-admin", "role": "sysadmin"})
    assert as_json.status_code == 403
    assert _users(db) == before
    # Signing out is a write too: a forged sign-out is refused and the session lives on.
    assert web.post(f"{V1}/auth/logout").status_code == 403
    assert web.get(f"{V1}/auth/me").status_code == 200


def test_the_right_token_in_header_or_form_field_passes(admin_browser, db):
    web, csrf = admin_browser
    made = web.post(
        f"{V1}/users", json={"username": "csrf-ok-user", "role": "operator"}, headers={"X-CSRF-Token": csrf}
    )
    assert made.status_code == 201, made.text
    out = web.post(f"{V1}/auth/logout", data={"csrf_token": csrf})  # a plain HTML sign-out form
    assert out.status_code == 204


def test_another_sessions_token_or_a_blank_one_is_refused(admin_browser, make_user, browser, sign_in, db):
    web, _ = admin_browser
    other = make_user("operator", password=PASSWORD)
    stolen = sign_in(browser(), other.username, PASSWORD)["csrf_token"]
    before = _users(db)
    for token in (stolen, "", "x" * 43):
        answer = web.post(
            f"{V1}/users", json={"username": "nope-user", "role": "operator"}, headers={"X-CSRF-Token": token}
        )
        assert answer.status_code == 403
    assert _users(db) == before


def test_delete_and_patch_need_the_token_too(admin_browser, make_user, auth_headers, db, client):
    web, csrf = admin_browser
    target = make_user("operator")
    created = client.post(f"{V1}/auth/tokens", json={"name": "recorder", "username": target.username}).json()
    assert web.delete(f"{V1}/auth/tokens/{created['prefix']}").status_code == 403
    assert web.patch(f"{V1}/users/{target.id}", json={"disabled": True}).status_code == 403
    db.rollback()
    assert db.scalar(select(ApiToken.revoked_at).where(ApiToken.prefix == created["prefix"])) is None
    assert db.scalar(select(User.disabled).where(User.id == target.id)) is False
    deleted = web.delete(f"{V1}/auth/tokens/{created['prefix']}", headers={"X-CSRF-Token": csrf})
    assert deleted.status_code == 204


def test_bearer_requests_need_no_csrf_token_and_win_over_a_cookie(admin_browser, make_user, auth_headers):
    web, _ = admin_browser
    machine = make_user("sysadmin")
    answer = web.post(
        f"{V1}/users", json={"username": "by-bearer-user", "role": "operator"}, headers=auth_headers(machine)
    )
    assert answer.status_code == 201
    assert web.get(f"{V1}/auth/me", headers=auth_headers(machine)).json()["via"] == "token"


def test_routers_added_later_are_protected_too(app, admin_browser):
    """The check is app-wide: a router included after the app was built (the pages, next) gets it."""
    later = APIRouter()

    @later.post("/pages/note")
    def note(principal: PrincipalDep) -> dict[str, str]:
        return {"by": principal.username}

    app.include_router(later)
    web, csrf = admin_browser
    assert web.post("/pages/note").status_code == 403
    assert web.post("/pages/note", headers={"X-CSRF-Token": csrf}).status_code == 200


def test_pages_treat_a_dead_cookie_as_signed_out(app, browser):
    later = APIRouter()

    @later.get("/pages/home")
    def home(principal: PrincipalDep) -> dict[str, str]:
        return {"who": principal.username}

    app.include_router(later)
    web = browser()
    web.cookies.set("suara_session", "ended-long-ago")
    assert web.get("/pages/home").json() == {"who": "anonymous"}  # the page can offer to sign in


def test_websocket_handshake_authenticates_from_the_cookie(app, admin_browser, browser, db):
    @app.websocket("/ws/live")
    async def live(websocket: WebSocket, principal: PrincipalDep) -> None:
        await websocket.accept()
        await websocket.send_json({"who": principal.username, "via": principal.via})
        await websocket.close()

    web, _ = admin_browser
    with web.websocket_connect("/ws/live", headers={"Origin": "http://testserver"}) as ws:
        greeting = ws.receive_json()
    assert greeting["via"] == "session" and greeting["who"] != "anonymous"
    # A page on another site opening a socket with the victim's cookie.
    evil = {"Origin": "https://evil.example"}
    with pytest.raises(WebSocketDisconnect) as refused, web.websocket_connect("/ws/live", headers=evil) as ws:
        ws.receive_json()
    assert refused.value.code == 1008
    forged = browser()
    forged.cookies.set("suara_session", "forged")
    ours = {"Origin": "http://testserver"}
    with pytest.raises(WebSocketDisconnect), forged.websocket_connect("/ws/live", headers=ours) as ws:
        ws.receive_json()
    with browser().websocket_connect("/ws/live") as ws:
        assert ws.receive_json()["who"] == "anonymous"
    db.rollback()
    assert db.scalar(select(func.count(WebSession.id))) > 0


def test_another_site_cannot_sign_the_browser_in(make_user, browser, db):
    """Login CSRF: a hostile page posting its own credentials to put the victim in its account."""
    attacker = make_user("operator", password=PASSWORD)
    web = browser()
    for origin in ("https://evil.example", "null"):
        answer = web.post(
            f"{V1}/auth/login",
            data={"username": attacker.username, "password": PASSWORD},
            headers={"Origin": origin},
        )
        assert answer.status_code == 403 and "set-cookie" not in answer.headers
    ours = web.post(
        f"{V1}/auth/login",
        data={"username": attacker.username, "password": PASSWORD},
        headers={"Origin": "http://testserver"},
    )
    assert ours.status_code == 200


def test_a_cookie_signed_upload_needs_the_header(admin_browser, unique_wav, db):
    """A multipart body's form field is read from the head of the stream (api/csrf.py): a wrong one is
    refused before a byte is stored."""
    from api.recording.models import Recording

    web, _ = admin_browser
    db.rollback()
    before = db.scalar(select(func.count(Recording.id)))
    with unique_wav.open("rb") as fh:
        forged = web.post(
            f"{V1}/recordings",
            files={"file": ("call.wav", fh)},
            data={"channel": "hotline", "csrf_token": "x"},
        )
    assert forged.status_code == 403
    db.rollback()
    assert db.scalar(select(func.count(Recording.id))) == before
