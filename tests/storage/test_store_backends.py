"""The storage seam, the same tests on both backends: the data folder and a real S3 server."""

from __future__ import annotations

import pytest
import requests

from voice_app.storage import (
    ChecksumMismatch,
    NotStored,
    StoreError,
    current_store,
    open_store,
)
from voice_app.storage.base import sha256_of
from voice_app.storage.local import LocalStore

AUDIO = b"RIFF" + bytes(range(256)) * 64


@pytest.fixture(params=["local", "s3"])
def store(request, app, settings):
    """The store in use, as the app sees it: the data folder, or a bucket on the S3 server."""
    if request.param == "s3":
        request.getfixturevalue("s3_url")
    return current_store()


@pytest.fixture
def settings(app, tmp_path, monkeypatch):
    settings = app.config["SETTINGS"]
    monkeypatch.setattr(settings, "data_dir", tmp_path / "data")
    return settings


def test_put_get_and_the_recorded_checksum(store):
    stored = store.put("audio/recordings/1-RE1.wav", AUDIO, "audio/wav")
    assert stored.key == "audio/recordings/1-RE1.wav" and stored.size == len(AUDIO)
    assert stored.sha256 == sha256_of(AUDIO)
    assert store.get(stored.key, stored.sha256) == AUDIO
    assert store.exists(stored.key) and not store.exists("audio/recordings/2-RE2.wav")
    with pytest.raises(ChecksumMismatch):
        store.get(stored.key, sha256_of(b"something else"))
    with pytest.raises(NotStored):
        store.get("audio/recordings/2-RE2.wav")


def test_a_put_replaces_and_leaves_no_temporary_object(store):
    store.put("papers/1/original.md", b"first")
    store.put("papers/1/original.md", b"second")
    assert store.get("papers/1/original.md") == b"second"
    assert list(store.list("papers")) == ["papers/1/original.md"]
    assert list(store.list("")) == ["papers/1/original.md"]  # nothing half-written anywhere


def test_list_delete_and_a_second_delete(store):
    for key in ("tts-cache/ab/ab1.wav", "tts-cache/cd/cd1.wav", "papers/3/original.pdf"):
        store.put(key, key.encode())
    assert sorted(store.list("tts-cache")) == ["tts-cache/ab/ab1.wav", "tts-cache/cd/cd1.wav"]
    store.delete("tts-cache/ab/ab1.wav")
    store.delete("tts-cache/ab/ab1.wav")  # already gone: not an error
    assert not store.exists("tts-cache/ab/ab1.wav")
    assert sorted(store.list("tts-cache")) == ["tts-cache/cd/cd1.wav"]


@pytest.mark.parametrize(
    "key", ["", "../secret", "audio/../../x", "/etc/passwd", ".hidden/x", "a\\b", "a/ b"]
)
def test_keys_that_could_escape_are_refused(store, key):
    with pytest.raises(NotStored):
        store.put(key, b"x")
    with pytest.raises(NotStored):
        store.get(key)


def test_a_local_file_is_a_checked_copy(store):
    stored = store.put("audio/recordings/5-RE5.wav", AUDIO)
    with store.local_file(stored.key, stored.sha256) as path:
        assert path.read_bytes() == AUDIO
    with pytest.raises(ChecksumMismatch), store.local_file(stored.key, "0" * 64):
        pass


def test_twilio_fetches_s3_audio_through_a_presigned_url(app, settings, s3_url):
    store = current_store()
    stored = store.put("tts-cache/ab/abc.wav", AUDIO, "audio/wav")
    url = store.play_url(stored.key, 60)
    assert url and "X-Amz-Signature=" in url and "X-Amz-Expires=60" in url
    fetched = requests.get(url, timeout=10)  # as Twilio does: a plain GET
    assert fetched.status_code == 200 and fetched.content == AUDIO
    assert "/voice-app/tts-cache/ab/abc.wav?" in url  # under the prefix, nothing else named
    # (moto does not check signatures, so a forged URL is not tested here; real S3 refuses it)


def test_the_data_folder_serves_through_the_web(settings):
    assert current_store().play_url("tts-cache/ab/abc.wav", 60) is None


def test_local_rows_from_before_the_seam_still_work(settings):
    store = current_store()
    assert isinstance(store, LocalStore) and store.root == settings.data_dir.resolve()
    store.put("audio/recordings/9-RE9.wav", AUDIO)
    legacy = str(settings.data_dir / "audio" / "recordings" / "9-RE9.wav")
    assert store.get(legacy) == AUDIO
    with pytest.raises(NotStored):
        store.get("/etc/hostname")


@pytest.mark.parametrize(
    "url", ["", "ftp://x/y", "s3://", "file://relative/path", "s3://bucket/../x", "s3://b/p?q=1"]
)
def test_urls_that_name_no_store(url):
    with pytest.raises(ValueError):
        open_store(url)


def test_an_unreachable_s3_store_is_a_store_error(app, settings, s3_url, monkeypatch):
    from voice_app.storage.s3 import forget_clients

    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setattr(settings, "storage_timeout", 1.0)
    forget_clients()
    store = current_store()
    for attempt in (
        lambda: store.put("papers/1/a.md", b"x"),
        lambda: store.get("papers/1/a.md"),
        lambda: store.exists("papers/1/a.md"),
        lambda: list(store.list("papers")),
    ):
        with pytest.raises(StoreError) as caught:
            attempt()
        assert not isinstance(caught.value, NotStored)


def test_only_files_inside_the_data_folder_are_read(tmp_path):
    """The local store never follows a row's value or a link out of its folder."""
    store = LocalStore(tmp_path / "data")
    store.put("audio/a.wav", b"RIFF")
    outside = tmp_path / "secret.txt"
    outside.write_text("no")
    (tmp_path / "data" / "audio" / "link.wav").symlink_to(outside)
    assert store.get(str(tmp_path / "data" / "audio" / "a.wav")) == b"RIFF"
    assert store.get("audio/a.wav") == b"RIFF"
    for value in ("audio/../../secret.txt", str(outside), "audio/link.wav", None):
        with pytest.raises(NotStored):
            store.get(value)
    assert not store.exists("audio/link.wav") and list(store.list("audio")) == ["audio/a.wav"]
