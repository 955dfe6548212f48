"""Machine tokens: shown once, stored hashed, scoped, expiring, revocable; forgeries get 401."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from api.audit.models import AuthEvent
from api.auth.models import ApiToken
from api.database import utcnow

V1 = "/api/v1"


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _refused(anon_client, token: str, path: str = f"{V1}/auth/me") -> None:
    answer = anon_client.get(path, headers=_bearer(token))
    assert answer.status_code == 401, answer.text
    assert answer.headers["www-authenticate"].startswith("Bearer")
    assert answer.json()["detail"] == "invalid, expired or revoked token"


def test_create_use_list_and_revoke(client, anon_client, make_user, db):
    recorder = make_user("operator", username=None)
    made = client.post(
        f"{V1}/auth/tokens",
        json={"name": "hotline recorder", "username": recorder.username, "scopes": ["recordings:write"]},
    )
    assert made.status_code == 201, made.text
    assert made.headers["cache-control"] == "no-store"
    body = made.json()
    token = body["token"]
    assert token.startswith(f"suara_{body['prefix']}_") and body["scopes"] == ["recordings:write"]

    me = anon_client.get(f"{V1}/auth/me", headers=_bearer(token)).json()
    assert me["user"]["username"] == recorder.username and me["via"] == "token"
    assert me["scopes"] == ["recordings:write"] and me["csrf_token"] is None

    listed = client.get(f"{V1}/auth/tokens", params={"username": recorder.username}).json()
    assert [t["prefix"] for t in listed] == [body["prefix"]]
    assert "token" not in listed[0] and "secret_hash" not in listed[0]
    assert listed[0]["last_used_at"] is not None

    own = anon_client.get(f"{V1}/auth/tokens", headers=_bearer(token)).json()
    assert [t["prefix"] for t in own] == [body["prefix"]]
    assert anon_client.delete(f"{V1}/auth/tokens/{body['prefix']}", headers=_bearer(token)).status_code == 204
    _refused(anon_client, token)
    db.rollback()
    actions = db.scalars(select(AuthEvent.action).where(AuthEvent.subject == recorder.username)).all()
    assert "token_created" in actions and "token_revoked" in actions


def test_forged_and_malformed_tokens_are_401_never_public(client, anon_client):
    real = client.post(f"{V1}/auth/tokens", json={"name": "mine"}).json()
    prefix, secret = real["prefix"], real["token"].split("_", 2)[2]
    flipped = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    for forged in (
        f"suara_{prefix}_{flipped}",  # right prefix, wrong secret
        f"suara_zzzzzzzz_{secret}",  # right secret, unknown prefix
        "suara_' OR 1=1 --_x",
        "x" * 5000,
        "",
    ):
        answer = anon_client.get(f"{V1}/health", headers={"Authorization": f"Bearer {forged}"})
        assert answer.status_code == 401, forged
    basic = anon_client.get(f"{V1}/auth/me", headers={"Authorization": "Basic YWRtaW46YWRtaW4="})
    assert basic.status_code == 401 and "Bearer" in basic.json()["detail"]


def test_expired_token_is_refused(client, anon_client, db):
    made = client.post(f"{V1}/auth/tokens", json={"name": "short", "expires_days": 1}).json()
    assert made["expires_at"] is not None
    assert anon_client.get(f"{V1}/auth/me", headers=_bearer(made["token"])).status_code == 200
    db.execute(
        update(ApiToken)
        .where(ApiToken.prefix == made["prefix"])
        .values(expires_at=utcnow() - timedelta(seconds=1))
    )
    db.commit()
    _refused(anon_client, made["token"])


def test_disabled_users_tokens_stop_working(client, anon_client, make_user, auth_headers):
    user = make_user("producer")
    headers = auth_headers(user)
    assert anon_client.get(f"{V1}/auth/me", headers=headers).status_code == 200
    assert client.patch(f"{V1}/users/{user.id}", json={"disabled": True}).status_code == 200
    _refused(anon_client, headers["Authorization"].split()[1])
    assert client.patch(f"{V1}/users/{user.id}", json={"disabled": False}).status_code == 200
    assert anon_client.get(f"{V1}/auth/me", headers=headers).status_code == 200


def test_scopes_narrow_a_token(anon_client, make_user, auth_headers):
    admin = make_user("sysadmin")
    narrow = auth_headers(admin, scopes={"stats:read"})
    refused = anon_client.get(f"{V1}/users", headers=narrow)
    assert refused.status_code == 403 and "admin" in refused.json()["detail"]
    assert anon_client.get(f"{V1}/users", headers=auth_headers(admin, scopes={"admin"})).status_code == 200
    # A narrow token cannot mint itself a broader one, nor one for somebody else.
    broader = anon_client.post(f"{V1}/auth/tokens", json={"name": "escalate"}, headers=narrow)
    assert broader.status_code == 403
    also = anon_client.post(f"{V1}/auth/tokens", json={"name": "x", "scopes": ["admin"]}, headers=narrow)
    assert also.status_code == 403
    same = anon_client.post(
        f"{V1}/auth/tokens", json={"name": "same", "scopes": ["stats:read"]}, headers=narrow
    )
    assert same.status_code == 201


def test_scope_names_and_owners_are_checked(client, anon_client, make_user, auth_headers):
    unknown = client.post(f"{V1}/auth/tokens", json={"name": "x", "scopes": ["complaints:delete"]})
    assert unknown.status_code == 422 and "complaints:delete" in unknown.json()["detail"]
    operator = make_user("operator")
    admin_scope = client.post(
        f"{V1}/auth/tokens", json={"name": "x", "username": operator.username, "scopes": ["admin"]}
    )
    assert admin_scope.status_code == 422
    assert client.post(f"{V1}/auth/tokens", json={"name": "x", "username": "no-such-user"}).status_code == 404
    # A non-sysadmin makes tokens only for themself, and sees and revokes only their own.
    other = make_user("operator")
    headers = auth_headers(operator)
    assert (
        anon_client.post(
            f"{V1}/auth/tokens", json={"name": "x", "username": other.username}, headers=headers
        ).status_code
        == 403
    )
    theirs = client.post(f"{V1}/auth/tokens", json={"name": "theirs", "username": other.username}).json()
    assert anon_client.delete(f"{V1}/auth/tokens/{theirs['prefix']}", headers=headers).status_code == 403
    assert anon_client.get(f"{V1}/auth/tokens", params={"all": True}, headers=headers).status_code == 403
    assert (
        anon_client.get(f"{V1}/auth/tokens", params={"username": other.username}, headers=headers).status_code
        == 403
    )
    assert anon_client.post(f"{V1}/auth/tokens", json={"name": "x"}).status_code == 401
    assert client.delete(f"{V1}/auth/tokens/NOTVALID").status_code == 422
    assert client.delete(f"{V1}/auth/tokens/zzzzzzzz").status_code == 404


def test_last_used_is_written_at_most_once_a_minute(client, anon_client, db):
    made = client.post(f"{V1}/auth/tokens", json={"name": "busy"}).json()
    headers = _bearer(made["token"])
    anon_client.get(f"{V1}/auth/me", headers=headers)
    db.rollback()
    first = db.scalar(select(ApiToken.last_used_at).where(ApiToken.prefix == made["prefix"]))
    for _ in range(3):
        anon_client.get(f"{V1}/auth/me", headers=headers)
    db.rollback()
    assert db.scalar(select(ApiToken.last_used_at).where(ApiToken.prefix == made["prefix"])) == first
    db.execute(
        update(ApiToken)
        .where(ApiToken.prefix == made["prefix"])
        .values(last_used_at=utcnow() - timedelta(minutes=2))
    )
    db.commit()
    anon_client.get(f"{V1}/auth/me", headers=headers)
    db.rollback()
    assert db.scalar(select(ApiToken.last_used_at).where(ApiToken.prefix == made["prefix"])) > first
