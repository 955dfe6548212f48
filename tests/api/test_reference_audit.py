"""Changes to reference data (SLA policies, routing rules) are writes too: each leaves an audit event."""

from __future__ import annotations


def _agency_id(client, code: str) -> int:
    return next(a["id"] for a in client.get("/api/v1/agencies").json() if a["code"] == code)


def test_sla_and_routing_changes_are_audited_with_the_acting_user(client) -> None:
    agency = _agency_id(client, "reg-33.03")
    sla = {"verify_days": 2, "respond_days": 4, "close_days": 8}
    assert client.put(f"/api/v1/agencies/{agency}/sla", json=sla).status_code == 200
    rule = {"topic": "infrastruktur", "region_prefix": "33.03", "priority": 5}
    assert client.post(f"/api/v1/agencies/{agency}/routing-rules", json=rule).status_code == 201

    events = client.get("/api/v1/auth/events", params={"username": "reg-33.03"}).json()
    by_action = {e["action"]: e for e in reversed(events)}  # newest first: the newest of each action
    assert by_action["sla_changed"]["actor"] == client.principal_username
    assert by_action["sla_changed"]["note"].endswith("-> 2/4/8")
    assert by_action["routing_rule_added"]["actor"] == client.principal_username
    assert "infrastruktur" in by_action["routing_rule_added"]["note"]


def test_a_refused_change_leaves_no_event(client, make_user, auth_headers) -> None:
    agency = _agency_id(client, "reg-33.02")
    verifier = auth_headers(make_user("verifier", "prov-33"))
    sla = {"verify_days": 1, "respond_days": 1, "close_days": 1}
    assert client.put(f"/api/v1/agencies/{agency}/sla", json=sla, headers=verifier).status_code == 403
    events = client.get("/api/v1/auth/events", params={"username": "reg-33.02"}).json()
    assert [e for e in events if e["action"] == "sla_changed"] == []
