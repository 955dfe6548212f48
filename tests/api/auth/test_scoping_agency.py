"""Agency scoping under attack: a liaison of one agency against another agency's complaint, verifiers
outside their jurisdiction, leaders trying to write, operators and producers reaching past their own.

Out of scope answers exactly like a missing id (404, same words), and nothing changes.
"""

from __future__ import annotations

from tests.api.auth.scoping import V1, events_of, snapshot, word


def _missing_like(response, complaint_id: int) -> None:
    assert response.status_code == 404, response.text
    body = response.json()
    assert body["title"] == "Not found" and body["detail"] == f"complaint {complaint_id} does not exist"


def test_liaison_cannot_reach_a_complaint_dispatched_to_another_agency(
    db, as_role, file_complaint, store_recording
):
    secret = word()
    recording = store_recording(
        "producer-x", caller_number="+6281111111111", transcript_text=f"kata {secret}"
    )
    theirs = file_complaint(
        f"pungli di kantor desa {secret}", region="33.02.01", agency="reg-33.02", dispatched=True,
        reporter_name="Budi", reporter_phone="+6281234567890", recording_id=recording,
    )  # fmt: skip
    mine = file_complaint(f"lampu mati {word()}", region="33.03.01", agency="reg-33.03", dispatched=True)
    liaison = as_role("liaison", "reg-33.03")
    before = snapshot(db, theirs.id)

    assert liaison.get(f"{V1}/complaints/{mine.id}").status_code == 200  # the control: their own works
    _missing_like(liaison.get(f"{V1}/complaints/{theirs.id}"), theirs.id)
    _missing_like(liaison.get(f"{V1}/complaints/{theirs.id + 10_000_000}"), theirs.id + 10_000_000)
    by_tracking = liaison.get(f"{V1}/complaints/by-tracking/{theirs.tracking.lower()}")
    assert by_tracking.status_code == 404 and theirs.tracking in by_tracking.json()["detail"]

    writes = [
        ("patch", f"/complaints/{theirs.id}", {"text": "diubah oleh penyerang"}),
        ("post", f"/complaints/{theirs.id}/transitions", {"to": "in_progress"}),
        ("post", f"/complaints/{theirs.id}/transitions", {"to": "returned"}),
        ("post", f"/complaints/{theirs.id}/responses", {"text": "sudah selesai, tutup saja"}),
        ("post", f"/complaints/{theirs.id}/transcript", {"text": "transkrip palsu"}),
        ("post", f"/complaints/{theirs.id}/merge", {"duplicates": [mine.id]}),
    ]
    for method, path, body in writes:
        _missing_like(getattr(liaison, method)(f"{V1}{path}", json=body), theirs.id)
    # Merging their complaint into one's own: the duplicate is "not found" too, and nothing merges.
    merge = liaison.post(f"{V1}/complaints/{mine.id}/merge", json={"duplicates": [theirs.id]})
    assert merge.status_code in (403, 404)

    listed = liaison.get(f"{V1}/complaints", params={"q": secret}).json()
    assert listed["total"] == 0 and listed["items"] == []
    by_agency = liaison.get(f"{V1}/complaints", params={"agency_id": before[1], "limit": 500}).json()
    assert theirs.tracking not in {c["tracking_number"] for c in by_agency["items"]}
    everything = liaison.get(f"{V1}/complaints", params={"limit": 500}).json()
    assert theirs.id not in {c["id"] for c in everything["items"]}
    for export in ("export.csv", "export.json"):
        response = liaison.get(f"{V1}/complaints/{export}", params={"q": secret})
        assert response.status_code == 403 and theirs.tracking not in response.text

    for path in (
        f"/recordings/{recording}",
        f"/recordings/{recording}/audio",
        f"/recordings/{recording}/transcripts",
    ):
        response = liaison.get(f"{V1}{path}")
        assert response.status_code == 404 and secret not in response.text and "+62811" not in response.text
    assert liaison.get(f"{V1}/stats").status_code == 403
    assert snapshot(db, theirs.id) == before


def test_routed_but_not_dispatched_is_invisible_to_the_liaison(as_role, file_complaint):
    routed = file_complaint(region="33.03.01", agency="reg-33.03")  # a draft with a suggested agency
    liaison = as_role("liaison", "reg-33.03")
    _missing_like(liaison.get(f"{V1}/complaints/{routed.id}"), routed.id)


def test_liaison_may_answer_but_not_verify_or_reroute_its_own(db, as_role, file_complaint):
    mine = file_complaint(region="33.03.01", agency="reg-33.03", dispatched=True)
    liaison = as_role("liaison", "reg-33.03")
    before = snapshot(db, mine.id)
    for body in ({"to": "closed"}, {"to": "rejected"}, {"to": "dispatched", "agency": "reg-33.02"}):
        assert liaison.post(f"{V1}/complaints/{mine.id}/transitions", json=body).status_code == 403
    assert liaison.patch(f"{V1}/complaints/{mine.id}", json={"agency": "reg-33.02"}).status_code == 403
    assert snapshot(db, mine.id) == before
    answered = liaison.post(f"{V1}/complaints/{mine.id}/responses", json={"text": "Sudah diperbaiki."})
    assert answered.status_code == 201, answered.text
    assert events_of(db, mine.id, "responded")[-1].actor == liaison.user.username


def test_verifier_sees_only_their_jurisdiction(db, as_role, file_complaint):
    secret = word()
    inside = file_complaint(f"sampah {secret}", region="33.03.02")
    sub_agency = file_complaint(f"sampah {secret}", agency="reg-33.03")  # placed by agency only
    other_province = file_complaint(f"sampah {secret}", region="35.01.01", agency="reg-35.01")
    regency = as_role("verifier", "reg-33.03")
    assert regency.get(f"{V1}/complaints/{inside.id}").status_code == 200
    assert regency.get(f"{V1}/complaints/{sub_agency.id}").status_code == 200
    before = snapshot(db, other_province.id)
    _missing_like(regency.get(f"{V1}/complaints/{other_province.id}"), other_province.id)
    step = regency.post(f"{V1}/complaints/{other_province.id}/transitions", json={"to": "verified"})
    _missing_like(step, other_province.id)
    assert snapshot(db, other_province.id) == before
    listed = regency.get(f"{V1}/complaints", params={"q": secret}).json()
    assert {c["id"] for c in listed["items"]} == {inside.id, sub_agency.id}
    csv = regency.get(f"{V1}/complaints/export.csv", params={"q": secret})
    assert csv.status_code == 200 and inside.tracking in csv.text and other_province.tracking not in csv.text
    stats = regency.get(f"{V1}/stats", params={"q": secret}).json()
    assert stats[0]["complaints"] == 2

    province = as_role("verifier", "prov-35")
    assert province.get(f"{V1}/complaints/{other_province.id}").status_code == 200
    assert province.get(f"{V1}/complaints/{inside.id}").status_code == 404
    national = as_role("verifier", "ombudsman")
    assert {c["id"] for c in national.get(f"{V1}/complaints", params={"q": secret}).json()["items"]} == {
        inside.id, sub_agency.id, other_province.id,
    }  # fmt: skip
    ok = regency.post(f"{V1}/complaints/{inside.id}/transitions", json={"to": "verified"})
    assert ok.status_code == 200 and events_of(db, inside.id, "verified")[-1].actor == regency.user.username


def test_leader_reads_its_jurisdiction_and_writes_nothing(db, as_role, file_complaint):
    filed = file_complaint(region="33.03.01", reporter_name="Siti", reporter_phone="+6285555555555")
    leader = as_role("leader", "reg-33.03")
    before = snapshot(db, filed.id)
    detail = leader.get(f"{V1}/complaints/{filed.id}").json()
    assert detail["reporter_name"] is None and detail["reporter_phone"] is None
    assert detail["allowed_transitions"] == []
    refused = [
        leader.patch(f"{V1}/complaints/{filed.id}", json={"urgent": True}),
        leader.post(f"{V1}/complaints/{filed.id}/transitions", json={"to": "verified"}),
        leader.post(f"{V1}/complaints/{filed.id}/responses", json={"text": "dari pimpinan"}),
        leader.post(f"{V1}/complaints/{filed.id}/merge", json={"duplicates": [filed.id]}),
        leader.post(f"{V1}/complaints", json={"text": "laporan dari pimpinan"}),
        leader.post(f"{V1}/recordings", files={"file": ("a.wav", b"RIFF", "audio/wav")}),
        leader.put(f"{V1}/sla/default", json={"verify_days": 1, "respond_days": 1, "close_days": 1}),
        leader.post(f"{V1}/agencies/1/routing-rules", json={"topic": "infrastruktur"}),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused), [r.text for r in refused]
    assert leader.get(f"{V1}/stats").status_code == 200
    assert leader.get(f"{V1}/complaints/export.json").status_code == 200
    assert events_of(db, filed.id, "read_contact") == []
    assert snapshot(db, filed.id) == before


def test_operator_sees_only_what_they_filed(db, as_role):
    secret = word()
    alice, bob = as_role("operator"), as_role("operator")
    body = {"text": f"air PDAM mati {secret}", "reporter_phone": "+6281300000000", "region_code": "33.03"}
    created = alice.post(f"{V1}/complaints", json=body)
    assert created.status_code == 201, created.text
    cid = created.json()["id"]
    assert alice.get(f"{V1}/complaints/{cid}").json()["reporter_phone"] == "+6281300000000"
    _missing_like(bob.get(f"{V1}/complaints/{cid}"), cid)
    assert bob.get(f"{V1}/complaints", params={"q": secret}).json()["total"] == 0
    assert alice.get(f"{V1}/complaints", params={"q": secret}).json()["total"] == 1
    # An operator files and reads; verifying is not theirs.
    assert alice.post(f"{V1}/complaints/{cid}/transitions", json={"to": "verified"}).status_code == 403
    assert alice.get(f"{V1}/complaints/export.csv").status_code == 403


def test_producer_sees_only_complaints_cut_from_their_uploads(db, as_role, file_complaint, store_recording):
    mine_producer, other_producer = as_role("producer"), as_role("producer")
    recording = store_recording(mine_producer.user.username, caller_number="+6281200000000")
    cut = file_complaint(
        region="33.03.01", recording_id=recording, reporter_name="Pendengar", reporter_nik="3303010101900001"
    )
    seen = mine_producer.get(f"{V1}/complaints/{cut.id}")
    assert (
        seen.status_code == 200
        and seen.json()["reporter_name"] is None
        and seen.json()["reporter_nik"] is None
    )
    assert mine_producer.get(f"{V1}/recordings/{recording}").json()["caller_number"] == "+6281200000000"
    assert mine_producer.get(f"{V1}/recordings/{recording}/audio").status_code == 200
    _missing_like(other_producer.get(f"{V1}/complaints/{cut.id}"), cut.id)
    for path in (
        f"/recordings/{recording}",
        f"/recordings/{recording}/audio",
        f"/recordings/{recording}/transcripts",
    ):
        assert other_producer.get(f"{V1}{path}").status_code == 404
    assert (
        other_producer.post(f"{V1}/complaints", json={"text": "produser mengetik laporan"}).status_code == 403
    )


def test_jurisdiction_follows_the_agency_tree_and_the_default_region(settings, as_role, file_complaint):
    from fastapi.testclient import TestClient

    from api.main import create_app

    routed = file_complaint(agency="reg-33.03")  # no region: reached through the agency tree only
    province = as_role("verifier", "prov-33")
    assert province.get(f"{V1}/complaints/{routed.id}").status_code == 200
    assert as_role("verifier", "prov-35").get(f"{V1}/complaints/{routed.id}").status_code == 404

    unplaced = file_complaint()  # neither region nor agency: the deployment's own area
    regency = as_role("verifier", "reg-33.03")
    assert regency.get(f"{V1}/complaints/{unplaced.id}").status_code == 200  # SUARA_DEFAULT_REGION unset
    # The same deployment started with SUARA_DEFAULT_REGION=35.01 (settings enter at the app's edge).
    moved = create_app(settings.model_copy(update={"default_region": "35.01"}))
    assert TestClient(moved, headers=regency.headers).get(f"{V1}/complaints/{unplaced.id}").status_code == 404
    province = TestClient(moved, headers=as_role("verifier", "prov-35").headers)
    assert province.get(f"{V1}/complaints/{unplaced.id}").status_code == 200
