"""Moments and numbers at the edges (issue 14, item 3: no value gives a 5xx): a year-1 or year-9999 time
that overflows once moved to UTC or counted from, a blank text, a boolean where a number belongs."""

from __future__ import annotations

import pytest

V1 = "/api/v1"


@pytest.mark.parametrize(
    "when",
    [
        "0001-01-01T00:00:00+05:00",  # overflows when moved to UTC
        "9999-12-31T23:59:59-12:00",
        "9999-12-31T23:00:00Z",  # its deadline would overflow
        "0001-01-01T00:00:00Z",
        "1999-12-31T23:59:59Z",
    ],
)
def test_an_sms_received_at_an_impossible_moment_is_refused(client, when):
    body = {"from": "+6281234567890", "text": "LAPOR jalan rusak parah", "received_at": when}
    response = client.post(f"{V1}/intake/sms", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["detail"].startswith("body.received_at: "), response.json()["detail"]


def test_an_sms_received_moments_ago_in_another_zone_is_filed(client):
    body = {"from": "+6281234567890", "text": "LAPOR jalan rusak", "received_at": "2026-01-05T08:00:00+07:00"}
    assert client.post(f"{V1}/intake/sms", json=body).status_code == 201


@pytest.mark.parametrize(
    "params",
    [
        {"end_date": "0001-01-02T00:00:00Z"},
        {"end_date": "0001-03-31T00:00:00+00:00"},
        {"start_date": "9999-12-31T00:00:00Z"},
    ],
)
def test_open311_dates_at_the_ends_of_the_calendar_answer_an_empty_list(client, params):
    response = client.get(f"{V1}/open311/v2/requests.json", params=params)
    assert response.status_code == 200, response.text
    assert response.json() == []


@pytest.mark.parametrize("text", ["   ", "\n\t  \n", "  a  "])
def test_a_blank_text_is_not_a_complaint(client, text):
    assert client.post(f"{V1}/complaints", json={"text": text}).status_code == 422
    cid = client.post(f"{V1}/complaints", json={"text": "jalan rusak parah"}).json()["id"]
    assert client.patch(f"{V1}/complaints/{cid}", json={"text": text}).status_code == 422
    assert client.post(f"{V1}/complaints/{cid}/responses", json={"text": text}).status_code == 422
    assert client.get(f"{V1}/complaints/{cid}").json()["text"] == "jalan rusak parah"


@pytest.mark.parametrize("minutes", [True, "5", None])
def test_minutes_are_numbers_not_booleans_or_strings(client, minutes):
    cid = client.post(f"{V1}/complaints", json={"text": "jalan rusak parah"}).json()["id"]
    edited = client.patch(f"{V1}/complaints/{cid}", json={"topic": "kesehatan", "minutes": minutes})
    assert edited.status_code == (200 if minutes is None else 422), edited.text
    moved = client.post(f"{V1}/complaints/{cid}/transitions", json={"to": "verified", "minutes": minutes})
    assert moved.status_code == (200 if minutes is None else 422), moved.text
