"""Downloading and installing models, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import http.server
import socket
import stat
import threading
import zipfile
from functools import partial
from pathlib import Path

import pytest
from speech_samples import fake_vosk_model, korean_model_dir

from tests.fakes.serving import POLL_SECONDS
from voice_app.speech.model_catalogue import CATALOGUE, CatalogueEntry
from voice_app.speech.model_layout import read_metadata
from voice_app.speech.model_store import ModelStoreError, download, install, list_models

NAME = "vosk-model-small-en-us-0.15"


def zip_folder(folder: Path, archive: Path, top: str) -> Path:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            zf.write(path, f"{top}/{path.relative_to(folder).as_posix()}")
    return archive


@pytest.fixture
def served(tmp_path):
    """A local web server for a folder of zips; yields (folder, base URL)."""
    root = tmp_path / "www"
    root.mkdir()
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(POLL_SECONDS,), daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}/models"
    server.shutdown()
    server.server_close()


@pytest.fixture
def model_zip(served, tmp_path):
    """The fake model zipped under its official name, served; yields (zip, base URL)."""
    root, base_url = served
    (root / "models").mkdir()
    fake = fake_vosk_model(tmp_path / "src")
    return zip_folder(fake, root / "models" / f"{NAME}.zip", NAME), base_url


def entry_for(archive: Path, **overrides) -> dict[str, CatalogueEntry]:
    data = archive.read_bytes()
    fields = {
        "size_bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "md5": hashlib.md5(data).hexdigest(),
        **overrides,
    }
    return {NAME: CatalogueEntry(NAME, "en-us", description="test", **fields)}


def leftovers(models_dir: Path) -> list[str]:
    return sorted(p.name for p in models_dir.iterdir()) if models_dir.exists() else []


def test_catalogue_names_the_official_models():
    for name in [
        "vosk-model-small-en-us-0.15",
        "vosk-model-en-us-0.22",
        "vosk-model-small-en-gb-0.15",
    ]:
        assert CATALOGUE[name].url().startswith("https://alphacephei.com/vosk/models/")
    assert CATALOGUE["vosk-model-small-en-us-0.15"].size_bytes == 41205931


def test_download_checks_records_and_installs(model_zip, tmp_path, capsys):
    archive, base_url = model_zip
    models = tmp_path / "models"
    path = download(NAME, models, progress=True, base_url=base_url, catalogue=entry_for(archive))
    assert path == models / NAME
    assert (path / "am" / "final.mdl").is_file()
    meta = read_metadata(path)
    assert meta["sha256"] == hashlib.sha256(archive.read_bytes()).hexdigest()
    assert meta["language"] == "en-us"
    assert meta["source"] == f"{base_url}/{NAME}.zip"
    assert "100%" in capsys.readouterr().err  # the tqdm bar reached the end
    assert leftovers(models) == [NAME]  # no partial download or staging folder left


def test_sha256_is_recorded_even_when_none_is_published(model_zip, tmp_path):
    archive, base_url = model_zip
    catalogue = entry_for(archive, sha256=None, md5=None, size_bytes=None)
    path = download(NAME, tmp_path / "m", progress=False, base_url=base_url, catalogue=catalogue)
    assert read_metadata(path)["sha256"] == hashlib.sha256(archive.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"sha256": "0" * 64}, "SHA-256"),
        ({"md5": "0" * 32}, "MD5"),
        ({"size_bytes": 12345}, "expected 12345"),
    ],
)
def test_a_bad_checksum_or_size_installs_nothing(model_zip, tmp_path, override, message):
    archive, base_url = model_zip
    models = tmp_path / "models"
    with pytest.raises(ModelStoreError, match=message):
        download(NAME, models, False, base_url, catalogue=entry_for(archive, **override))
    assert leftovers(models) == []


def test_missing_file_on_the_server_is_reported(model_zip, tmp_path):
    archive, base_url = model_zip
    with pytest.raises(ModelStoreError, match="HTTP 404"):
        download(NAME, tmp_path / "m", False, base_url + "/elsewhere", entry_for(archive))


def test_unreachable_server_says_how_to_install_by_hand(tmp_path):
    with socket.socket() as sock:  # a port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(ModelStoreError, match=r"cannot reach 127\.0\.0\.1.*models install PATH"):
        download(NAME, tmp_path / "m", False, f"http://127.0.0.1:{port}", timeout=2)


def test_unknown_name_lists_the_known_ones(tmp_path):
    with pytest.raises(ModelStoreError, match="vosk-model-small-en-us-0.15"):
        download("vosk-model-nonsense", tmp_path)


def evil_zip(path: Path, member: str, symlink: bool = False) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"{NAME}/am/final.mdl", b"x")
        info = zipfile.ZipInfo(member)
        if symlink:
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, b"/etc/passwd" if symlink else b"owned")
    return path


@pytest.mark.parametrize(
    ("member", "symlink", "message"),
    [
        ("../../escaped.txt", False, "unsafe path"),
        (f"{NAME}/../../escaped.txt", False, "unsafe path"),
        ("/tmp/escaped-absolute.txt", False, "unsafe path"),
        (f"{NAME}/conf/link", True, "symbolic link"),
    ],
)
def test_archives_that_reach_outside_are_refused(tmp_path, member, symlink, message):
    models = tmp_path / "deep" / "models"
    archive = evil_zip(tmp_path / f"{NAME}.zip", member, symlink)
    with pytest.raises(ModelStoreError, match=message):
        install(archive, models)
    assert not list(tmp_path.rglob("escaped*"))
    assert leftovers(models) == []


def test_traversal_is_refused_on_download_too(served, tmp_path):
    root, base_url = served
    (root / "models").mkdir()
    archive = evil_zip(root / "models" / f"{NAME}.zip", "../../escaped.txt")
    with pytest.raises(ModelStoreError, match="unsafe path"):
        download(NAME, tmp_path / "models", False, base_url, entry_for(archive))
    assert not list(tmp_path.rglob("escaped*"))


def test_install_from_a_zip(tmp_path):
    archive = zip_folder(fake_vosk_model(tmp_path / "src"), tmp_path / f"{NAME}.zip", NAME)
    path = install(archive, tmp_path / "models")
    meta = read_metadata(path)
    assert path.name == NAME and meta["language"] == "en-us"
    assert meta["sha256"] == hashlib.sha256(archive.read_bytes()).hexdigest()
    with pytest.raises(ModelStoreError, match="already exists"):
        install(archive, tmp_path / "models")


def test_install_from_a_folder_needs_a_model_layout(tmp_path):
    fake = fake_vosk_model(tmp_path / "vosk-model-small-ko-0.22")
    path = install(fake, tmp_path / "models")
    assert read_metadata(path)["language"] == "ko"
    (fake / "conf" / "mfcc.conf").unlink()
    with pytest.raises(ModelStoreError, match="mfcc.conf"):
        install(fake, tmp_path / "other")


def test_a_zip_without_a_model_inside_is_refused(tmp_path):
    archive = tmp_path / "notes.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("notes/readme.txt", "hello")
    with pytest.raises(ModelStoreError, match="not a Vosk model"):
        install(archive, tmp_path / "models")
    (tmp_path / "plain.txt").write_text("hello")
    with pytest.raises(ModelStoreError, match="neither a model folder nor a zip"):
        install(tmp_path / "plain.txt", tmp_path / "models")


def test_list_models_reports_languages_and_problems(tmp_path):
    models = tmp_path / "models"
    install(fake_vosk_model(tmp_path / "vosk-model-small-en-gb-0.15"), models)
    (models / "half-copied").mkdir()
    (models / ".download-123").mkdir()
    (models / "vosk-model-small-ko-0.22").symlink_to(korean_model_dir(), target_is_directory=True)
    listed = {m.name: m for m in list_models(models)}
    assert sorted(listed) == [
        "half-copied",
        "vosk-model-small-en-gb-0.15",
        "vosk-model-small-ko-0.22",
    ]
    assert listed["vosk-model-small-en-gb-0.15"].language == "en-gb"
    assert listed["vosk-model-small-ko-0.22"].usable
    assert listed["vosk-model-small-ko-0.22"].language == "ko"
    assert not listed["half-copied"].usable
    assert list_models(tmp_path / "absent") == []
