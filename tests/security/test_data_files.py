"""Files and configuration: a private data folder whatever the umask, a SECRET_KEY long enough
to mean something, and the demo's token only trusted in demo mode (through the real command)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from voice_app.config import Settings

LONG_KEY = "k" * 40


UMASK_022 = (
    "import os, sys; os.umask(0o022); from voice_app.cli import main; sys.argv[0] = 'voice-app'"
)

# Several commands in one process (each start costs seconds of CPU): `run(*args)` is
# `voice-app ARGS` through the command's own entry point, and returns the words it printed.
COMMANDS = f"""{UMASK_022}
import contextlib, io

def run(*args):
    os.umask(0o022)  # as a new process starts
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        main(list(args))
    return printed.getvalue().split()
"""


def voice_app(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """`voice-app ARGS` in a new process started with the usual, permissive umask 022."""
    return python(env, f"{UMASK_022}; main()", *args, stdin=stdin)


def python(
    env: dict[str, str], code: str, *args: str, stdin: str = ""
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def fresh_env(tmp_path: Path) -> dict[str, str]:
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "SECRET_KEY"))}
    env.pop("DATABASE_URL", None)
    return {**env, "VOICE_APP_DATA_DIR": str(data), "VOICE_APP_DEMO": ""}


def modes(folder: Path) -> dict[str, int]:
    return {
        str(p.relative_to(folder.parent)): stat.S_IMODE(p.stat().st_mode)
        for p in [folder, *folder.rglob("*")]
    }


def test_the_data_folder_is_private_whatever_the_umask(fresh_env, tmp_path):
    bundle = tmp_path / "amina.zip"
    commands = (
        "run('init-db'); group = run('add-group', 'Riverside')[0];"
        " member = run('add-resident', '--group', group, '--name', 'Amina', '--phone',"
        " '07700900123')[1]; run('privacy', 'export', member, '--out', sys.argv[1])"
    )
    exported = python(fresh_env, COMMANDS + commands, str(bundle))
    assert exported.returncode == 0, exported.stderr
    found = modes(tmp_path / "data")
    assert any(name.endswith(".sqlite3") for name in found) and "data/secret_key" in found
    assert stat.S_IMODE(bundle.stat().st_mode) == 0o600
    loose = {
        name: oct(mode)
        for name, mode in found.items()
        if mode & 0o077 or (Path(tmp_path / name).is_dir() and mode != 0o700)
    }
    assert loose == {}


def test_an_existing_loose_data_folder_is_tightened_and_a_long_secret_key_is_used(
    fresh_env, tmp_path
):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    (data / "old-notes.txt").write_text("from before")
    (data / "old-notes.txt").chmod(0o644)
    started = voice_app({**fresh_env, "SECRET_KEY": LONG_KEY}, "init-db")
    assert started.returncode == 0, started.stderr
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "old-notes.txt").stat().st_mode) == 0o600
    assert not (data / "secret_key").exists()  # the key given was used, none was made


@pytest.mark.parametrize("key", ["x", "short-but-not-32-bytes-long"])
def test_a_short_secret_key_is_refused_with_one_clear_line(fresh_env, key):
    result = voice_app({**fresh_env, "SECRET_KEY": key}, "init-db")
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "SECRET_KEY" in lines[0] and "32" in lines[0]


def test_the_demo_token_file_is_trusted_only_in_demo_mode(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "demo_twilio_auth_token").write_text("leftover-token")
    outside = Settings.from_env({"VOICE_APP_DATA_DIR": str(data)})
    assert outside.twilio_auth_token is None
    demo = Settings.from_env({"VOICE_APP_DATA_DIR": str(data), "VOICE_APP_DEMO": "1"})
    assert demo.twilio_auth_token == "leftover-token"


def test_with_no_token_and_a_leftover_demo_file_webhooks_are_refused(fresh_env, tmp_path):
    """Through the real server process: a forged call signed with the leftover token gets 403."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "demo_twilio_auth_token").write_text("leftover-token")
    code = COMMANDS + (
        "run('init-db'); from voice_app import create_app; from twilio.request_validator import "
        "RequestValidator as V; app = create_app(); c = app.test_client(); "
        "p = {'CallSid': 'CA' + '1' * 32, 'From': '+447700900555'}; "
        "s = V('leftover-token').compute_signature('http://127.0.0.1:5000/voice/incoming', p); "
        "print(c.post('/voice/incoming', data=p, headers={'X-Twilio-Signature': s}).status_code)"
    )
    answer = python(fresh_env, code)
    assert answer.stdout.split()[-1:] == ["403"], answer.stderr
