"""What the database holds: an auth log that refuses edits on both backends, and no secret in the clear."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DatabaseError

from api.audit.models import AuthEvent
from api.database import engine_for

V1 = "/api/v1"
PASSWORD = "plaintext-canary-Pa55word"


def test_auth_events_cannot_be_changed_or_deleted_even_in_raw_sql(make_user, settings, db):
    make_user("operator")
    engine = engine_for(settings.sqlalchemy_url)
    for statement in (
        "UPDATE auth_events SET actor = 'someone-else'",
        "DELETE FROM auth_events",
    ):
        with pytest.raises(DatabaseError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    if engine.dialect.name == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"), engine.begin() as conn:
            conn.execute(text("TRUNCATE auth_events"))
    db.rollback()
    row = db.scalars(select(AuthEvent).order_by(AuthEvent.id.desc()).limit(1)).one()
    row.note = "rewritten"
    with pytest.raises(RuntimeError, match="audit log"):
        db.flush()
    db.rollback()
    with pytest.raises(RuntimeError, match="audit log"):
        db.delete(row)
        db.flush()
    db.rollback()


def test_no_password_session_or_token_is_stored_in_the_clear(make_user, browser, sign_in, client, settings):
    user = make_user("operator", password=PASSWORD)
    web = browser()
    csrf = sign_in(web, user.username, PASSWORD)["csrf_token"]
    session_id = web.cookies.get("suara_session")
    token = client.post(f"{V1}/auth/tokens", json={"name": "canary", "username": user.username}).json()[
        "token"
    ]
    secret = token.split("_", 2)[2]  # the secret itself may contain "_"
    # A failed attempt with the password typed into the username field must not store it either.
    browser().post(f"{V1}/auth/login", json={"username": PASSWORD, "password": PASSWORD})
    dump = _dump(settings.sqlalchemy_url)
    for needle in (PASSWORD.lower(), session_id, token, secret):
        assert needle not in dump, needle[:12]
    assert csrf in dump  # the CSRF token is not a credential by itself; it is kept to compare


def _dump(url: str) -> str:
    """Every value of every table, as one text."""
    engine = engine_for(url)
    parts: list[str] = []
    with engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            if table.startswith("complaints_fts"):
                continue
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                parts.extend(str(value) for value in row)
    return "\n".join(parts)
