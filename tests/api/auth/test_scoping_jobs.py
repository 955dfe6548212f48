"""A job is visible exactly when its recording is: its status, its error and the list of jobs."""

from __future__ import annotations

import pytest

from api.database import session_scope
from api.recording import service as recording_service
from api.recording.models import JobStatus
from tests.api.auth.scoping import V1, word


@pytest.fixture
def recording_with_job(settings, store_recording, file_complaint):
    """recording_with_job(anonymous) -> (recording id, job id, uploader) with one complaint cut from it,
    dispatched to reg-33.03; the job failed with a reason, as an operator would find it."""

    def make(*, anonymous: bool) -> tuple[int, int, str]:
        uploader = f"operator-{word()}"
        recording_id = store_recording(uploader, transcript_text="jalan rusak di desa Karanglewas")
        with session_scope(settings.sqlalchemy_url) as db_session:
            job = recording_service.create_job(db_session=db_session, recording_id=recording_id)
            recording_service.finish_job(
                db_session=db_session, job_id=job.id, status=JobStatus.FAILED, error="model missing"
            )
            job_id = job.id
        file_complaint(
            recording_id=recording_id, agency="reg-33.03", dispatched=True, anonymous=anonymous,
            reporter_name="Budi Santoso",
        )  # fmt: skip
        return recording_id, job_id, uploader

    return make


def test_a_liaison_cannot_read_the_job_of_a_recording_it_may_not_hear(as_role, recording_with_job):
    """An anonymous report dispatched to the liaison's agency: the liaison reads the complaint, but
    neither its recording nor its job (whose error could say what the audio holds)."""
    recording_id, job_id, _ = recording_with_job(anonymous=True)
    liaison = as_role("liaison", "reg-33.03")
    assert liaison.get(f"{V1}/recordings/{recording_id}").status_code == 404
    hidden = liaison.get(f"{V1}/jobs/{job_id}")
    assert hidden.status_code == 404
    assert hidden.json()["detail"] == liaison.get(f"{V1}/jobs/2147483000").json()["detail"].replace(
        "2147483000", str(job_id)
    )
    assert liaison.post(f"{V1}/jobs/{job_id}/retry").status_code == 404
    listed = liaison.get(f"{V1}/jobs", params={"status": "failed", "limit": 200}).json()
    assert job_id not in {j["id"] for j in listed}


def test_a_job_is_readable_where_its_recording_is(as_role, recording_with_job):
    recording_id, job_id, _ = recording_with_job(anonymous=False)
    liaison = as_role("liaison", "reg-33.03")
    assert liaison.get(f"{V1}/recordings/{recording_id}").status_code == 200
    job = liaison.get(f"{V1}/jobs/{job_id}")
    assert job.status_code == 200 and job.json()["error"] == "model missing"
    listed = liaison.get(f"{V1}/jobs", params={"status": "failed", "limit": 200}).json()
    assert job_id in {j["id"] for j in listed}
    assert liaison.post(f"{V1}/jobs/{job_id}/retry").status_code == 403  # may read, may not re-run


OTHERS = [("operator", None), ("producer", None), ("liaison", "reg-33.02")]


@pytest.mark.parametrize(("role", "agency"), OTHERS)
def test_others_see_neither_the_job_nor_its_place_in_the_list(as_role, recording_with_job, role, agency):
    _, job_id, _ = recording_with_job(anonymous=False)
    other = as_role(role, agency)
    assert other.get(f"{V1}/jobs/{job_id}").status_code == 404
    assert job_id not in {j["id"] for j in other.get(f"{V1}/jobs", params={"limit": 200}).json()}


def test_a_leader_reads_no_jobs(as_role):
    assert as_role("leader", "reg-33.03").get(f"{V1}/jobs").status_code == 403
