"""`voice-app models ...` as a coordinator types it: no app, no database needed."""

from __future__ import annotations

import zipfile

import pytest
from click.testing import CliRunner
from speech_samples import fake_vosk_model

from voice_app.cli import main


@pytest.fixture
def models_dir(tmp_path, monkeypatch):
    folder = tmp_path / "models"
    monkeypatch.setenv("VOICE_APP_MODELS_DIR", str(folder))
    return folder


def run(*args: str):
    return CliRunner().invoke(main, ["models", *args])


def test_list_with_no_models_shows_what_can_be_downloaded(models_dir):
    result = run("list")
    assert result.exit_code == 0
    assert f"No models in {models_dir}" in result.output
    assert "vosk-model-small-en-us-0.15\ten-us" in result.output


def test_install_then_list(models_dir, tmp_path):
    source = fake_vosk_model(tmp_path / "vosk-model-small-en-gb-0.15")
    archive = tmp_path / "model.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(source.rglob("*")):
            zf.write(path, f"{source.name}/{path.relative_to(source)}")
    result = run("install", str(archive))
    assert result.exit_code == 0, result.output
    listing = run("list").output
    assert "vosk-model-small-en-gb-0.15\ten-gb\tok" in listing
    (models_dir / "leftover").mkdir()
    assert "leftover\tlanguage unknown\tBROKEN: " in run("list").output


def test_bad_input_is_one_line_and_exit_2(models_dir, tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    result = CliRunner().invoke(main, ["models", "install", str(tmp_path / "notes.txt")])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert "neither a model folder nor a zip archive" in result.output
    assert not models_dir.exists() or not any(models_dir.iterdir())
