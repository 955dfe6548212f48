"""Possible duplicates: the store narrows the candidates (window, regency, reach), nlp.similar decides.

Real app, real nlp pipeline, real SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from api.complaint.models import Complaint

V1 = "/api/v1"


def _tag() -> str:
    """A marker no other test's complaint holds. Digits, not letters: nlp.similar compares wording
    character by character, so random letters moved the wording score against an unrelated complaint by
    several points and decided, one run in a few, whether it crossed the duplicate threshold."""
    return "zq" + str(uuid.uuid4().int)[:8]


def _new(client, text: str, region_code: str = "33.03.07", topic: str = "infrastruktur", **kw) -> int:
    made = client.post(
        f"{V1}/complaints", json={"text": text, "region_code": region_code, "topic": topic}, **kw
    )
    assert made.status_code == 201, made.text
    return made.json()["id"]


def _duplicates(client, complaint_id: int, **kw) -> list[int]:
    detail = client.get(f"{V1}/complaints/{complaint_id}", **kw)
    assert detail.status_code == 200, detail.text
    return [c["id"] for c in detail.json()["possible_duplicates"]]


def test_the_same_matter_is_found_and_another_matter_of_the_topic_is_not(client) -> None:
    tag = _tag()
    first = _new(
        client,
        f"Jembatan gantung {tag} di dusun Karangsari putus sejak banjir, anak sekolah tidak bisa lewat",
    )
    again = _new(client, f"Jembatan gantung {tag} putus, anak-anak sekolah tidak bisa menyeberang ke sekolah")
    other = _new(client, "Lampu penerangan di alun-alun mati semua sejak seminggu, jalan gelap sekali")
    far = _new(
        client, f"Jembatan gantung {tag} putus, anak-anak sekolah tidak bisa menyeberang", region_code="33.02"
    )
    found = _duplicates(client, again)
    assert found[0] == first
    assert other not in found and far not in found  # same topic and regency, another matter; another regency
    assert again in _duplicates(client, first)


def test_only_complaints_in_reach_and_in_the_window_are_candidates(
    client, db, make_user, auth_headers
) -> None:
    tag = _tag()
    text = f"Saluran irigasi {tag} di Desa Bojong jebol, sawah kekeringan sudah dua minggu"
    by_admin = _new(client, text)
    operator = auth_headers(make_user("operator", "reg-33.03"))
    mine = _new(client, text + " mohon segera", headers=operator)
    # an operator reaches only the complaints they filed: the sysadmin's report is not shown to them
    assert by_admin not in _duplicates(client, mine, headers=operator)
    assert by_admin in _duplicates(client, mine)

    old = _new(client, text + " lagi")
    db.rollback()
    row = db.get(Complaint, old)
    row.created_at = row.created_at - timedelta(days=60)
    db.commit()
    assert old not in _duplicates(client, by_admin)
    assert mine in _duplicates(client, by_admin)
