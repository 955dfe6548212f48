"""Verified complaints and verifiers' corrections as nlp's lessons, read without any reporter identity."""

from __future__ import annotations

import uuid

from sqlalchemy import event

from api.complaint.corrections import corrections, verified_complaints

V1 = "/api/v1"


def _file(client, text: str, **fields) -> int:
    response = client.post(f"{V1}/complaints", json={"text": text, **fields})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def _verify(client, cid: int) -> None:
    response = client.post(f"{V1}/complaints/{cid}/transitions", json={"to": "verified"})
    assert response.status_code == 200, response.text


def test_a_verifiers_change_of_topic_is_a_labelled_lesson(client, db) -> None:
    tag = uuid.uuid4().hex[:8]
    cid = _file(client, f"lampu jalan di gang {tag} mati sudah seminggu")
    changes = {"topic": "listrik_air", "kind": "aspirasi"}
    assert client.patch(f"{V1}/complaints/{cid}", json=changes).is_success
    _verify(client, cid)
    db.rollback()
    lesson = [v for v in verified_complaints(db) if v.complaint_id == cid]
    assert len(lesson) == 1 and lesson[0].topic == "listrik_air" and lesson[0].kind == "aspirasi"
    assert lesson[0].machine_topic and lesson[0].machine_topic != "listrik_air"  # nlp said something else
    changed = {(c.field, c.official) for c in corrections(db) if c.complaint_id == cid}
    assert ("topic", "listrik_air") in changed and ("kind", "aspirasi") in changed
    who = {c.actor for c in corrections(db) if c.complaint_id == cid}
    assert who == {client.principal_username}


def test_an_anonymous_reporter_is_never_read(client, db) -> None:
    tag = uuid.uuid4().hex[:7] + "q"  # never all digits: digits after "gang" are an address, redacted
    text = f"nama saya Sutrisno{tag}, nomor saya 081234567890, sampah di gang {tag} tidak diangkut"
    cid = _file(client, text, anonymous=True, reporter_name=f"Sutrisno{tag}", reporter_phone="081234567890")
    _verify(client, cid)
    db.rollback()
    statements: list[str] = []

    def remember(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    engine = db.get_bind()
    event.listen(engine, "before_cursor_execute", remember)
    try:
        lesson = [v for v in verified_complaints(db) if v.complaint_id == cid]
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    assert lesson and f"Sutrisno{tag}" not in lesson[0].text and "081234567890" not in lesson[0].text
    assert f"gang {tag}" in lesson[0].text  # the complaint itself is kept, redacted
    assert statements and not any("reporter_" in s for s in statements)


def test_drafts_are_not_lessons(client, db) -> None:
    cid = _file(client, f"jalan rusak di dusun {uuid.uuid4().hex[:8]}")
    db.rollback()
    assert cid not in {v.complaint_id for v in verified_complaints(db)}
