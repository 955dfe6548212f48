"""One routing engine: nlp's rules, kept in the store, edited over the API by a sysadmin, audited.

Real app, real nlp pipeline (the analysis runs inline), real SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select

from api.agency.models import Agency
from api.agency.models import RoutingRule as StoredRule
from nlp.routing import load_rules

V1 = "/api/v1"


def _tag() -> str:
    """A made-up word (letters only, so the normalizer reads no number into it) unique to the test run."""
    return "zq" + "".join(chr(97 + int(c, 16)) for c in uuid.uuid4().hex[:8])


def _rule(tag: str, **fields) -> dict:
    return {
        "id": f"uji-{tag}", "topics": ["*"], "level": "regency", "agency": "dinas-perkim", "weight": 1.0,
        "keywords": [tag], "region_prefix": "33.03", "priority": 100, **fields,
    }  # fmt: skip


def _file(client, text: str, region_code: str = "33.03.07") -> dict:
    made = client.post(f"{V1}/complaints", json={"text": text, "region_code": region_code})
    assert made.status_code == 201, made.text
    return client.get(f"{V1}/complaints/{made.json()['id']}").json()


def _agency_code(db, agency_id: int | None) -> str | None:
    db.rollback()
    return db.get(Agency, agency_id).code if agency_id else None


def _events(client, subject: str) -> dict[str, dict]:
    return {e["action"]: e for e in client.get(f"{V1}/auth/events", params={"username": subject}).json()}


def test_the_store_starts_with_the_shipped_rules_in_their_order(client) -> None:
    listed = [r["id"] for r in client.get(f"{V1}/routing-rules").json()]
    shipped = [r.id for r in load_rules()]
    assert [i for i in listed if i in set(shipped)] == shipped
    one = client.get(f"{V1}/routing-rules/{shipped[0]}").json()
    assert one["priority"] == 0
    assert {k: one[k] for k in load_rules()[0].to_dict()} == load_rules()[0].to_dict()


def test_a_rule_added_over_the_api_routes_the_next_complaint_and_is_named(client, db) -> None:
    tag = _tag()
    added = client.post(f"{V1}/routing-rules", json=_rule(tag))
    assert added.status_code == 201, added.text
    assert added.json()["id"] == f"uji-{tag}" and added.json()["priority"] == 100

    routed = _file(client, f"Rumah warga retak karena {tag} di dekat balai desa, mohon dicek")
    assert _agency_code(db, routed["agency_id"]) == "dinas-perkim:33.03"
    assert routed["suggestions"]["agencies"][0]["rule"] == f"uji-{tag}"
    assert routed["suggestions"]["agencies"][0]["code"] == "dinas-perkim:33.03"
    # the same words in another regency: the rule's region prefix keeps it out
    elsewhere = _file(client, f"Rumah warga retak karena {tag} di dekat balai desa", region_code="33.02")
    assert all(s["rule"] != f"uji-{tag}" for s in elsewhere["suggestions"]["agencies"])

    changed = client.put(f"{V1}/routing-rules/uji-{tag}", json=_rule(tag, enabled=False))
    assert changed.status_code == 200, changed.text
    after = _file(client, f"Rumah warga retak karena {tag} di dekat pos ronda, mohon dicek")
    assert all(s["rule"] != f"uji-{tag}" for s in after["suggestions"]["agencies"])

    assert client.delete(f"{V1}/routing-rules/uji-{tag}").status_code == 204
    assert client.get(f"{V1}/routing-rules/uji-{tag}").status_code == 404
    events = _events(client, f"uji-{tag}")
    assert {"routing_rule_added", "routing_rule_changed", "routing_rule_removed"} <= set(events)
    assert all(e["actor"] == client.principal_username for e in events.values())
    assert "'enabled': False" in events["routing_rule_changed"]["note"].split(" -> ")[1]


def test_nlp_validates_every_write_and_a_refused_write_changes_nothing(client) -> None:
    tag = _tag()
    before = client.get(f"{V1}/routing-rules").json()
    bad = [
        (client.post, "", _rule(tag, topics=["bukan_topik"]), "bukan_topik"),
        (client.post, "", _rule(tag, level="province"), "dinas-perkim"),  # a regency-only office kind
        (client.post, "", _rule(tag, replaces=["tidak-ada"]), "tidak-ada"),
        (client.post, "", _rule(tag, id="infra-kabupaten"), "infra-kabupaten"),  # taken
        (client.put, "/infra-kabupaten", _rule(tag, id="lain"), "id"),  # ids do not change
    ]
    for call, path, body, named in bad:
        answer = call(f"{V1}/routing-rules{path}", json=body)
        assert answer.status_code == 422, (body, answer.text)
        assert named in answer.json()["detail"], answer.text
    # infra-jakarta replaces infra-kabupaten: removing the latter would leave a dangling reference
    refused = client.delete(f"{V1}/routing-rules/infra-kabupaten")
    assert refused.status_code == 422 and "infra-kabupaten" in refused.json()["detail"]
    assert client.get(f"{V1}/routing-rules").json() == before
    assert "routing_rule_removed" not in _events(client, "infra-kabupaten")


def test_only_a_sysadmin_changes_rules_and_a_refusal_leaves_no_event(client, make_user, auth_headers) -> None:
    tag = _tag()
    verifier = auth_headers(make_user("verifier", "reg-33.03"))
    assert client.get(f"{V1}/routing-rules", headers=verifier).status_code == 200
    assert client.post(f"{V1}/routing-rules", json=_rule(tag), headers=verifier).status_code == 403
    assert (
        client.put(
            f"{V1}/routing-rules/kes-kabupaten", json=_rule(tag, id="kes-kabupaten"), headers=verifier
        ).status_code
        == 403
    )
    assert client.delete(f"{V1}/routing-rules/kes-kabupaten", headers=verifier).status_code == 403
    assert _events(client, f"uji-{tag}") == {} and _events(client, "kes-kabupaten") == {}


def test_send_this_topic_to_this_agency_is_a_rule_kept_inside_the_agency_region(client, db) -> None:
    regency = db.scalars(select(Agency.id).where(Agency.code == "reg-33.05")).one()
    wide = client.post(
        f"{V1}/agencies/{regency}/routing-rules", json={"topic": "perizinan", "region_prefix": "33"}
    )
    assert wide.status_code == 201, wide.text
    assert (wide.json()["level"], wide.json()["agency"], wide.json()["region_prefix"]) == (
        "regency", "pemda", "33.05",
    )  # fmt: skip
    outside = client.post(
        f"{V1}/agencies/{regency}/routing-rules", json={"topic": "perizinan", "region_prefix": "35"}
    )
    assert outside.status_code == 422, outside.text
    assert client.delete(f"{V1}/routing-rules/{wide.json()['id']}").status_code == 204


def test_a_change_made_by_another_process_is_seen_on_the_next_routing(client, db) -> None:
    from api.agency import routing

    tag = _tag()
    assert client.post(f"{V1}/routing-rules", json=_rule(tag)).status_code == 201
    db.rollback()
    assert next(r for r in routing.engine_rules(db) if r.id == f"uji-{tag}").weight == 1.0
    row = db.scalars(select(StoredRule).where(StoredRule.rule_id == f"uji-{tag}")).one()
    from api.database import utcnow

    row.body, row.updated_at = {**row.body, "weight": 0.5}, utcnow()  # as another process would write it
    db.commit()
    assert next(r for r in routing.engine_rules(db) if r.id == f"uji-{tag}").weight == 0.5
    assert client.delete(f"{V1}/routing-rules/uji-{tag}").status_code == 204
