"""One routing engine: the store's routing rules become nlp's rules, seeded from nlp/data/routing_rules.json.

The old table (topic, region_prefix, agency_id, priority) is converted: each row becomes an nlp rule that
names the same agency (a national body by its catalogue code, a province or regency government as
`pemda` at its level, a regional office "kind:region" as that kind at the region's level), with weight 1
and the row's priority, its region prefix narrowed to the agency's region. A row that cannot be said that
way (an agency outside the catalogue, or a prefix that excludes the agency's own region) is not lost: it is
written to auth_events as `routing_rule_dropped` with its content. Downgrading recreates the old table
empty (the nlp-format rules cannot be said in the old shape).

Revision ID: 0009
Revises: 0008
"""

import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LEVEL_BY_DEPTH = {1: "province", 2: "regency", 3: "district", 4: "village"}


def _nlp_data() -> Path:
    """nlp/data without importing nlp (its package import loads spaCy)."""
    spec = find_spec("nlp")
    assert spec is not None and spec.submodule_search_locations, "the nlp package is not installed"
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _within(code: str, prefix: str) -> bool:
    return code == prefix or code.startswith(prefix + ".")


def _converted(row: Any, catalogue: dict[str, Any]) -> dict[str, Any] | None:
    """The old row as an nlp rule naming the same agency, or None (frozen copy of the rule of 0009)."""
    code, region = row.code, row.region_code
    if code in catalogue["national"] and not region:
        level, agency = "national", code
    elif re.fullmatch(r"prov-\d{2}", code) or re.fullmatch(r"reg-\d{2}\.\d{2}", code):
        level, agency = ("province" if code.startswith("prov-") else "regency"), "pemda"
        region = code.split("-", 1)[1]
    elif ":" in code and region and code.split(":", 1)[1] == region:
        agency = code.split(":", 1)[0]
        level = _LEVEL_BY_DEPTH.get(region.count(".") + 1, "")
        if level not in catalogue["offices"].get(agency, ()):
            return None
    else:
        return None
    prefix = row.region_prefix or None
    if level != "national":
        if prefix is None or _within(region, prefix):
            prefix = region
        elif not _within(prefix, region):
            return None
    topic = str(row.topic)
    if topic not in catalogue["topics"]:
        return None
    rule: dict[str, Any] = {
        "id": f"store-{row.id}", "topics": [topic], "level": level, "agency": agency, "weight": 1.0,
    }  # fmt: skip
    if prefix:
        rule["region_prefix"] = prefix
    rule["note"] = row.note or f"Converted from the store's rule #{row.id} ({code})."
    return rule


def upgrade() -> None:
    data = _nlp_data()
    agencies = json.loads((data / "agencies.json").read_text(encoding="utf-8"))
    catalogue = {
        "national": {a["code"] for a in agencies.get("agencies", [])},
        "offices": {o["kind"]: set(o.get("levels", [])) for o in agencies.get("office_types", [])},
        "topics": {t["label"] for t in json.loads((data / "taxonomy.json").read_text("utf-8"))["topics"]},
    }
    seed = json.loads((data / "routing_rules.json").read_text(encoding="utf-8"))["rules"]

    connection = op.get_bind()
    old = connection.execute(
        sa.text(
            "SELECT r.id, r.topic, r.region_prefix, r.priority, r.note, a.code, a.region_code "
            "FROM routing_rules r JOIN agencies a ON a.id = r.agency_id ORDER BY r.id"
        )
    ).all()
    with op.batch_alter_table("routing_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_routing_rules_topic"))
    op.drop_table("routing_rules")
    table = op.create_table(
        "routing_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routing_rules")),
        sa.UniqueConstraint("rule_id", name=op.f("uq_routing_rules_rule_id")),
    )
    now = datetime.now(UTC)
    rows = [
        {"rule_id": r["id"], "priority": 0, "position": i, "body": r, "updated_at": now}
        for i, r in enumerate(seed)
    ]
    events = sa.table(
        "auth_events",
        sa.column("actor", sa.String),
        sa.column("action", sa.String),
        sa.column("subject", sa.String),
        sa.column("note", sa.Text),
        sa.column("at", sa.DateTime(timezone=True)),
    )
    for row in old:
        rule = _converted(row, catalogue)
        if rule is None:
            content = f"topic {row.topic}, region {row.region_prefix or 'any'}, priority {row.priority}"
            connection.execute(
                sa.insert(events).values(
                    actor="system",
                    action="routing_rule_dropped",
                    subject=row.code,
                    at=now,
                    note=f"not expressible as an nlp rule: {content}; note: {row.note or '-'}",
                )
            )
            continue
        rows.append(
            {
                "rule_id": rule["id"],
                "priority": row.priority,
                "position": len(rows),
                "body": rule,
                "updated_at": now,
            }
        )
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_table("routing_rules")
    op.create_table(
        "routing_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("region_prefix", sa.String(length=16), nullable=True),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_routing_rules_agency_id_agencies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routing_rules")),
    )
    with op.batch_alter_table("routing_rules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_routing_rules_topic"), ["topic"], unique=False)
