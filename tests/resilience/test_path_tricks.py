"""Path tricks: upload names that try to climb out of the uploads folder, and audio addresses that
try to reach files, other renditions or another group's recordings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.resilience.test_hostile_documents import stored_files, upload
from tests.web.helpers import add_comment
from voice_app.extensions import db
from voice_app.models import Paper, SpeechRendition
from voice_app.phone.audio import audio_token

# Paths on disk and in addresses: the same on either database.
pytestmark = pytest.mark.one_database

MARKDOWN = b"# Buses\n\nThe ramp on the number 12 is broken and needs mending.\n"
NAMES = [
    "../../../../etc/passwd.md",
    "..\\..\\..\\windows\\win.ini.md",
    "/etc/cron.d/evil.md",
    "....//....//evil.md",
    "%2e%2e%2fevil.md",
    "x" * 5000 + ".md",
    ".md",
    "paper.md.",
    "CON.md",
    "paper\u202edm.exe.md",
    "paper.md\n.txt",
]


@pytest.mark.parametrize("name", NAMES)
def test_upload_names_never_leave_the_uploads_folder(app, coordinator, world, tmp_path, name):
    uploads = app.config["SETTINGS"].uploads_dir
    data_dir = app.config["SETTINGS"].data_dir
    everything_before = set(data_dir.rglob("*"))
    response = upload(coordinator, world.a.meeting.id, MARKDOWN, name)
    assert response.status_code in (302, 400)
    new = set(data_dir.rglob("*")) - everything_before
    assert all(path.resolve().is_relative_to(uploads.resolve()) for path in new if path.is_file())
    if response.status_code == 302:
        paper = db.session.scalar(db.select(Paper).order_by(Paper.id.desc()))
        stored = data_dir / paper.stored_path  # a key in the store (the data folder here)
        assert stored.parent == uploads / str(paper.id) and stored.name.startswith("original")
        assert "/" not in paper.source_filename and len(paper.source_filename) <= 300


def test_a_nul_in_an_upload_name_is_refused_and_nothing_kept(app, coordinator, world):
    files = stored_files(app)
    response = upload(coordinator, world.a.meeting.id, MARKDOWN, "paper\x00.md")
    assert response.status_code == 400 and "null character" in response.get_data(as_text=True)
    assert stored_files(app) == files


@pytest.fixture
def rendition(app) -> SpeechRendition:
    cache = app.config["SETTINGS"].tts_cache_dir
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "good.wav").write_bytes(b"RIFF....WAVE")
    found = SpeechRendition(
        text_sha256="0" * 64,
        voice="en-gb",
        rate=100,
        path=str(cache / "good.wav"),
        duration_seconds=1,
    )
    db.session.add(found)
    db.session.commit()
    return found


def test_paper_audio_addresses_cannot_be_bent(client, rendition, app, tmp_path):
    good = f"/voice/audio/{rendition.id}/{audio_token(rendition.id)}.wav"
    assert client.get(good).status_code == 200
    other = audio_token(rendition.id + 1)
    for path in (
        f"/voice/audio/{rendition.id}/{other}.wav",  # another id's token
        f"/voice/audio/{rendition.id + 1}/{audio_token(rendition.id)}.wav",
        "/voice/audio/../../../etc/passwd",
        "/voice/audio/%2e%2e/%2e%2e/etc/passwd",
        f"/voice/audio/{rendition.id}/..%2f..%2f..%2fetc%2fpasswd.wav",
        f"/voice/audio/{rendition.id}/%252e%252e%252fetc.wav",
        f"/voice/audio/{rendition.id}/{audio_token(rendition.id)}%00.wav",
        f"/voice/audio/{rendition.id}/{audio_token(rendition.id)}.wav/../../x",
        f"/voice/audio/{rendition.id}/{audio_token(rendition.id).upper()}.wav",
    ):
        response = client.get(path)
        assert response.status_code in (403, 404), path
        assert b"root:" not in response.get_data()
    # A link planted in the cache that points out of it is not followed.
    secret = tmp_path / "secret.wav"
    secret.write_bytes(b"RIFF secret")
    link = app.config["SETTINGS"].tts_cache_dir / "link.wav"
    os.symlink(secret, link)
    rendition.path = str(link)
    db.session.commit()
    assert client.get(good).status_code == 404


def test_recordings_of_another_group_or_outside_the_data_dir_are_not_served(
    app, coordinator, world, data_dir, tmp_path
):
    own = world.a.comment.recording_id
    assert coordinator.get(f"/audio/recordings/{own}").status_code == 200
    for path in (
        f"/audio/recordings/{world.b.comment.recording_id}",
        f"/audio/recordings/{own}/../{world.b.comment.recording_id}",
        "/audio/recordings/..%2f..%2fetc%2fpasswd",
        "/audio/recordings/-1",
        "/audio/recordings/99999999999999999999",
        f"/audio/sections/{own}%00",
    ):
        assert coordinator.get(path).status_code in (403, 404), path
    secret = tmp_path / "secret.wav"
    secret.write_bytes(b"RIFF secret")
    outside = add_comment(world.a.group, world.a.resident, world.a.meeting, data_dir, "outside")
    outside.recording.local_path = str(data_dir / "audio" / ".." / ".." / secret)
    linked = add_comment(world.a.group, world.a.resident, world.a.meeting, data_dir, "linked")
    Path(linked.recording.local_path).unlink()
    os.symlink(secret, linked.recording.local_path)
    db.session.commit()
    for comment in (outside, linked):
        assert coordinator.get(f"/audio/recordings/{comment.recording_id}").status_code == 404
