"""api/crypto.py on its own: normalization, keyed hashes, Fernet with rotation, masking, the column type.

No database here (tests/api/complaint/test_contact_crypto.py covers the store on SQLite and PostgreSQL).
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, select, text

from api import crypto
from api.crypto import ContactKeyMismatch, ContactKind, EncryptedString

KEY_A = "a" * 40
KEY_B = "b" * 40
PHONE = ContactKind.PHONE
NIK = ContactKind.NIK


@pytest.fixture
def use_keys(monkeypatch: pytest.MonkeyPatch):
    """Switch the process's secret (and previous secrets) for the rest of the test, as a restart with
    those settings would (the key ring is configured at the process's edge)."""
    from api.config import get_settings

    def switch(secret: str, previous: str = "") -> None:
        monkeypatch.setenv("SUARA_SECRET_KEY", secret)
        monkeypatch.setenv("SUARA_PREVIOUS_SECRET_KEYS", previous)
        get_settings.cache_clear()
        crypto.configure(get_settings())

    before = crypto.configured()
    yield switch
    get_settings.cache_clear()  # monkeypatch restores the environment after this
    if before is not None:
        crypto.configure(before)


@pytest.mark.parametrize(
    "written", ["081234567890", "6281234567890", "+6281234567890", "+62 812-3456-7890", "81234567890"]
)
def test_every_written_form_of_a_phone_normalizes_to_e164(written):
    assert crypto.normalize_phone(written) == "+6281234567890"


def test_short_and_foreign_numbers_stay_as_they_are():
    assert crypto.normalize_phone("1708") == "1708"
    assert crypto.normalize_phone("+14155550100") == "+14155550100"


@pytest.mark.parametrize("bad", ["call me", "", "+", "12", "0812345678901234567"])
def test_a_phone_that_is_not_one_is_refused_without_echoing_it(bad):
    with pytest.raises(ValueError, match="not a phone number") as info:
        crypto.normalize_phone(bad)
    assert len(bad) < 10 or bad not in str(info.value)


def test_nik_is_its_sixteen_digits():
    assert crypto.normalize_nik("3302 0112 3456 0001") == "3302011234560001"
    with pytest.raises(ValueError, match="not a NIK"):
        crypto.normalize_nik("330201123456")


def test_hash_is_the_same_for_every_form_and_differs_by_key(use_keys):
    use_keys(KEY_A)
    forms = {crypto.contact_hash(PHONE, v) for v in ("081234567890", "6281234567890", "+6281234567890")}
    assert len(forms) == 1
    phone_hash = forms.pop()
    assert phone_hash is not None and len(phone_hash) == 64
    assert crypto.contact_hash(PHONE, None) is None
    use_keys(KEY_B)
    assert crypto.contact_hash(PHONE, "081234567890") != phone_hash


def test_search_hashes_cover_the_previous_key(use_keys):
    use_keys(KEY_A)
    old = crypto.contact_hash(PHONE, "081234567890")
    use_keys(KEY_B, previous=KEY_A)
    hashes = crypto.contact_hashes(PHONE, "+6281234567890")
    assert hashes[0] == crypto.contact_hash(PHONE, "081234567890") and hashes[1] == old


def test_encryption_is_randomized_and_round_trips(use_keys):
    use_keys(KEY_A)
    one, two = crypto.encrypt("+6281234567890"), crypto.encrypt("+6281234567890")
    assert one != two and "81234567890" not in one
    assert crypto.decrypt(one, where="t.c") == "+6281234567890"


def test_a_wrong_key_is_a_clear_error_naming_the_column(use_keys):
    use_keys(KEY_A)
    token = crypto.encrypt("3302011234560001")
    use_keys(KEY_B)
    with pytest.raises(ContactKeyMismatch, match=r"complaints\.reporter_nik .*secret key .*differs"):
        crypto.decrypt(token, where="complaints.reporter_nik")


def test_a_rotated_key_still_decrypts_and_rotate_moves_to_the_new_one(use_keys):
    use_keys(KEY_A)
    token = crypto.encrypt("+6281234567890")
    use_keys(KEY_B, previous=f" {KEY_A} ,")
    assert crypto.decrypt(token, where="t.c") == "+6281234567890"
    rotated = crypto.rotate(token, where="t.c")
    use_keys(KEY_B)
    assert crypto.decrypt(rotated, where="t.c") == "+6281234567890"
    with pytest.raises(ContactKeyMismatch):
        crypto.decrypt(token, where="t.c")


def test_a_short_previous_key_is_refused(use_keys):
    use_keys(KEY_A, previous="short")
    with pytest.raises(ValueError, match="SUARA_PREVIOUS_SECRET_KEYS"):
        crypto.encrypt("+6281234567890")


def test_plaintext_left_in_an_encrypted_column_is_named_as_such(use_keys):
    use_keys(KEY_A)
    with pytest.raises(ContactKeyMismatch, match=r"recordings\.caller_number .*not encrypted"):
        crypto.decrypt("+6281234567890", where="recordings.caller_number")


def test_mask_keeps_a_recognizable_part_only():
    assert crypto.mask("+6281234567890") == "+62812*****890"
    assert crypto.mask("3302011234560001") == "330201*******001"
    assert crypto.mask("1708") == "**08"
    assert crypto.mask(None) is None


def test_the_column_type_encrypts_on_write_decrypts_on_read_and_refuses_comparisons(use_keys):
    use_keys(KEY_A)
    metadata = MetaData()
    table = Table("t", metadata, Column("id", Integer, primary_key=True), Column("p", EncryptedString("t.p")))
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(table.insert(), [{"p": "+6281234567890"}, {"p": None}])
        read = conn.execute(select(table.c.p).order_by(table.c.id)).scalars().all()
        assert read == ["+6281234567890", None]
        raw = conn.execute(text("SELECT p FROM t WHERE p IS NOT NULL")).scalar_one()
        assert raw.startswith("gAAAAA") and "81234567890" not in raw
        assert conn.execute(select(table.c.id).where(table.c.p.is_(None))).scalar_one() == 2
    with pytest.raises(TypeError, match="_hash column"):
        select(table).where(table.c.p == "+6281234567890")


def test_access_log_lines_mask_numbers_in_query_strings(caplog):
    from api.auth import logs

    logs.install()
    logs.install()
    access = logging.getLogger(logs.ACCESS_LOGGER)
    assert sum(isinstance(f, logs.RedactContactFilter) for f in access.filters) == 1
    query = "reporter_phone=%2B6281234567890&reporter_nik=3302011205900001&q=0812345678&limit=50"
    path = f"/api/v1/complaints?{query}"
    with caplog.at_level(logging.INFO, logger=logs.ACCESS_LOGGER):
        access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", path, "1.1", 200)
    [line] = [r.getMessage() for r in caplog.records if r.name == logs.ACCESS_LOGGER]
    assert "81234567890" not in line and "3302011205900001" not in line and "0812345678" not in line
    assert "limit=50" in line and line.startswith('127.0.0.1:5000 - "GET /api/v1/complaints?reporter_phone=')
    assert logs.redact_query("/api/v1/recordings/123456789") == "/api/v1/recordings/123456789"


def test_contact_details_need_the_key_ring_configured_at_the_edge(monkeypatch: pytest.MonkeyPatch):
    """No hidden settings read: a process that never configured its ring is told so, not handed keys
    from whatever the environment says at that moment."""
    monkeypatch.setattr(crypto, "_configured", None)  # a process that never ran crypto.configure
    monkeypatch.setenv("SUARA_SECRET_KEY", KEY_A)
    with pytest.raises(crypto.ContactKeysNotConfigured, match=r"crypto\.configure"):
        crypto.encrypt("+6281234567890")


def test_the_configured_ring_not_the_environment_decides_the_keys(use_keys, monkeypatch):
    use_keys(KEY_A)
    token = crypto.encrypt("+6281234567890")
    monkeypatch.setenv("SUARA_SECRET_KEY", KEY_B)  # changed under a running process: not read
    assert crypto.decrypt(token, where="t.c") == "+6281234567890"
