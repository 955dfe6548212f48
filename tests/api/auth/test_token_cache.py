"""The token cache: a busy token skips the database, and revocation still takes effect.

Changes through the ORM in this process apply at the next request; changes made around it (another
process, raw SQL) within SUARA_TOKEN_CACHE_SECONDS.
"""

from __future__ import annotations

import time
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import event, text

from api.auth import service as auth_service
from api.auth import tokens
from api.database import engine_for, session_scope, utcnow
from api.main import create_app

V1 = "/api/v1"


def _app(settings, seconds: float):
    return create_app(settings.model_copy(update={"token_cache_seconds": seconds}))


def _token(settings, user, expires_in: timedelta | None = None) -> tuple[str, str]:
    with session_scope(settings.sqlalchemy_url) as db_session:
        row, secret = tokens.issue(
            db_session=db_session, settings=settings, user=user, name="cache", scopes=None,
            expires_at=utcnow() + expires_in if expires_in else None, created_by="test-setup",
        )  # fmt: skip
        return row.prefix, secret


def _me(test_client: TestClient, secret: str) -> int:
    return test_client.get(f"{V1}/auth/me", headers={"Authorization": f"Bearer {secret}"}).status_code


def test_a_repeated_token_is_not_looked_up_again(settings, make_user):
    user = make_user("operator")
    _, secret = _token(settings, user)
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        if "api_tokens" in statement:
            seen.append(statement)

    engine = engine_for(settings.sqlalchemy_url)
    event.listen(engine, "before_cursor_execute", note)
    try:
        with TestClient(_app(settings, 30)) as test_client:
            assert _me(test_client, secret) == 200
            looked_up = len(seen)
            assert looked_up >= 1
            for _ in range(3):
                assert _me(test_client, secret) == 200
            assert len(seen) == looked_up
            # A wrong secret under the same prefix is never taken from the cache.
            forged = secret[:-1] + ("A" if secret[-1] != "A" else "B")
            assert _me(test_client, forged) == 401
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_revoke_and_disable_in_this_process_apply_at_once(settings, make_user):
    admin, user = make_user("sysadmin"), make_user("producer")
    _, admin_secret = _token(settings, admin)
    prefix, secret = _token(settings, user)
    with TestClient(_app(settings, 30), headers={"Authorization": f"Bearer {admin_secret}"}) as admin_client:
        assert _me(admin_client, secret) == 200
        assert admin_client.delete(f"{V1}/auth/tokens/{prefix}").status_code == 204
        assert _me(admin_client, secret) == 401

        _, second = _token(settings, user)
        assert _me(admin_client, second) == 200
        assert admin_client.patch(f"{V1}/users/{user.id}", json={"disabled": True}).status_code == 200
        assert _me(admin_client, second) == 401
        # The CLI's way (a session of its own) in this process applies at once too.
        with session_scope(settings.sqlalchemy_url) as db_session:
            row = auth_service.get_user(db_session=db_session, user_id=user.id)
            auth_service.update_user(
                db_session=db_session, settings=settings, user=row, actor="cli", changes={"disabled": False}
            )
        assert _me(admin_client, second) == 200
        with session_scope(settings.sqlalchemy_url) as db_session:
            row = auth_service.get_user(db_session=db_session, user_id=user.id)
            auth_service.update_user(
                db_session=db_session, settings=settings, user=row, actor="cli", changes={"disabled": True}
            )
        assert _me(admin_client, second) == 401


def test_a_change_made_elsewhere_applies_within_the_cache_seconds(settings, make_user):
    """Another process (or raw SQL) gives no signal: the cached answer holds for at most the TTL."""
    user = make_user("operator")
    prefix, secret = _token(settings, user)
    with TestClient(_app(settings, 1.0)) as test_client:
        assert _me(test_client, secret) == 200
        with engine_for(settings.sqlalchemy_url).begin() as conn:
            conn.execute(
                text("UPDATE api_tokens SET revoked_at = :now WHERE prefix = :prefix"),
                {"now": utcnow(), "prefix": prefix},
            )
        assert _me(test_client, secret) == 200  # the documented staleness: still trusted for now
        time.sleep(1.1)
        assert _me(test_client, secret) == 401


def test_a_cached_token_stops_at_its_expiry(settings, make_user):
    # Long enough a life that a loaded machine starting the app does not outlive it before the first use
    # (1 s did, once); the test then waits only for what is left of it.
    life = 5.0
    user = make_user("operator")
    _, secret = _token(settings, user, expires_in=timedelta(seconds=life))
    expired_after = time.monotonic() + life  # the expiry was set before this moment
    with TestClient(_app(settings, 30)) as test_client:
        assert _me(test_client, secret) == 200
        time.sleep(max(0.0, expired_after - time.monotonic()) + 0.2)
        assert _me(test_client, secret) == 401


def test_zero_seconds_turns_the_cache_off(settings, make_user):
    user = make_user("operator")
    prefix, secret = _token(settings, user)
    app = _app(settings, 0)
    assert not hasattr(app.state, "token_cache")
    with TestClient(app) as test_client:
        assert _me(test_client, secret) == 200
        with engine_for(settings.sqlalchemy_url).begin() as conn:
            conn.execute(
                text("UPDATE api_tokens SET revoked_at = :now WHERE prefix = :prefix"),
                {"now": utcnow(), "prefix": prefix},
            )
        assert _me(test_client, secret) == 401
