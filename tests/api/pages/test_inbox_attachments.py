"""Response attachments: what is accepted (by content, not by name), and who may download them."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from api.complaint import attachments
from api.complaint.attachments import Upload
from api.errors import InvalidInput, TooLarge, UnsupportedMedia
from tests.api.pages import oversight_flow as flow
from tests.api.pages.conftest import PASSWORD

AGENCY, REGION = "reg-91.05", "91.05"  # Kepulauan Yapen


def test_the_kind_of_file_is_read_from_its_bytes_not_its_name():
    checked = attachments.check([
        Upload("surat.pdf", flow.pdf_bytes()), Upload("foto.PNG", flow.png_bytes()),
        Upload("kamera", b"\xff\xd8\xff\xe0" + b"\x00" * 64),
    ])  # fmt: skip
    assert [c.media_type for c in checked] == ["application/pdf", "image/png", "image/jpeg"]
    assert [Path(c.stored_name).suffix for c in checked] == [".pdf", ".png", ".jpg"]
    with pytest.raises(UnsupportedMedia) as refused:
        attachments.check([Upload("laporan.pdf", b"<html><script>alert(1)</script>")])
    assert refused.value.extra == {"problem": "kind", "file": "laporan.pdf"}


def test_names_lose_their_folders_and_control_characters():
    [checked] = attachments.check([Upload("..\\..\\windows/../etc/pass\x00wd\n.pdf", flow.pdf_bytes())])
    assert checked.name == "passwd.pdf"
    assert attachments.clean_name("...") == "lampiran"


@pytest.mark.parametrize(
    "uploads, error, problem",
    [
        ([Upload("kosong.pdf", b"")], InvalidInput, "empty"),
        ([Upload("besar.pdf", b"%PDF-" + b"0" * attachments.MAX_FILE_BYTES)], TooLarge, "large"),
        ([Upload(f"{i}.png", flow.png_bytes()) for i in range(attachments.MAX_FILES + 1)], InvalidInput,
         "too_many"),
    ],
)  # fmt: skip
def test_each_refusal_names_its_problem(uploads, error, problem):
    with pytest.raises(error) as refused:
        attachments.check(uploads)
    assert refused.value.extra["problem"] == problem


def test_an_empty_file_input_is_no_attachment():
    assert attachments.check([Upload("", b"")]) == []


def test_attachments_are_read_by_those_who_may_read_the_complaint(browser, sign_in, make_user, client):
    complaint = flow.dispatched(
        client, agency=AGENCY, topic="jalan", region=REGION,
        text=f"Dermaga Serui rusak {uuid.uuid4().hex[:6]}, perahu sulit bersandar.",
    )  # fmt: skip
    other = flow.dispatched(
        client, agency=AGENCY, topic="jalan", region=REGION, text=f"Jalan Serui {uuid.uuid4().hex[:6]}."
    )
    web = browser()
    liaison = make_user("liaison", AGENCY, None, PASSWORD)
    csrf = sign_in(web, liaison.username, PASSWORD)["csrf_token"]
    letter = flow.pdf_bytes(f"Surat {uuid.uuid4().hex}")
    sent = web.post(
        f"/inbox/{complaint['id']}/respond", headers={"X-CSRF-Token": csrf},
        data={"text": "Dermaga diperbaiki bulan depan."},
        files=[("attachments", ("surat.pdf", letter, "application/pdf"))], follow_redirects=False,
    )  # fmt: skip
    assert sent.status_code == 303, sent.text
    [event] = [e for e in flow.read(client, complaint["id"])["events"] if e["action"] == "attach"]
    url = f"{flow.V1}/complaints/{complaint['id']}/attachments/{event['to_value']}"
    assert web.get(url).content == letter
    assert client.get(url).content == letter  # a sysadmin
    # Another agency's liaison cannot reach the complaint, hence not its files.
    stranger = browser()
    outsider = make_user("liaison", "reg-91.71", None, PASSWORD)
    sign_in(stranger, outsider.username, PASSWORD)
    assert stranger.get(url).status_code == 404
    # A stored file is served only with the complaint it was attached to, and only by its stored name.
    assert web.get(f"{flow.V1}/complaints/{other['id']}/attachments/{event['to_value']}").status_code == 404
    sneaky = f"{flow.V1}/complaints/{complaint['id']}/attachments/..%2f..%2fsuara.db"
    assert web.get(sneaky).status_code == 404


def test_a_multipart_response_needs_the_sessions_token_in_header_or_form_field(
    browser, sign_in, make_user, client
):
    """With JavaScript off the form sends its token as a field of the multipart body (read by api/csrf.py
    from the body's head); a wrong one is refused and moves nothing."""
    complaint = flow.dispatched(
        client, agency=AGENCY, topic="air", region=REGION, text=f"Air PDAM Serui {uuid.uuid4().hex[:6]}."
    )
    web = browser()
    liaison = make_user("liaison", AGENCY, None, PASSWORD)
    csrf = sign_in(web, liaison.username, PASSWORD)["csrf_token"]
    letter = [("attachments", ("surat.pdf", flow.pdf_bytes(), "application/pdf"))]
    forged = web.post(
        f"/inbox/{complaint['id']}/respond", data={"text": "Sudah diperbaiki.", "csrf_token": csrf[::-1]},
        files=letter,
    )  # fmt: skip
    assert forged.status_code == 403
    assert flow.read(client, complaint["id"])["status"] == "dispatched"
    sent = web.post(
        f"/inbox/{complaint['id']}/respond", data={"text": "Sudah diperbaiki.", "csrf_token": csrf},
        files=letter, follow_redirects=False,
    )  # fmt: skip
    assert sent.status_code == 303, sent.text
    assert flow.read(client, complaint["id"])["status"] == "responded"
