"""Rules every route shares: no NUL characters anywhere, database refusals answered as 422, not 500."""

from __future__ import annotations

from sqlalchemy import func, select


def _complaints(db) -> int:
    from api.complaint.models import Complaint

    db.rollback()
    return db.scalar(select(func.count()).select_from(Complaint))


def test_nul_in_a_json_body_is_refused_and_nothing_is_written(client, db) -> None:
    before = _complaints(db)
    response = client.post("/api/v1/complaints", json={"text": "jalan\u0000rusak", "channel": "web"})
    assert response.status_code == 422
    assert response.json()["detail"] == "body: NUL characters are not allowed"
    assert _complaints(db) == before


def test_nul_in_a_query_or_form_is_refused(client) -> None:
    assert client.get("/api/v1/complaints", params={"q": "jalan\x00"}).status_code == 422
    response = client.post("/api/v1/auth/login", data={"username": "a\x00", "password": "x" * 12})
    assert response.status_code == 422


def test_an_id_beyond_the_database_integer_range_is_not_a_server_error(client) -> None:
    for path in (
        "/api/v1/complaints/2147483648",
        "/api/v1/recordings/9999999999",
        "/api/v1/jobs/4611686018427387904",
    ):
        response = client.get(path)
        assert response.status_code in (404, 422), (path, response.status_code, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")


def test_the_openapi_document_declares_problem_details_for_errors(client) -> None:
    document = client.get("/openapi.json").json()
    assert "HTTPValidationError" not in document["components"]["schemas"]
    answer = document["paths"]["/api/v1/complaints"]["get"]["responses"]["422"]
    assert answer["content"]["application/problem+json"]["schema"] == {"$ref": "#/components/schemas/Problem"}
    open311 = document["paths"]["/api/v1/open311/v2/requests.json"]["get"]["responses"]["4XX"]
    assert open311["content"]["application/json"]["schema"]["type"] == "array"


def test_hostile_filters_on_exports_answer_a_problem_before_the_stream_starts(client) -> None:
    hostile = (
        {"agency_id": "2147483648"},
        {"created_from": "0001-01-01T00:00:00+01:00"},
        {"created_to": "9999-12-31T23:59:59-12:00"},
        {"q": "'; DROP TABLE complaints;--"},
        {"topic": "x" * 10_000},
    )
    for params in hostile:
        for path in ("/api/v1/complaints/export.csv", "/api/v1/complaints/export.json", "/api/v1/complaints"):
            response = client.get(path, params=params)
            assert response.status_code in (200, 422), (
                path,
                params,
                response.status_code,
                response.text[:300],
            )
    assert client.get("/api/v1/complaints").status_code == 200  # the table is still there
