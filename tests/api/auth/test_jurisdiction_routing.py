"""A complaint never leaves the filer's jurisdiction through machine routing (issue #14, item 1).

A regency hotline runs with `SUARA_DEFAULT_REGION` set to its own regency. A verifier of a neighbouring
regency who files a complaint there (or whose text names no place) must not see it routed to the default
region's agencies, where that regency's verifier and leader would read the reporter's name and phone.
Real app, real nlp pipeline, real SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from api.agency.models import Agency
from api.complaint.models import Complaint

DEFAULT = "33.03"  # Kabupaten Purbalingga: the hotline's own regency
HOME = "33.02"  # Kabupaten Banyumas: the filer's regency


@pytest.fixture
def regency_app(settings, monkeypatch: pytest.MonkeyPatch):
    """The app as a regency hotline runs it: SUARA_DEFAULT_REGION set."""
    from api.config import get_settings
    from api.main import create_app

    monkeypatch.setenv("SUARA_DEFAULT_REGION", DEFAULT)
    get_settings.cache_clear()
    yield create_app(get_settings())
    get_settings.cache_clear()


@pytest.fixture
def as_user(regency_app, make_user, auth_headers):
    from fastapi.testclient import TestClient

    def make(role: str, agency: str | None) -> TestClient:
        return TestClient(regency_app, headers=auth_headers(make_user(role, agency)))

    return make


def _file(client, **body) -> dict:
    answer = client.post("/api/v1/complaints", json=body)
    assert answer.status_code == 201, answer.text
    return answer.json()


def _stored(db, complaint_id: int) -> tuple[Complaint, Agency | None]:
    db.rollback()
    complaint = db.get(Complaint, complaint_id)
    assert complaint is not None and complaint.analyzed_at is not None, "the analysis job did not run"
    return complaint, db.get(Agency, complaint.agency_id) if complaint.agency_id else None


def _in_home(code: str | None) -> bool:
    return code is None or code == HOME or code.startswith(HOME + ".") or HOME.startswith(code + ".")


@pytest.mark.parametrize(
    "text",
    [
        "Pelayanan puskesmas Sokaraja sangat lambat, obat sering habis dan dokter jarang datang.",
        "Puskesmas di Kabupaten Banyumas pelayanannya buruk, dokter sering tidak ada.",
    ],
)
def test_a_region_the_filer_set_wins_over_the_default_region(as_user, db, text: str) -> None:
    filer = as_user("verifier", f"reg-{HOME}")
    filed = _file(
        filer, text=text, region_code=HOME, reporter_name="Siti Aminah", reporter_phone="081234567890"
    )
    complaint, agency = _stored(db, filed["id"])
    assert complaint.region_code is not None and complaint.region_code.startswith(HOME)
    assert agency is not None and _in_home(agency.region_code), (agency.code, agency.region_code)
    for role in ("verifier", "leader"):
        other = as_user(role, f"reg-{DEFAULT}")
        assert other.get(f"/api/v1/complaints/{filed['id']}").status_code == 404, role
        listed = other.get("/api/v1/complaints", params={"limit": 500}).json()["items"]
        assert filed["id"] not in {c["id"] for c in listed}, role
    assert filer.get(f"/api/v1/complaints/{filed['id']}").json()["reporter_phone"] == "081234567890"


def test_a_complaint_without_region_stays_in_the_filers_jurisdiction(as_user, db) -> None:
    filer = as_user("verifier", f"reg-{HOME}")
    filed = _file(filer, text="Jalan rusak parah dan berlubang, sudah banyak motor jatuh, mohon diperbaiki.")
    assert filed["region_code"] == HOME  # placed at once, not only after the analysis
    complaint, agency = _stored(db, filed["id"])
    assert complaint.region_code == HOME
    assert agency is None or _in_home(agency.region_code)
    assert as_user("verifier", f"reg-{DEFAULT}").get(f"/api/v1/complaints/{filed['id']}").status_code == 404


def test_places_in_another_regency_do_not_move_the_complaint(as_user, db) -> None:
    filer = as_user("verifier", f"reg-{HOME}")
    text = "Jalan desa di kecamatan Kutasari kabupaten Purbalingga rusak parah, mohon segera diperbaiki."
    filed = _file(filer, text=text, region_code=HOME)
    complaint, agency = _stored(db, filed["id"])
    assert complaint.region_code == HOME
    assert agency is None or _in_home(agency.region_code)
    assert any("outside the complaint's region" in w for w in complaint.suggestions["warnings"])
    assert as_user("verifier", f"reg-{DEFAULT}").get(f"/api/v1/complaints/{filed['id']}").status_code == 404


def test_places_inside_the_region_narrow_it(as_user, db) -> None:
    filer = as_user("verifier", f"reg-{HOME}")
    text = "Jalan di desa Karanglewas kecamatan Karanglewas rusak parah dan berlubang, mohon diperbaiki."
    filed = _file(filer, text=text, region_code=HOME)
    complaint, _ = _stored(db, filed["id"])
    assert complaint.region_code is not None and complaint.region_code.startswith(HOME + ".")


def test_a_hotline_recording_stays_in_the_uploaders_regency(
    regency_app, make_user, store_recording, as_user, db
) -> None:
    from api.config import get_settings
    from api.database import session_scope
    from api.intake import flows
    from api.recording import service as recording_service

    operator = make_user("operator", f"reg-{HOME}")
    text = "halo saya mau lapor pelayanan puskesmas sangat lambat obat sering habis dokter jarang datang"
    recording_id = store_recording(operator.username, transcript_text=text)
    with session_scope() as db_session:
        job = recording_service.create_job(db_session=db_session, recording_id=recording_id)
        job_id = job.id
    flows.run_intake(job_id, settings=get_settings())
    db.rollback()
    made = db.query(Complaint).filter(Complaint.recording_id == recording_id).all()
    assert len(made) == 1
    assert made[0].region_code == HOME
    agency = db.get(Agency, made[0].agency_id) if made[0].agency_id else None
    assert agency is None or _in_home(agency.region_code)
    assert as_user("verifier", f"reg-{DEFAULT}").get(f"/api/v1/complaints/{made[0].id}").status_code == 404
    assert as_user("verifier", f"reg-{HOME}").get(f"/api/v1/complaints/{made[0].id}").status_code == 200
