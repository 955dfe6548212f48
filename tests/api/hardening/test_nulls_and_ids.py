"""No value gives a 5xx, and a boolean is never an id (issue 14, items 3 and 4), on SQLite and PostgreSQL.

An explicit null for a field that always has a value is refused with 422 naming it, and changes nothing;
null clears a field that may be empty. Ids in bodies are JSON integers only: `true` is not id 1.
"""

from __future__ import annotations

import uuid

import pytest

from tests.api.auth.scoping import events_of, snapshot

V1 = "/api/v1"


def new(client, **fields) -> dict:
    body = {"text": f"jalan rusak berlubang di dekat pasar {uuid.uuid4().hex[:8]}", **fields}
    response = client.post(f"{V1}/complaints", json=body)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.mark.parametrize(
    "field", ["text", "public_text", "kind", "anonymous", "confidential", "urgent", "agency"]
)
def test_null_for_a_field_that_always_has_a_value_is_refused_and_changes_nothing(client, db, field):
    cid = new(client, region_code="33.03")["id"]
    before = snapshot(db, cid)
    response = client.patch(f"{V1}/complaints/{cid}", json={field: None, "topic": "kesehatan"})
    assert response.status_code == 422, response.text
    assert response.json()["detail"].startswith(f"body.{field}: may be left out"), response.json()
    assert snapshot(db, cid) == before
    assert client.get(f"{V1}/complaints/{cid}").json()["topic"] != "kesehatan"  # nothing of it was kept


def test_null_clears_a_field_that_may_be_empty(client):
    cid = new(client, region_code="33.03", reporter_name="Budi", topic="kesehatan")["id"]
    body = {"topic": None, "region_code": None, "reporter_name": None, "note": None, "minutes": None}
    response = client.patch(f"{V1}/complaints/{cid}", json=body)
    assert response.status_code == 200, response.text
    cleared = response.json()
    assert (cleared["topic"], cleared["region_code"], cleared["reporter_name"]) == (None, None, None)


NULLS = [
    ("post", "/complaints", {"text": "jalan rusak parah", "anonymous": None}),
    ("post", "/complaints", {"text": "jalan rusak parah", "kind": None}),
    ("post", "/complaints", {"text": None}),
    ("post", "/complaints/{id}/transitions", {"to": None}),
    ("post", "/complaints/{id}/responses", {"text": None}),
    ("post", "/complaints/{id}/merge", {"duplicates": None}),
    ("post", "/complaints/{id}/merge", {"duplicates": [None]}),
    ("post", "/complaints/{id}/transcript", {"text": None}),
    ("post", "/complaints/{id}/transcript", {"text": "ok", "segments": [None]}),
    ("put", "/sla/default", {"verify_days": None}),
    ("put", "/agencies/1/sla", {"respond_days": None}),
    ("post", "/agencies/1/routing-rules", {"topic": "kesehatan", "priority": None}),
    ("post", "/agencies/1/routing-rules", {"topic": None}),
    ("post", "/auth/tokens", {"name": None}),
    ("post", "/auth/tokens", {"name": "x", "scopes": [None]}),
    ("post", "/users", {"username": "nulls-user", "role": None}),
    ("patch", "/users/{user}", {"unlock": None}),
    ("patch", "/users/{user}", {"display_name": None}),
    ("post", "/intake/sms", {"from": None, "text": "LAPOR jalan rusak"}),
    ("post", "/auth/login", {"username": None, "password": None}),
]


def test_explicit_nulls_anywhere_are_422_never_a_server_error(client, make_user):
    cid = new(client)["id"]
    user = make_user("operator")
    for method, path, body in NULLS:
        url = V1 + path.format(id=cid, user=user.id)
        response = getattr(client, method)(url, json=body)
        assert response.status_code == 422, (method, path, body, response.status_code, response.text)


def test_a_boolean_is_not_an_agency_in_an_edit_or_a_transition(client, db):
    cid = new(client, region_code="33.03")["id"]
    before = snapshot(db, cid)
    for agency in (True, False, 1.0, [1], {"id": 1}):
        edited = client.patch(f"{V1}/complaints/{cid}", json={"agency": agency})
        assert edited.status_code == 422, (agency, edited.text)
    assert snapshot(db, cid) == before
    assert client.post(f"{V1}/complaints/{cid}/transitions", json={"to": "verified"}).status_code == 200
    before = snapshot(db, cid)
    moved = client.post(f"{V1}/complaints/{cid}/transitions", json={"to": "dispatched", "agency": True})
    assert moved.status_code == 422, moved.text
    assert snapshot(db, cid) == before  # not dispatched, and not to agency 1
    by_code = client.post(
        f"{V1}/complaints/{cid}/transitions", json={"to": "dispatched", "agency": "reg-33.03"}
    )
    assert by_code.status_code == 200, by_code.text


def test_a_boolean_is_not_a_complaint_in_a_merge(client, db):
    first = new(client)["id"]  # some complaint that `true` (1) or another small id could name
    original = new(client)["id"]
    before = snapshot(db, first)
    for duplicates in ([True], [1.0], ["1"], [first, True]):
        response = client.post(f"{V1}/complaints/{original}/merge", json={"duplicates": duplicates})
        assert response.status_code == 422, (duplicates, response.text)
    assert snapshot(db, first) == before
    assert events_of(db, original, "merge") == []
    merged = client.post(f"{V1}/complaints/{original}/merge", json={"duplicates": [first]})
    assert merged.status_code == 200, merged.text


def test_counts_of_days_and_priorities_are_integers_not_booleans(client):
    before = client.get(f"{V1}/sla/default").json()
    assert client.put(f"{V1}/sla/default", json={**before, "verify_days": True}).status_code == 422
    assert client.get(f"{V1}/sla/default").json() == before
    rule = {"topic": "kesehatan", "priority": True}
    assert client.post(f"{V1}/agencies/1/routing-rules", json=rule).status_code == 422
    token = {"name": "t", "expires_days": True}
    assert client.post(f"{V1}/auth/tokens", json=token).status_code == 422


def test_ids_in_query_strings_are_digits(client):
    for value in ("true", "0", "-1", "2147483648", "1e3"):
        response = client.get(f"{V1}/complaints", params={"agency_id": value})
        assert response.status_code == 422, (value, response.text)
    assert client.get(f"{V1}/complaints", params={"agency_id": "1"}).status_code == 200
