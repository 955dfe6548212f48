"""User administration: sysadmin only, validated, audited; the last sysadmin cannot be removed."""

from __future__ import annotations

from sqlalchemy import select

from api.audit.models import AuthEvent

V1 = "/api/v1"
PASSWORD = "correct horse battery"


def test_sysadmin_creates_lists_reads_and_changes_users(client, browser, sign_in, db):
    made = client.post(
        f"{V1}/users",
        json={
            "username": "pejabat.pu-1",
            "role": "liaison",
            "agency_code": "reg-33.03",
            "password": PASSWORD,
        },
    )
    assert made.status_code == 201, made.text
    user = made.json()
    assert user["agency_code"] == "reg-33.03" and user["has_password"] and "password_hash" not in user
    assert any(u["username"] == "pejabat.pu-1" for u in client.get(f"{V1}/users").json())
    assert client.get(f"{V1}/users/{user['id']}").json()["role"] == "liaison"

    changed = client.patch(f"{V1}/users/{user['id']}", json={"display_name": "Pak Budi", "role": "leader"})
    assert changed.status_code == 200 and changed.json()["display_name"] == "Pak Budi"
    reset = client.patch(f"{V1}/users/{user['id']}", json={"password": "a brand new passphrase"})
    assert reset.status_code == 200
    sign_in(browser(), "pejabat.pu-1", "a brand new passphrase")
    db.rollback()
    actions = db.scalars(select(AuthEvent.action).where(AuthEvent.subject == "pejabat.pu-1")).all()
    assert {"user_created", "user_renamed", "role_changed", "password_reset", "login_ok"} <= set(actions)
    assert (
        client.post(f"{V1}/users", json={"username": "pejabat.pu-1", "role": "operator"}).status_code == 409
    )


def test_bad_accounts_are_refused_with_a_precise_message(client):
    cases = [
        ({"username": "Admin", "role": "operator"}, "username"),
        ({"username": "ab", "role": "operator"}, "username"),
        ({"username": "x'; DROP TABLE users;--", "role": "operator"}, "username"),
        ({"username": "okname", "role": "emperor"}, "role"),
        ({"username": "okname", "role": "liaison"}, "agency_code"),
        ({"username": "okname", "role": "verifier", "agency_code": "no-such-agency"}, "agency_code"),
        ({"username": "okname", "role": "operator", "password": "short"}, "password"),
        ({"username": "okname", "role": "operator", "password": "OKNAME"}, "password"),
        ({"username": "okname", "role": "operator", "is_admin": True}, "is_admin"),
    ]
    for body, field in cases:
        answer = client.post(f"{V1}/users", json=body)
        assert answer.status_code == 422, (body, answer.text)
        assert field in answer.json()["detail"], (body, answer.json()["detail"])
    assert client.patch(f"{V1}/users/999999999", json={"disabled": True}).status_code == 404


def test_explicit_nulls_are_refused_and_change_nothing(client, make_user):
    user = make_user("leader", "reg-33.03")
    for field in ("role", "display_name", "disabled", "password"):
        refused = client.patch(f"{V1}/users/{user.id}", json={field: None})
        assert refused.status_code == 422, (field, refused.text)
        assert refused.json()["detail"].startswith(f"body.{field}: may be left out"), refused.json()["detail"]
    same = client.get(f"{V1}/users/{user.id}").json()
    assert (same["role"], same["disabled"], same["has_password"]) == ("leader", False, False)
    cleared = client.patch(f"{V1}/users/{user.id}", json={"agency_code": None})
    assert cleared.status_code == 422 and "agency_code" in cleared.json()["detail"]  # a leader needs one


def test_unlock_clears_a_lock(client, make_user, browser, settings, sign_in):
    user = make_user("operator", password=PASSWORD)
    web = browser()
    for _ in range(settings.login_free_failures):
        web.post(f"{V1}/auth/login", json={"username": user.username, "password": "wrong password"})
    assert (
        web.post(f"{V1}/auth/login", json={"username": user.username, "password": PASSWORD}).status_code
        == 429
    )
    assert client.patch(f"{V1}/users/{user.id}", json={"unlock": True}).json()["failed_logins"] == 0
    sign_in(web, user.username, PASSWORD)


def test_only_a_sysadmin_administers(anon_client, make_user, auth_headers):
    for role, agency in (
        ("operator", None),
        ("verifier", "prov-33"),
        ("liaison", "reg-33.03"),
        ("leader", "reg-33.03"),
    ):
        headers = auth_headers(make_user(role, agency))
        assert anon_client.get(f"{V1}/users", headers=headers).status_code == 403
        planted = anon_client.post(
            f"{V1}/users", json={"username": f"planted-{role}", "role": "sysadmin"}, headers=headers
        )
        assert planted.status_code == 403
    assert anon_client.get(f"{V1}/users").status_code == 401
    assert anon_client.get(f"{V1}/auth/events").status_code == 401


def test_the_last_sysadmin_cannot_be_disabled_or_demoted(client, db):
    from api.auth.models import User
    from api.kernel import Role

    db.rollback()
    admins = db.scalars(select(User).where(User.role == Role.SYSADMIN, User.disabled.is_(False))).all()
    me = next(a for a in admins if a.username == client.principal_username)
    others = [a for a in admins if a.id != me.id]
    try:
        for other in others:  # leave only this test's admin enabled
            assert client.patch(f"{V1}/users/{other.id}", json={"disabled": True}).status_code == 200
        refused = client.patch(f"{V1}/users/{me.id}", json={"disabled": True})
        assert refused.status_code == 409 and "last enabled sysadmin" in refused.json()["detail"]
        assert client.patch(f"{V1}/users/{me.id}", json={"role": "operator"}).status_code == 409
    finally:
        for other in others:
            client.patch(f"{V1}/users/{other.id}", json={"disabled": False})


def test_auth_event_log_is_readable_by_the_sysadmin(client, make_user):
    user = make_user("operator")
    rows = client.get(f"{V1}/auth/events", params={"username": user.username}).json()
    assert rows[0]["action"] == "user_created" and rows[0]["actor"] == "test-setup"
