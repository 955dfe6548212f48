"""Migration 0009 turns the old routing table into nlp rules naming the same agencies, losing nothing.

A database at revision 0008 with old-style rules (topic, region prefix, agency, priority) is upgraded;
the rules it can say as nlp rules route as before, the others are kept in auth_events. Fresh SQLite file
and fresh PostgreSQL database.
"""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from api.database import engine_for, upgrade
from nlp.routing import rules_from_data, suggest_agencies
from nlp.types import Topic
from tests.api.databases import scratch_database

AGENCIES = [  # id, code, level, region
    (1, "reg-33.03", "regency", "33.03"),
    (2, "kemenpu-bpjn", "national", None),
    (3, "dinas-pupr:33.03", "office", "33.03"),
    (4, "lembaga-lain", "national", None),  # not in nlp's catalogue
]
OLD_RULES = [  # id, topic, region_prefix, agency_id, priority, note
    (1, "pendidikan", None, 1, 5, "guru honorer"),
    (2, "kesehatan", "33", 1, 0, None),  # wider than the agency: narrowed to 33.03
    (3, "infrastruktur", "33.03.07", 3, 2, None),  # narrower: kept
    (4, "infrastruktur", None, 2, 0, None),
    (5, "infrastruktur", "35", 1, 0, None),  # the agency is not in 35: cannot route anything
    (6, "pendidikan", None, 4, 0, "lembaga khusus"),  # an agency the catalogue does not know
]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_old_rules_become_nlp_rules_and_the_rest_is_kept_in_the_audit(backend, tmp_path) -> None:
    with scratch_database(backend, tmp_path) as url:
        upgrade(url, "0008")
        engine = engine_for(url)
        with engine.begin() as conn:
            for aid, code, level, region in AGENCIES:
                conn.execute(
                    sa.text(
                        "INSERT INTO agencies (id, code, name, level, region_code, timezone, active) "
                        "VALUES (:id, :code, :code, :level, :region, 'Asia/Jakarta', :active)"
                    ),
                    {"id": aid, "code": code, "level": level, "region": region, "active": True},
                )
            for rid, topic, prefix, agency, priority, note in OLD_RULES:
                conn.execute(
                    sa.text(
                        "INSERT INTO routing_rules (id, topic, region_prefix, agency_id, priority, note) "
                        "VALUES (:id, :topic, :prefix, :agency, :priority, :note)"
                    ),
                    {"id": rid, "topic": topic, "prefix": prefix, "agency": agency, "priority": priority,
                     "note": note},
                )  # fmt: skip
        engine.dispose()
        upgrade(url)
        engine = engine_for(url)
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT rule_id, priority, body FROM routing_rules ORDER BY priority DESC, position")
            ).all()
            dropped = conn.execute(
                sa.text("SELECT subject, note FROM auth_events WHERE action = 'routing_rule_dropped'")
            ).all()
        engine.dispose()

    bodies = [r.body if isinstance(r.body, dict) else json.loads(r.body) for r in rows]
    rules = rules_from_data(bodies)  # the whole converted set is valid for nlp's engine
    by_id = {r.id: r for r in rules}
    assert {"store-1", "store-2", "store-3", "store-4"} <= set(by_id)
    assert "store-5" not in by_id and "store-6" not in by_id
    assert by_id["store-2"].region_prefix == "33.03" and by_id["store-3"].region_prefix == "33.03.07"
    assert {r.rule_id: r.priority for r in rows}["store-1"] == 5
    assert by_id["store-1"].note == "guru honorer"
    assert sorted(s for s, _ in dropped) == ["lembaga-lain", "reg-33.03"]
    assert any("lembaga khusus" in n for _, n in dropped)

    def best(topic: str, region: str, text: str = "") -> tuple[str, str]:
        top = suggest_agencies(topics=[Topic(topic, 0.9)], region_code=region, text=text, rules=rules)[0]
        return top.code, top.rule

    assert best("pendidikan", "33.03.07") == ("reg-33.03", "store-1")
    assert best("kesehatan", "33.03.01") == ("reg-33.03", "store-2")
    assert best("infrastruktur", "33.03.07.2001") == ("dinas-pupr:33.03", "store-3")
    assert best("pendidikan", "33.02")[1] != "store-1"  # the old rule never sent other regencies' cases
