"""Signing in to the web pages: the cookie, /me, sign-out, expiry, password changes, and guessing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from api.audit.models import AuthEvent
from api.auth.models import User, WebSession
from api.database import utcnow

V1 = "/api/v1"
PASSWORD = "correct horse battery"


def _events(db, username: str) -> list[str]:
    db.rollback()
    rows = db.scalars(select(AuthEvent.action).where(AuthEvent.subject == username).order_by(AuthEvent.id))
    return list(rows)


def test_sign_in_sets_an_httponly_samesite_cookie_and_me_works(make_user, browser, db):
    user = make_user("verifier", "prov-33", password=PASSWORD, display_name="Bu Sari")
    web = browser()
    response = web.post(f"{V1}/auth/login", json={"username": user.username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("suara_session=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain http and SUARA_COOKIE_SECURE unset
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["user"]["username"] == user.username and body["user"]["role"] == "verifier"
    assert body["user"]["agency_code"] == "prov-33" and len(body["csrf_token"]) >= 40

    me = web.get(f"{V1}/auth/me")
    assert me.status_code == 200
    assert me.json()["via"] == "session" and me.json()["csrf_token"] == body["csrf_token"]
    assert me.json()["user"]["display_name"] == "Bu Sari"
    assert _events(db, user.username)[-1] == "login_ok"


def test_form_post_signs_in_too_and_secure_cookie_when_forced(make_user, browser, settings, monkeypatch):
    user = make_user("operator", password=PASSWORD)
    monkeypatch.setattr(settings, "cookie_secure", True)
    response = browser().post(f"{V1}/auth/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    assert "Secure" in response.headers["set-cookie"]


def test_https_request_gets_a_secure_cookie(make_user, app):
    from fastapi.testclient import TestClient

    user = make_user("operator", password=PASSWORD)
    with TestClient(app, base_url="https://suara.example") as web:
        response = web.post(f"{V1}/auth/login", json={"username": user.username, "password": PASSWORD})
    assert "Secure" in response.headers["set-cookie"]


def test_wrong_password_and_unknown_user_get_the_same_answer(make_user, browser, db, settings):
    from api.auth.login import unknown_subject

    user = make_user("operator", password=PASSWORD)
    wrong = browser().post(f"{V1}/auth/login", json={"username": user.username, "password": "x" * 12})
    unknown = browser().post(f"{V1}/auth/login", json={"username": "nobody-here", "password": "x" * 12})
    token_only = make_user("operator")  # no password: tokens only
    machine = browser().post(f"{V1}/auth/login", json={"username": token_only.username, "password": "x" * 12})
    for answer in (wrong, unknown, machine):
        assert answer.status_code == 401
        assert answer.headers["www-authenticate"].startswith("Bearer")
        assert "set-cookie" not in answer.headers
    bodies = [{k: v for k, v in a.json().items()} for a in (wrong, unknown, machine)]
    assert bodies[0] == bodies[1] == bodies[2]
    assert bodies[0]["detail"] == "wrong username or password"
    assert _events(db, user.username)[-1] == "login_failed"
    assert _events(db, unknown_subject(settings, "nobody-here"))[-1] == "login_failed"


def test_bad_bodies_are_422_with_a_precise_message(browser):
    web = browser()
    assert (
        web.post(f"{V1}/auth/login", content=b"{not json", headers={"content-type": "application/json"})
        .json()["detail"]
        .startswith("body: not valid JSON")
    )
    binary = web.post(f"{V1}/auth/login", content=b"\x80\xff", headers={"content-type": "application/json"})
    assert binary.status_code == 422 and binary.json()["detail"].startswith("body:")
    listed = web.post(f"{V1}/auth/login", json=["admin", "password"])
    assert listed.status_code == 422
    missing = web.post(f"{V1}/auth/login", json={"username": "someone"})
    assert missing.status_code == 422 and missing.json()["detail"].startswith("password")
    huge = web.post(f"{V1}/auth/login", json={"username": "a", "password": "p" * 10_000})
    assert huge.status_code == 422


def test_failures_slow_down_then_lock_and_success_resets(make_user, browser, db, settings):
    user = make_user("operator", password=PASSWORD)
    web = browser()
    attempt = {"username": user.username, "password": "wrong password!"}
    for _ in range(settings.login_free_failures):
        assert web.post(f"{V1}/auth/login", json=attempt).status_code == 401
    slowed = web.post(f"{V1}/auth/login", json={"username": user.username, "password": PASSWORD})
    assert slowed.status_code == 429  # even the right password waits
    assert int(slowed.headers["retry-after"]) >= 1 and slowed.json()["retry_after"] >= 1
    # Let the waits pass by moving the last failure back, and keep failing up to the lock.
    for _ in range(settings.login_free_failures, settings.login_lock_failures):
        db.rollback()
        db.execute(
            update(User).where(User.id == user.id).values(last_failed_at=utcnow() - timedelta(hours=1))
        )
        db.commit()
        assert web.post(f"{V1}/auth/login", json=attempt).status_code == 401
    locked = web.post(f"{V1}/auth/login", json={"username": user.username, "password": PASSWORD})
    assert locked.status_code == 429
    assert 29 * 60 < int(locked.headers["retry-after"]) <= 30 * 60
    assert "locked" in _events(db, user.username)
    db.rollback()
    assert db.get(User, user.id).locked_until is not None

    # The lock runs out; the right password then signs in and the counter starts afresh.
    db.execute(update(User).where(User.id == user.id).values(locked_until=utcnow() - timedelta(seconds=1)))
    db.commit()
    assert (
        web.post(f"{V1}/auth/login", json={"username": user.username, "password": PASSWORD}).status_code
        == 200
    )
    db.rollback()
    refreshed = db.get(User, user.id)
    db.refresh(refreshed)
    assert refreshed.failed_logins == 0 and refreshed.locked_until is None


def test_unknown_usernames_are_slowed_like_known_ones(browser, settings):
    web = browser()
    attempt = {"username": "ghost-user-xyz", "password": "wrong password!"}
    for _ in range(settings.login_free_failures):
        assert web.post(f"{V1}/auth/login", json=attempt).status_code == 401
    slowed = web.post(f"{V1}/auth/login", json=attempt)
    assert slowed.status_code == 429 and "retry-after" in slowed.headers


def test_one_address_guessing_many_usernames_is_refused(browser, settings, monkeypatch):
    monkeypatch.setattr(settings, "login_ip_failures", 4)
    web, other = browser(), browser()
    for n in range(4):
        answer = web.post(f"{V1}/auth/login", json={"username": f"spray-{n}", "password": "password123"})
        assert answer.status_code == 401
    refused = web.post(f"{V1}/auth/login", json={"username": "spray-new", "password": "password123"})
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    # Another address is not affected.
    assert (
        other.post(f"{V1}/auth/login", json={"username": "spray-x", "password": "password123"}).status_code
        == 401
    )


def test_forged_cookie_is_401_on_the_api(browser):
    web = browser()
    web.cookies.set("suara_session", "forged-" + "A" * 40)
    answer = web.get(f"{V1}/auth/me")
    assert answer.status_code == 401 and answer.headers["www-authenticate"].startswith("Bearer")
    # Never silently public, not even on an endpoint the public may use.
    assert web.get(f"{V1}/health").status_code == 401


def test_expired_and_idle_sessions_are_refused(make_user, browser, sign_in, db, settings):
    user = make_user("operator", password=PASSWORD)
    web = browser()
    sign_in(web, user.username, PASSWORD)
    assert web.get(f"{V1}/auth/me").status_code == 200
    db.rollback()
    row = db.scalars(select(WebSession).where(WebSession.user_id == user.id)).one()
    assert row.expires_at - row.created_at == timedelta(hours=settings.session_max_hours)
    # Idle: last seen longer ago than the idle timeout.
    idle_since = utcnow() - timedelta(minutes=settings.session_idle_minutes + 1)
    db.execute(update(WebSession).where(WebSession.id == row.id).values(last_seen_at=idle_since))
    db.commit()
    assert web.get(f"{V1}/auth/me").status_code == 401
    # Absolute lifetime: active a second ago, but past its end.
    db.execute(
        update(WebSession)
        .where(WebSession.id == row.id)
        .values(last_seen_at=utcnow(), expires_at=utcnow() - timedelta(seconds=1))
    )
    db.commit()
    assert web.get(f"{V1}/auth/me").status_code == 401


def test_sign_out_revokes_the_session(make_user, browser, sign_in, db):
    user = make_user("operator", password=PASSWORD)
    web = browser()
    csrf = sign_in(web, user.username, PASSWORD)["csrf_token"]
    cookie = web.cookies.get("suara_session")
    out = web.post(f"{V1}/auth/logout", headers={"X-CSRF-Token": csrf})
    assert out.status_code == 204
    assert 'suara_session=""' in out.headers["set-cookie"] or "Max-Age=0" in out.headers["set-cookie"]
    replay = browser()
    replay.cookies.set("suara_session", cookie)  # the old cookie, kept by an attacker
    assert replay.get(f"{V1}/auth/me").status_code == 401
    assert _events(db, user.username)[-1] == "logout"


def test_password_change_ends_other_sessions_and_checks_the_rules(make_user, browser, sign_in, db):
    user = make_user("operator", password=PASSWORD)
    laptop, phone = browser(), browser()
    csrf = sign_in(laptop, user.username, PASSWORD)["csrf_token"]
    sign_in(phone, user.username, PASSWORD)

    def change(current: str, new: str):
        return laptop.post(
            f"{V1}/auth/password",
            json={"current_password": current, "new_password": new},
            headers={"X-CSRF-Token": csrf},
        )

    assert change("not the password", "another long one").status_code == 401
    short = change(PASSWORD, "short")
    assert short.status_code == 422 and "at least 10" in short.json()["detail"]
    same_as_name = change(PASSWORD, user.username.upper())
    assert same_as_name.status_code == 422 and "username" in same_as_name.json()["detail"]
    changed = change(PASSWORD, "a new long passphrase")
    assert changed.status_code == 200 and changed.json() == {"other_sessions_ended": 1}
    assert laptop.get(f"{V1}/auth/me").status_code == 200  # this session stays
    assert phone.get(f"{V1}/auth/me").status_code == 401
    assert (
        browser().post(f"{V1}/auth/login", json={"username": user.username, "password": PASSWORD}).status_code
        == 401
    )
    sign_in(browser(), user.username, "a new long passphrase")
    assert "password_changed" in _events(db, user.username)


def test_disabled_user_session_ends(make_user, browser, sign_in, client, db):
    user = make_user("operator", password=PASSWORD)
    web = browser()
    sign_in(web, user.username, PASSWORD)
    assert client.patch(f"{V1}/users/{user.id}", json={"disabled": True}).status_code == 200
    assert web.get(f"{V1}/auth/me").status_code == 401
    again = browser().post(f"{V1}/auth/login", json={"username": user.username, "password": PASSWORD})
    assert again.status_code == 401 and again.json()["detail"] == "wrong username or password"
    assert {"user_disabled", "login_failed"} <= set(_events(db, user.username))


def test_old_hashes_are_upgraded_at_sign_in(make_user, browser, sign_in, db):
    from argon2 import PasswordHasher

    user = make_user("operator", password=PASSWORD)
    old = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, hash_len=16, salt_len=8).hash(PASSWORD)
    db.execute(update(User).where(User.id == user.id).values(password_hash=old))
    db.commit()
    sign_in(browser(), user.username, PASSWORD)
    db.rollback()
    upgraded = db.scalar(select(User.password_hash).where(User.id == user.id))
    assert upgraded != old and upgraded.startswith("$argon2id$")


def test_a_stale_cookie_does_not_block_signing_in(make_user, browser):
    user = make_user("operator", password=PASSWORD)
    web = browser()
    web.cookies.set("suara_session", "stale-value")
    assert (
        web.post(f"{V1}/auth/login", json={"username": user.username, "password": PASSWORD}).status_code
        == 200
    )
    assert web.get(f"{V1}/auth/me").status_code == 200
