"""The radio producer's journey in a real browser: upload a generated talkshow, watch the upload and the
processing reach done, see the callers' complaints, play one as its own clip, merge two callers — and
the roles that must not see the show get the 403/404 page without its data.

The talkshow is generated at test time (espeak-ng voices, callers through a 300–3,400 Hz telephone band)
and processed by a real Huey worker thread with the real Vosk model and spaCy pipeline.
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.timeout(1800)

SCRIPT = [
    ("host", "Selamat pagi pendengar, kita buka telepon untuk keluhan warga. Silakan penelepon pertama."),
    ("caller", "Halo pak, saya Budi dari Karanglewas. Jalan di desa kami rusak parah dan berlubang, tolong."),
    (
        "host",
        "Terima kasih pak Budi, akan kami sampaikan ke dinas pekerjaan umum. Penelepon berikutnya silakan.",
    ),
    (
        "caller2",
        "Selamat pagi, saya Siti dari Kedungwuluh. Puskesmas sering tutup dan bidan tidak ada di tempat.",
    ),
    ("host", "Baik ibu Siti, terima kasih atas laporannya."),
]


def _phone_band(src: Path, dst: Path) -> Path:
    narrow = dst.with_suffix(".8k.wav")
    subprocess.run(["sox", str(src), "-r", "8000", str(narrow), "sinc", "300-3400"], check=True)
    subprocess.run(["sox", str(narrow), "-r", "16000", str(dst)], check=True)
    return dst


@pytest.fixture(scope="module")
def talkshow_wav(tmp_path_factory, speak) -> Path:
    folder = tmp_path_factory.mktemp("show")
    parts = []
    for i, (who, text) in enumerate(SCRIPT):
        voice = {"host": "id", "caller": "id+m3", "caller2": "id+f2"}[who]
        clip = speak(text, folder / f"{i}.wav", voice=voice)
        parts.append(_phone_band(clip, folder / f"{i}-phone.wav") if who != "host" else clip)
    out = folder / "halo-bupati.wav"
    subprocess.run(["sox", *map(str, parts), str(out), "pad", "0", "0.8"], check=True)
    return out


@pytest.fixture
def worker(settings):
    """A real Huey consumer (one worker thread) on the real SQLite queue: uploads are queued, not inline."""
    from api.jobs import huey
    from api.main import EmbeddedConsumer

    huey.immediate = False
    huey.flush()
    consumer = EmbeddedConsumer(huey, workers=1, worker_type="thread", periodic=False)
    consumer.start()
    yield consumer
    consumer.stop(graceful=True)
    huey.flush()


def _callers(page) -> list[str]:
    return page.locator("#merge-keep option").evaluate_all(
        "options => options.map(o => o.value).filter(v => v.startsWith('caller-'))"
    )


def test_a_producer_uploads_a_show_follows_it_plays_a_clip_and_merges_callers(
    browser_page, sign_in_as, settings, worker, talkshow_wav, check_accessibility, screenshot
):
    if not (settings.models_dir / "manifest.json").exists():
        pytest.fail("no ASR model installed under models/: run the set-up")
    page = browser_page
    sign_in_as(page, "producer", next_path="/shows")
    assert page.locator("h1").inner_text() == "Talkshow"
    assert page.get_by_test_id("no-shows").is_visible()

    # Upload with the keyboard path: the labelled file input, station, programme, air date.
    page.get_by_label("Rekaman (satu atau beberapa berkas audio)").set_input_files(str(talkshow_wav))
    page.get_by_label("Stasiun").fill("RRI Purwokerto")
    page.get_by_label("Acara").fill("Halo Bupati")
    page.get_by_label("Tanggal siar").fill("2026-12-01")
    page.get_by_label("Jam siar").fill("08:30")
    page.get_by_role("button", name="Unggah", exact=True).click()
    item = page.get_by_test_id("upload-item")
    status = item.get_by_test_id("upload-status")
    seen: set[str] = set()
    deadline = time.monotonic() + 20 * 60  # the job's own progress, polled by the page, until done
    while time.monotonic() < deadline:  # (about 40 s of audio: minutes on a loaded 2-core machine)
        seen.add(status.inner_text())
        if status.get_attribute("data-job-status") in ("done", "failed"):
            break
        if "failed" in (item.get_attribute("class") or "") or status.inner_text() == "Sudah pernah diunggah":
            break  # refused, or a copy of an earlier upload: no job to follow (fail now, not in 20 minutes)
        page.wait_for_timeout(500)
    assert status.get_attribute("data-job-status") == "done", status.inner_text()
    assert item.get_by_test_id("upload-progress").evaluate("p => p.value") == 100
    assert item.get_by_test_id("job-progress").evaluate("p => p.value") == 100
    assert seen & {"Terunggah; menunggu pemrosesan", "antre"} or any("sedang diproses" in s for s in seen), (
        seen
    )
    check_accessibility(page)
    screenshot(page, "producer-shows-upload")
    page.reload()
    row = page.get_by_test_id("show-row")
    assert row.count() == 1 and "Halo Bupati" in row.inner_text() and "RRI Purwokerto" in row.inner_text()
    assert (
        "01-12-2026 08:30 WIB" in row.inner_text()
        and row.get_by_test_id("job-status").inner_text() == "selesai"
    )
    screenshot(page, "producer-shows")

    row.get_by_role("link", name="Halo Bupati").click()
    page.wait_for_url(re.compile(r"/shows/\d+$"))
    assert page.locator("h1").inner_text() == "Halo Bupati"
    turns = page.get_by_test_id("turn")
    assert turns.count() >= 3
    bands = page.locator(".turn .badge").all_inner_texts()
    assert "telepon" in bands and "studio" in bands  # phone and studio told apart
    complaints = page.get_by_test_id("complaint")
    assert complaints.count() >= 1
    assert re.search(r"SUA-\d{4}-\d{6}", complaints.first.inner_text())
    assert "jalan" in page.locator(".complaint-text").all_inner_texts()[0].lower() or complaints.count() > 1
    check_accessibility(page)
    screenshot(page, "producer-show")

    # Each complaint plays as its own clip: from its start, and it stops at its end.
    clip = page.get_by_test_id("clip").first
    start, end = float(clip.get_attribute("data-start")), float(clip.get_attribute("data-end"))
    assert clip.get_attribute("src").endswith(f"#t={start:.2f},{end:.2f}")
    page.locator("h1").click()  # a user gesture on the page, so it may play sound
    clip.evaluate("a => a.play()")
    page.wait_for_function("a => a.currentTime > 0 && !a.paused", arg=clip.element_handle())
    assert start - 0.3 <= clip.evaluate("a => a.currentTime") <= end
    page.wait_for_function("a => a.paused", arg=clip.element_handle(), timeout=int((end - start + 10) * 1000))
    assert clip.evaluate("a => a.currentTime") == pytest.approx(end, abs=0.5)

    # Two callers that are one person: merged, and the complaints follow.
    callers = _callers(page)
    if len(callers) < 2:  # the machine heard one caller only: split it first (a fix of its own)
        turn = page.locator(f".turn[data-speaker='{callers[0]}'] .play-turn").first
        middle = (float(turn.get_attribute("data-start")) + float(turn.get_attribute("data-end"))) / 2
        page.locator("#split-speaker").select_option(callers[0])
        page.get_by_label("Mulai detik ke").fill(f"{middle:.1f}")
        page.get_by_role("button", name="Pisahkan pembicara").click()
        page.wait_for_url(re.compile(r"fixed=split"))
        callers = _callers(page)
    keep, absorb = callers[0], callers[1]
    page.get_by_label("Pertahankan").select_option(keep)
    page.get_by_label("Gabungkan ke dalamnya").select_option(absorb)
    page.get_by_role("button", name="Gabungkan pembicara").click()
    page.wait_for_url(re.compile(r"fixed=merge"))
    assert page.get_by_test_id("fix-done").inner_text().startswith("Giliran bicara diperbaiki.")
    assert absorb not in _callers(page) and keep in _callers(page)
    speakers = {
        page.get_by_test_id("turn").nth(i).get_attribute("data-speaker") for i in range(turns.count())
    }
    assert absorb not in speakers


def test_roles_that_must_not_see_a_show_get_the_error_page_without_its_data(
    browser, sign_in, make_user, settings
):
    from tests.api.pages.conftest import PASSWORD
    from tests.api.pages.test_shows_turns import make_show

    owner = make_user("producer")
    rid = make_show(settings, owner.username)
    cases = [("producer", None, 404), ("liaison", "reg-33.03", 403), ("leader", "reg-33.03", 403)]
    for role, agency, status in cases:
        user = make_user(role, agency, password=PASSWORD)
        client = browser()
        csrf = sign_in(client, user.username, PASSWORD)["csrf_token"]
        page = client.get(f"/shows/{rid}")
        assert page.status_code == status, role
        assert "text/html" in page.headers["content-type"]
        assert "Halo Bupati" not in page.text and "SUA-" not in page.text and "Budi" not in page.text
        listing = client.get("/shows")
        assert listing.status_code == (200 if role == "producer" else 403), role
        assert f'href="/shows/{rid}"' not in listing.text
        fix = client.post(
            f"/shows/{rid}/turns/merge",
            data={"keep": "caller-1", "absorb": "caller-3", "csrf_token": csrf},
        )
        assert fix.status_code in (403, 404), role


def _tone_wav(seconds: float = 1.0) -> bytes:
    """A short 440 Hz tone as WAV bytes, unique per call (random phase noise in the last samples)."""
    import io
    import math
    import os
    import struct
    import wave

    rate = 16000
    frames = b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate)))
        for i in range(int(rate * seconds))
    )
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames + os.urandom(64))
    return buffer.getvalue()


DROP = """([files, zone]) => {
  const transfer = new DataTransfer();
  for (const [name, type, b64] of files) {
    const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
    transfer.items.add(new File([bytes], name, {type}));
  }
  for (const kind of ["dragenter", "dragover", "drop"]) {
    zone.dispatchEvent(new DragEvent(kind, {dataTransfer: transfer, bubbles: true, cancelable: true}));
  }
}"""


def test_several_recordings_dropped_on_the_zone_each_get_their_own_progress_and_answer(
    browser_page, sign_in_as, settings
):
    """Drag and drop of two files: the audio is stored and processed (inline here: Huey's immediate
    mode), the text file is refused with the API's own reason, and neither hides the other."""
    import base64

    page = browser_page
    sign_in_as(page, "producer", next_path="/shows")
    page.get_by_role("button", name="Unggah", exact=True).click()
    assert page.get_by_role("alert").inner_text() == "Pilih minimal satu rekaman."
    files = [
        ["nada.wav", "audio/wav", base64.b64encode(_tone_wav()).decode()],
        ["catatan.txt", "text/plain", base64.b64encode(b"bukan audio sama sekali").decode()],
    ]
    page.evaluate(DROP, [files, page.get_by_test_id("drop-zone").element_handle()])
    assert page.locator("[data-chosen]").inner_text() == "nada.wav, catatan.txt"
    page.get_by_label("Stasiun").fill("Radio Uji")
    page.get_by_role("button", name="Unggah", exact=True).click()
    items = page.get_by_test_id("upload-item")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=upload-item]').length === 2")
    refused = items.nth(1).get_by_test_id("upload-status")
    page.wait_for_function(
        "el => el.textContent.startsWith('Unggahan gagal')", arg=refused.element_handle(), timeout=180_000
    )
    assert "not a playable audio file" in refused.inner_text()
    stored = items.nth(0).get_by_test_id("upload-status")
    page.wait_for_function(
        "el => ['done', 'failed'].includes(el.getAttribute('data-job-status'))", arg=stored.element_handle()
    )
    assert items.nth(0).get_by_test_id("open-show").is_visible()
    page.reload()
    rows = page.get_by_test_id("show-row")
    assert rows.count() == 1 and "Radio Uji" in rows.inner_text()  # only the audio was stored


def test_a_show_reads_on_a_phone_without_sideways_scrolling(
    browser_page, sign_in_as, settings, check_accessibility
):
    from tests.api.pages.test_shows_turns import make_show

    page = browser_page
    producer = sign_in_as(page, "producer", next_path="/shows")
    rid = make_show(settings, producer.username)
    page.set_viewport_size({"width": 360, "height": 800})
    for path in ("/shows", f"/shows/{rid}"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
    # Keyboard only: a turn's Play button and the fix forms are reachable and labelled.
    page.get_by_role("button", name=re.compile("Putar giliran Penelepon 1")).focus()
    assert page.evaluate("document.activeElement.classList.contains('play-turn')")
    page.get_by_label("Pembicara", exact=True).first.select_option("guest-1")
    page.get_by_label("Sebenarnya").select_option("caller")
    page.get_by_role("button", name="Ganti label").press("Enter")
    page.wait_for_url(re.compile(r"fixed=relabel"))
    assert "1 baru" in page.get_by_test_id("fix-done").inner_text()
    assert page.locator(".turn[data-speaker='caller-4']").count() == 1
    check_accessibility(page)
