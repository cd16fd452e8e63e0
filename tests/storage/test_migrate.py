"""`voice-app storage migrate --to URL`: everything copied and checked, then one switch for every
process; an interrupted run picks up where it stopped; bad input is one line and exit 2."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from tests.builders import make_group, make_meeting
from voice_app.cli import main
from voice_app.extensions import db
from voice_app.models import (
    Recording,
    RecordingPurpose,
    RecordingStatus,
    SpeechRendition,
    StorageSwitch,
)
from voice_app.papers.store import add_paper
from voice_app.storage import StoreError, current_store, open_store
from voice_app.storage import migrate as migrating
from voice_app.storage.base import sha256_of

PAPER = b"# Buses\n\nThe ramp on the number 12 is broken.\n"
AUDIO = b"RIFF" + bytes(range(256)) * 16


@pytest.fixture
def settings(app, tmp_path, monkeypatch):
    settings = app.config["SETTINGS"]
    monkeypatch.setattr(settings, "data_dir", tmp_path / "data")
    return settings


@pytest.fixture
def installed(app, settings):
    """An install on the data folder: a paper, a recording, and a rendition from before the seam
    (an absolute path and no checksum)."""
    store = current_store()
    paper = add_paper(make_meeting(make_group()), PAPER, "buses.md")
    kept = store.put("audio/recordings/1-RE1.wav", AUDIO)
    recording = Recording(
        recording_sid="RE1",
        purpose=RecordingPurpose.COMMENT,
        local_path=kept.key,
        sha256=kept.sha256,
        status=RecordingStatus.STORED,
    )
    store.put("tts-cache/ab/abc.wav", AUDIO + b"speech")
    rendition = SpeechRendition(
        text_sha256="ab" * 32,
        voice="en-gb",
        rate=100,
        path=str(settings.data_dir / "tts-cache" / "ab" / "abc.wav"),
        duration_seconds=1.0,
    )
    db.session.add_all([recording, rendition])
    db.session.commit()
    return paper, recording, rendition


@pytest.fixture(params=["local", "s3"])
def target_url(request, app, tmp_path, s3_environment, monkeypatch):
    if request.param == "local":
        return (tmp_path / "new-store").as_uri()
    from tests.storage.s3_server import new_bucket
    from voice_app.storage.s3 import forget_clients

    for name, value in s3_environment.items():
        monkeypatch.setenv(name, value)
    forget_clients()
    return f"s3://{new_bucket(s3_environment)}/moved"


def test_an_interrupted_migration_is_finished_by_running_it_again(
    app, settings, installed, target_url, monkeypatch
):
    paper, recording, rendition = installed
    old = current_store()
    real_copy, copies = migrating.copy_one, []

    def copy_then_fail(*args, **kwargs):
        if len(copies) == 1:
            raise StoreError("the network went away")
        copies.append(args[2])
        return real_copy(*args, **kwargs)

    monkeypatch.setattr(migrating, "copy_one", copy_then_fail)
    with pytest.raises(StoreError):
        migrating.migrate(target_url, 5.0, say=lambda _: None)
    assert db.session.scalar(select(StorageSwitch)) is None  # nothing switched
    assert current_store().url == old.url
    monkeypatch.setattr(migrating, "copy_one", real_copy)

    report = migrating.migrate(target_url, 5.0, say=lambda _: None)
    assert report.switched and report.already == 1 and report.copied == 2
    assert report.missing == [] and report.damaged == []
    store = current_store()
    assert store.url == open_store(target_url).url != old.url
    db.session.expire_all()
    rendition = db.session.get(SpeechRendition, rendition.id)
    assert rendition.path == "tts-cache/ab/abc.wav"  # the old absolute path, now a key
    assert rendition.sha256 == sha256_of(AUDIO + b"speech")  # recorded from the checked copy
    assert store.get(rendition.path, rendition.sha256) == AUDIO + b"speech"
    assert store.get(paper.stored_path, paper.source_sha256) == PAPER
    assert store.get(recording.local_path, recording.sha256) == AUDIO

    # Something written to the old store by a process mid-switch is swept up by a re-run.
    old.put("audio/recordings/2-RE2.wav", AUDIO + b"late")
    again = migrating.migrate(target_url, 5.0, say=lambda _: None)
    assert not again.switched and again.copied == 1 and again.already == 3
    assert store.get("audio/recordings/2-RE2.wav") == AUDIO + b"late"
    assert db.session.scalar(select(StorageSwitch.url)) == store.url


def test_a_damaged_object_is_reported_and_not_copied(app, settings, installed, tmp_path):
    _paper, recording, _rendition = installed
    (settings.data_dir / recording.local_path).write_bytes(b"RIFF damaged")
    report = migrating.migrate((tmp_path / "new").as_uri(), 5.0, say=lambda _: None)
    assert report.damaged == [recording.local_path]
    assert not current_store().exists(recording.local_path)


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("ftp://example.org/x", "is not a storage URL"),
        ("file://relative/path", "file:///absolute/path"),
        ("s3://", "s3://bucket/prefix"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(app, url, fragment):
    result = CliRunner().invoke(main, ["storage", "migrate", "--to", url])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("voice-app: error:") and fragment in lines[0]
    assert db.session.scalar(select(StorageSwitch)) is None


def test_the_command_switches_and_says_so(app, tmp_path, monkeypatch):
    source, target = tmp_path / "source", tmp_path / "target"
    monkeypatch.setenv("VOICE_APP_STORAGE_URL", source.as_uri())
    open_store(source.as_uri()).put("papers/7/original.md", PAPER)
    runner = CliRunner()
    result = runner.invoke(main, ["storage", "migrate", "--to", target.as_uri()])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith(
        f"1 copied, 0 already there, checked; switched to {target.as_uri()}"
    )
    assert (target / "papers" / "7" / "original.md").read_bytes() == PAPER
    assert runner.invoke(main, ["storage", "status"]).stdout.startswith(target.resolve().as_uri())
    again = runner.invoke(main, ["storage", "migrate", "--to", target.as_uri()])
    assert again.exit_code == 0 and "0 copied, 1 already there" in again.stdout
