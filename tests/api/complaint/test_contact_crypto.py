"""Reporter and caller contact details are encrypted at rest, on SQLite and PostgreSQL.

Read back through the API they are what was filed; read with raw SQL (what a stolen backup shows) they
are Fernet tokens and keyed hashes, and neither the event log nor nlp's stored suggestions repeat them.
"""

from __future__ import annotations

import os
import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import MetaData, Table, insert, inspect, select, text

from api import crypto
from api.complaint import query, service
from api.complaint.models import Complaint
from api.complaint.schemas import ComplaintFilter
from api.config import get_settings
from api.crypto import ContactKeyMismatch, ContactKind
from api.kernel import SYSTEM
from api.keys import root_secret
from api.recording.models import Recording
from tests.api.databases import scratch_postgres

V1 = "/api/v1"
OTHER_KEY = "another-secret-that-is-long-enough-0123456789"


def new_phone() -> tuple[str, str]:
    """A fresh number as (local form 0812…, its national significant digits 812… that must never show)."""
    local = "0812" + "".join(random.choices("0123456789", k=8))
    return local, local[1:]


def new_nik() -> str:
    return "330201120590" + "".join(random.choices("0123456789", k=4))


def raw_row(db, table: str, row_id: int) -> str:
    """Every column of one row as the database holds it, as one string."""
    db.rollback()  # see what the app committed
    row = db.execute(text(f"SELECT * FROM {table} WHERE id = :id"), {"id": row_id}).mappings().one()
    return str(dict(row))


def raw_events(db, complaint_id: int) -> str:
    rows = db.execute(
        text("SELECT field, from_value, to_value, note FROM events WHERE complaint_id = :id"),
        {"id": complaint_id},
    ).all()
    return str(rows)


def file(client, **fields) -> dict:
    body = {"text": f"lampu jalan mati di dusun {uuid.uuid4().hex[:8]}", **fields}
    response = client.post(f"{V1}/complaints", json=body)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def switch_key(settings, monkeypatch: pytest.MonkeyPatch):
    """Change the process's secret for the rest of the test, as a restart with it would (the key ring is
    configured at the process's edge); the `settings` fixture clears it after."""

    def switch(secret: str, previous: str = "") -> None:
        monkeypatch.setenv("SUARA_SECRET_KEY", secret)
        monkeypatch.setenv("SUARA_PREVIOUS_SECRET_KEYS", previous)
        get_settings.cache_clear()
        crypto.configure(get_settings())

    before = crypto.configured()
    yield switch
    if before is not None:
        crypto.configure(before)


def test_contact_details_read_back_but_are_stored_encrypted(client, db):
    phone, digits = new_phone()
    nik = new_nik()
    made = file(client, reporter_phone=phone, reporter_nik=nik)
    read = client.get(f"{V1}/complaints/{made['id']}").json()
    assert (read["reporter_phone"], read["reporter_nik"]) == (phone, nik)
    stored = raw_row(db, "complaints", made["id"])
    assert digits not in stored and nik not in stored
    row = db.execute(
        text("SELECT reporter_phone, reporter_nik, reporter_phone_hash, reporter_nik_hash FROM complaints "
             "WHERE id = :id"), {"id": made["id"]}
    ).one()  # fmt: skip
    assert row[0].startswith("gAAAAA") and row[1].startswith("gAAAAA")
    assert row[2] == crypto.contact_hash(ContactKind.PHONE, phone)
    assert row[3] == crypto.contact_hash(ContactKind.NIK, nik)


def test_edits_of_contact_details_are_logged_masked(client, db):
    phone, digits = new_phone()
    made = file(client, reporter_phone=phone, reporter_nik=new_nik())
    later, later_digits = new_phone()
    later_nik = new_nik()
    response = client.patch(
        f"{V1}/complaints/{made['id']}", json={"reporter_phone": later, "reporter_nik": later_nik}
    )
    assert response.status_code == 200, response.text
    assert response.json()["reporter_phone"] == later
    db.rollback()
    logged = raw_events(db, made["id"])
    assert "reporter_phone" in logged and "reporter_nik" in logged
    assert digits not in logged and later_digits not in logged and later_nik not in logged
    assert crypto.mask(later) in logged  # the log still shows that, and roughly to what, it changed
    stored = raw_row(db, "complaints", made["id"])
    assert later_digits not in stored and digits not in stored


def test_nlp_contacts_are_encrypted_and_left_out_of_suggestions(client, db):
    """nlp finds the number and NIK in the text: they land encrypted, and the stored entities keep only
    their label and span. The complaint text itself still holds them (see the README's privacy part)."""
    phone, digits = new_phone()
    nik = new_nik()
    spoken = f"{phone[:4]} {phone[4:8]} {phone[8:]}"
    made = file(client, text=f"Jalan desa Karanglewas rusak parah. Nomor saya {spoken}, NIK saya {nik}.")
    read = client.get(f"{V1}/complaints/{made['id']}").json()
    if not read["suggestions"]:
        pytest.skip("nlp is not installed: no analysis to check")
    assert read["reporter_phone"] == "+62" + digits and read["reporter_nik"] == nik
    assert "[TELEPON]" in read["public_text"] and digits not in read["public_text"].replace(" ", "")
    entities = read["suggestions"]["entities"]
    assert {"PHONE", "NIK"} <= {e["label"] for e in entities}
    contact = [e for e in entities if e["label"] in ("PHONE", "NIK")]
    assert all("text" not in e and "value" not in e and "number" not in e for e in contact)
    db.rollback()
    suggestions = db.execute(text("SELECT suggestions FROM complaints WHERE id = :id"), {"id": made["id"]})
    stored = str(suggestions.scalar_one())
    assert digits not in stored and nik not in stored
    columns = db.execute(
        text("SELECT reporter_phone, reporter_nik FROM complaints WHERE id = :id"), {"id": made["id"]}
    ).one()
    assert digits not in str(columns) and nik not in str(columns)


@pytest.mark.parametrize("form", ["local", "international", "e164"])
def test_search_by_phone_in_any_written_form(client, form):
    phone, digits = new_phone()
    nik = new_nik()
    wanted = file(client, reporter_phone=phone, reporter_nik=nik)["id"]
    file(client, reporter_phone=new_phone()[0])
    query = {"local": phone, "international": "62" + digits, "e164": "+62" + digits}[form]
    found = client.get(f"{V1}/complaints", params={"reporter_phone": query}).json()
    assert [c["id"] for c in found["items"]] == [wanted] and found["total"] == 1
    by_nik = client.get(f"{V1}/complaints", params={"reporter_nik": nik}).json()
    assert [c["id"] for c in by_nik["items"]] == [wanted]
    both = client.get(f"{V1}/complaints", params={"reporter_nik": nik, "reporter_phone": new_phone()[0]})
    assert both.json()["total"] == 0


@pytest.mark.parametrize(
    "params",
    [
        {"reporter_phone": "'; DROP TABLE complaints;--"},
        {"reporter_phone": "12"},
        {"reporter_nik": "3302"},
        {"reporter_nik": "x" * 16},
        {"reporter_phone": "0" * 5000},
    ],
)
def test_bad_contact_search_is_refused(client, params):
    response = client.get(f"{V1}/complaints", params=params)
    assert response.status_code == 422, response.text


def test_sms_sender_is_encrypted(client, db):
    phone, digits = new_phone()
    message = uuid.uuid4().hex
    response = client.post(
        f"{V1}/intake/sms",
        json={"from": "+62" + digits, "text": "LAPOR jembatan desa Pasir putus", "id": message},
    )
    assert response.status_code == 201, response.text
    complaint = db.scalars(select(Complaint).where(Complaint.external_ref == f"sms:{message}")).one()
    assert complaint.reporter_phone == "+62" + digits  # the ORM attribute decrypts
    assert digits not in raw_row(db, "complaints", complaint.id)
    found = client.get(f"{V1}/complaints", params={"reporter_phone": phone}).json()
    assert [c["id"] for c in found["items"]] == [complaint.id]


def test_open311_phone_is_encrypted(client, db):
    phone, digits = new_phone()
    response = client.post(
        f"{V1}/open311/v2/requests.json",
        data={"service_code": "kesehatan", "description": "Puskesmas tutup di jam kerja", "phone": phone},
    )
    assert response.status_code == 201, response.text
    [created] = response.json()
    complaint = service.get_by_tracking(
        db_session=db,
        principal=SYSTEM,
        tracking=created["service_request_id"],
        default_region=get_settings().default_region,
    )
    assert complaint.reporter_phone == phone
    assert digits not in raw_row(db, "complaints", complaint.id)


@pytest.mark.parametrize("phone", ["0" * 40, "\u0660\u0668\u0661\u0662\u0663\u0664\u0665\u0666", "+"])
def test_open311_phone_that_cannot_be_a_number_is_refused(client, phone):
    response = client.post(
        f"{V1}/open311/v2/requests.json",
        data={"service_code": "kesehatan", "description": "Puskesmas tutup", "phone": phone},
    )
    assert response.status_code == 422, response.text
    assert response.json()[0]["description"] == "phone: must be 3 to 15 digits, optionally with a leading +"


def test_recording_caller_number_is_encrypted(client, db):
    phone, digits = new_phone()
    recording = Recording(
        sha256=uuid.uuid4().hex * 2, path="2026/01/x.wav", size_bytes=1, format_name="wav", codec="pcm",
        duration=1.0, channel="hotline", caller_number="+62" + digits,
        uploaded_by=client.principal_username,  # only the uploader is shown the number (scoping)
    )  # fmt: skip
    db.add(recording)
    db.commit()
    assert recording.caller_number_hash == crypto.contact_hash(ContactKind.PHONE, phone)
    assert digits not in raw_row(db, "recordings", recording.id)
    read = client.get(f"{V1}/recordings/{recording.id}")
    assert read.status_code == 200 and read.json()["caller_number"] == "+62" + digits


def test_a_different_key_gives_a_clear_error_not_garbage(db, switch_key):
    complaint, _ = service.create(
        db_session=db,
        principal=SYSTEM,
        text="sampah menumpuk",
        channel="web",
        reporter_phone=new_phone()[0],
        default_zone=get_settings().timezone,
    )
    db.commit()
    switch_key(OTHER_KEY)
    db.expunge_all()
    with pytest.raises(ContactKeyMismatch, match=r"complaints\.reporter_phone .*secret key .*differs"):
        db.get(Complaint, complaint.id)
    db.rollback()


def test_a_rotated_key_still_reads_and_finds_old_rows(db, switch_key):
    phone, _digits = new_phone()
    complaint, _ = service.create(
        db_session=db,
        principal=SYSTEM,
        text="sampah menumpuk",
        channel="web",
        reporter_phone=phone,
        default_zone=get_settings().timezone,
    )
    db.commit()
    old_secret = root_secret(get_settings()).decode()
    switch_key(OTHER_KEY, previous=old_secret)
    db.expunge_all()
    assert db.get(Complaint, complaint.id).reporter_phone == phone
    flt = ComplaintFilter(reporter_phone="+62" + phone[1:])
    items, total = query.list_complaints(
        db_session=db, principal=SYSTEM, flt=flt, default_region=get_settings().default_region
    )
    assert [c.id for c in items] == [complaint.id] and total == 1
    # Values written from now on use the new key only. Rolled back: the rest of the suite keeps the old key.
    corrected = new_phone()[0]
    db.get(Complaint, complaint.id).reporter_phone = corrected
    db.flush()
    token = db.execute(text("SELECT reporter_phone FROM complaints WHERE id = :id"), {"id": complaint.id})
    switch_key(OTHER_KEY)
    assert crypto.decrypt(token.scalar_one(), where="t.c") == corrected
    db.rollback()


def test_reencrypt_moves_old_rows_to_the_new_key(db, switch_key):
    from api.auth.rekey import reencrypt

    phone, _digits = new_phone()
    complaint, _ = service.create(
        db_session=db,
        principal=SYSTEM,
        text="sampah menumpuk",
        channel="web",
        reporter_phone=phone,
        default_zone=get_settings().timezone,
    )
    db.commit()
    switch_key(OTHER_KEY, previous=root_secret(get_settings()).decode())
    assert reencrypt(db_session=db, batch=7) >= 1
    row = db.execute(
        text("SELECT reporter_phone, reporter_phone_hash FROM complaints WHERE id = :id"),
        {"id": complaint.id},
    ).one()
    switch_key(OTHER_KEY)  # the old key is gone: the row must open under the new one alone
    assert crypto.decrypt(row[0], where="t.c") == phone
    assert row[1] == crypto.contact_hash(ContactKind.PHONE, phone)
    db.rollback()  # the rest of the suite keeps the old key


# --- the migration: an existing database upgraded in place ---

MIGRATED_ROWS = 1_050  # more than the migration's batch of 500


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with nothing in it yet, per backend, for walking the migrations by hand."""
    from api.database import engine_for

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'contacts.db'}"
        yield url
        engine_for(url).dispose()
        return
    with scratch_postgres(f"suara_contacts_{os.getpid()}") as url:
        yield url


def _plaintext_rows(url: str) -> tuple[list[dict], dict]:
    """Complaints, an event and a recording inserted in plain SQL at revision 0005, as they were."""
    from api.database import engine_for

    engine = engine_for(url)
    metadata = MetaData()
    complaints, events, recordings = (
        Table(name, metadata, autoload_with=engine) for name in ("complaints", "events", "recordings")
    )
    now = datetime(2026, 1, 5, tzinfo=UTC)
    base = {
        "channel": "web", "text": "jalan rusak", "public_text": "", "kind": "pengaduan", "topics": [],
        "region_codes": [], "anonymous": False, "confidential": False, "urgent": False, "status": "draft",
        "suggestions": {}, "created_at": now, "updated_at": now, "overdue": False, "ever_overdue": False,
    }  # fmt: skip
    rows = [
        {**base, "reporter_phone": f"0812{i:08d}", "reporter_nik": f"330201120590{i % 10_000:04d}"}
        for i in range(MIGRATED_ROWS)
    ]
    rows.append({**base, "reporter_phone": None, "reporter_nik": None})
    recording = {
        "sha256": "f" * 64, "path": "2026/01/f.wav", "size_bytes": 1, "format_name": "wav", "codec": "pcm",
        "duration": 1.0, "channel": "hotline", "language": "id", "created_at": now,
        "caller_number": "+6281377778888",
    }  # fmt: skip
    with engine.begin() as conn:
        conn.execute(insert(complaints), rows)
        first = conn.execute(select(complaints.c.id).order_by(complaints.c.id).limit(1)).scalar_one()
        conn.execute(insert(events), [{"complaint_id": first, "at": now, "actor": "op", "action": "create"}])
        conn.execute(insert(recordings), [recording])
    return rows, recording


def _stored(url: str, table: str, columns: str) -> list[tuple]:
    from api.database import engine_for

    with engine_for(url).connect() as conn:
        return [tuple(r) for r in conn.execute(text(f"SELECT {columns} FROM {table} ORDER BY id"))]


def test_migration_encrypts_existing_rows_and_downgrade_restores_them(empty_url):
    from alembic import command

    from api.database import alembic_config, engine_for, upgrade

    upgrade(empty_url, "0005")
    rows, recording = _plaintext_rows(empty_url)
    upgrade(empty_url, "0006")

    stored = _stored(
        empty_url, "complaints", "reporter_phone, reporter_nik, reporter_phone_hash, reporter_nik_hash"
    )
    assert len(stored) == len(rows)
    for row, (phone, nik, phone_hash, nik_hash) in zip(rows, stored, strict=True):
        if row["reporter_phone"] is None:
            assert (phone, nik, phone_hash, nik_hash) == (None, None, None, None)
            continue
        assert phone.startswith("gAAAAA") and row["reporter_phone"][1:] not in phone
        assert crypto.decrypt(phone, where="c.p") == row["reporter_phone"]
        assert crypto.decrypt(nik, where="c.n") == row["reporter_nik"]
        assert phone_hash == crypto.contact_hash(ContactKind.PHONE, row["reporter_phone"])
        assert nik_hash == crypto.contact_hash(ContactKind.NIK, row["reporter_nik"])
    [(caller, caller_hash)] = _stored(empty_url, "recordings", "caller_number, caller_number_hash")
    assert crypto.decrypt(caller, where="r.c") == recording["caller_number"]
    assert caller_hash == crypto.contact_hash(ContactKind.PHONE, "081377778888")
    assert len(_stored(empty_url, "events", "id")) == 1  # the append-only log came through untouched
    indexes = {i["name"] for i in inspect(engine_for(empty_url)).get_indexes("complaints")}
    assert {"ix_complaints_reporter_phone_hash", "ix_complaints_reporter_nik_hash"} <= indexes

    command.downgrade(alembic_config(empty_url), "0005")
    restored = _stored(empty_url, "complaints", "reporter_phone, reporter_nik")
    assert restored == [(r["reporter_phone"], r["reporter_nik"]) for r in rows]
    assert _stored(empty_url, "recordings", "caller_number") == [(recording["caller_number"],)]
    engine_for(empty_url).dispose()
    columns = {c["name"] for c in inspect(engine_for(empty_url)).get_columns("complaints")}
    assert not {"reporter_phone_hash", "reporter_nik_hash"} & columns
