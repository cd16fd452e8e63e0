"""Installing Whisper models: every file checked against the catalogue, nothing half-installed."""

from __future__ import annotations

from speech_samples import WHISPER_CARRIER, install_whisper_tiny

from voice_app.speech.model_layout import read_metadata
from voice_app.speech.whisper_catalogue import WHISPER_CATALOGUE
from voice_app.speech.whisper_store import installed_whisper_models, resolve_source

TINY = WHISPER_CATALOGUE["tiny.en"]


def test_install_from_the_carrier_package_records_revision_and_checksums(tmp_path):
    folder = install_whisper_tiny(tmp_path / "models")
    meta = read_metadata(folder)
    assert meta["engine"] == "whisper" and meta["revision"] == TINY.revision
    assert meta["sha256"] == {f.name: f.sha256 for f in TINY.files}
    assert installed_whisper_models(tmp_path / "models") == {"tiny.en": folder}
    assert resolve_source(WHISPER_CARRIER).name == "model"  # the package's own folder


def test_the_catalogue_pins_revisions_and_never_guesses():
    for entry in WHISPER_CATALOGUE.values():
        assert len(entry.revision) == 40 and entry.repo.startswith("Systran/")
        weights = next(f for f in entry.files if f.name == "model.bin")
        assert weights.sha256 and len(weights.sha256) == 64
    assert TINY.unpinned == []
    assert set(WHISPER_CATALOGUE) == {"tiny.en", "base.en", "small.en", "distil-small.en"}
