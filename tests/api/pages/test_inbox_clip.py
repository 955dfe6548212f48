"""The liaison's inbox plays a caller's own clip of a talkshow when the liaison may hear it: the named
caller of a complaint sent to the agency, never an anonymous one (policy.may_hear_clip).

The show is real audio made by espeak-ng at test time and cut by the real clip route (ffmpeg); the
recording and its two complaints are written straight into the store (no decoding is under test here)."""

from __future__ import annotations

import html
import re
import uuid
from datetime import timedelta

from sqlalchemy import select

from api.agency.models import Agency
from api.complaint.models import Complaint
from api.database import session_scope, utcnow
from api.kernel import Channel
from api.recording.models import Recording
from tests.api.conftest import say
from tests.api.pages.conftest import PASSWORD

AGENCY, REGION = "reg-91.71", "91.71"


def _show_with_two_callers(settings) -> tuple[str, str]:
    """A talkshow recording with a named caller's complaint and an anonymous one, both dispatched."""
    name = f"2026/12/{uuid.uuid4().hex}.wav"
    path = settings.recordings_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    say("Halo pak, jalan di desa kami rusak. Lampu pasar juga mati sudah dua minggu.", path)
    now = utcnow()
    tag = uuid.uuid4().hex[:8]
    with session_scope(settings.sqlalchemy_url) as db_session:
        agency_id = db_session.scalar(select(Agency.id).where(Agency.code == AGENCY))
        recording = Recording(
            sha256=uuid.uuid4().hex * 2, path=name, size_bytes=path.stat().st_size, format_name="wav",
            codec="pcm_s16le", duration=6.0, original_name="halo.wav", channel=Channel.RADIO,
            station="RRI Jayapura", programme="Halo Wali Kota", uploaded_by="produser", created_at=now,
        )  # fmt: skip
        db_session.add(recording)
        db_session.flush()
        for number, (anonymous, start, end) in enumerate(((False, 0.0, 2.5), (True, 2.5, 5.0))):
            db_session.add(
                Complaint(
                    tracking_number=f"SUA-C-{tag}-{number}", channel="radio", text="Jalan desa rusak.",
                    topic="jalan", region_code=REGION, agency_id=agency_id, status="dispatched",
                    anonymous=anonymous, reporter_name=None if anonymous else "Budi Santoso",
                    recording_id=recording.id, span_start=start, span_end=end, dispatched_at=now,
                    due_at=now + timedelta(days=5),
                )
            )  # fmt: skip
    return f"SUA-C-{tag}-0", f"SUA-C-{tag}-1"


def _item(page: str, tracking: str) -> str:
    return page.split(f'data-tracking="{tracking}"', 1)[1].split("</article>", 1)[0]


def test_a_liaison_hears_a_named_callers_clip_and_never_an_anonymous_ones(
    browser, sign_in, make_user, settings
):
    named, anonymous = _show_with_two_callers(settings)
    client = browser()
    liaison = make_user("liaison", AGENCY, None, PASSWORD)
    sign_in(client, liaison.username, PASSWORD)
    page = client.get("/inbox").text
    players = re.findall(r'data-testid="caller-clip"', _item(page, named))
    assert len(players) == 1
    src = html.unescape(re.search(r'<audio[^>]*src="([^"]+)"', _item(page, named)).group(1))
    assert src.endswith("/clip?format=mp3")
    clip = client.get(src)
    assert clip.status_code == 200 and clip.headers["content-type"] == "audio/mpeg"
    assert len(clip.content) > 1000
    assert 'data-testid="caller-clip"' not in _item(page, anonymous)
    with session_scope(settings.sqlalchemy_url, write=False) as db_session:
        hidden = db_session.scalar(select(Complaint.id).where(Complaint.tracking_number == anonymous))
    assert client.get(f"/api/v1/complaints/{hidden}/clip?format=mp3").status_code == 404
