"""Every setting is read in one place, Settings.from_env; no other module reads the environment."""

import re
from datetime import timedelta
from pathlib import Path

import pytest

from voice_app.config import PROMPTS_DIR, Settings
from voice_app.jobs.queue import DEFAULT_LEASE
from voice_app.jobs.worker import lease_from_settings

PACKAGE = Path(__file__).resolve().parent.parent / "voice_app"


def test_defaults_for_one_machine(tmp_path):
    settings = Settings.from_env({"VOICE_APP_DATA_DIR": str(tmp_path)})
    assert settings.recording_download_timeout == 30
    assert settings.delete_twilio_recordings is True
    assert settings.job_lease_seconds == DEFAULT_LEASE.total_seconds()
    assert settings.web_concurrency == 2
    assert settings.prompts_dir == PROMPTS_DIR
    assert (settings.prompts_dir / "en-GB.toml").is_file()


def test_each_variable_is_read(tmp_path):
    settings = Settings.from_env(
        {
            "VOICE_APP_DATA_DIR": str(tmp_path),
            "VOICE_APP_RECORDING_DOWNLOAD_TIMEOUT": "7.5",
            "VOICE_APP_DELETE_TWILIO_RECORDINGS": "off",
            "VOICE_APP_JOB_LEASE_SECONDS": "45",
            "WEB_CONCURRENCY": "3",
            "VOICE_APP_MODELS_DIR": str(tmp_path / "models"),
        }
    )
    assert settings.recording_download_timeout == 7.5
    assert settings.delete_twilio_recordings is False
    assert settings.job_lease_seconds == 45
    assert settings.web_concurrency == 3
    assert settings.models_dir == (tmp_path / "models").resolve()


def test_a_bad_number_is_refused_with_its_name(tmp_path):
    with pytest.raises(ValueError, match="VOICE_APP_JOB_LEASE_SECONDS"):
        Settings.from_env(
            {"VOICE_APP_DATA_DIR": str(tmp_path), "VOICE_APP_JOB_LEASE_SECONDS": "soon"}
        )


def test_worker_lease_comes_from_settings(app, monkeypatch):
    assert lease_from_settings(app) == DEFAULT_LEASE
    monkeypatch.setattr(app.config["SETTINGS"], "job_lease_seconds", 30.0)
    assert lease_from_settings(app) == timedelta(seconds=30)


def test_no_module_but_config_reads_the_environment():
    readers = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if re.search(r"os\.environ|os\.getenv|getenv\(", path.read_text())
    ]
    assert readers == ["config.py"]
