"""PostgreSQL restarted under load: callers hear sensible answers, no recording is lost.

A private PostgreSQL cluster (same binaries as scripts/postgres.sh) serves an app while calls
and recording callbacks arrive; it is stopped and started in the middle. Afterwards every
recording is in the database exactly once (kept on disk during the outage, replayed by the
worker's spool replayer), and the app answers normally again.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from voice_app import create_app
from voice_app.config import Settings
from voice_app.directory import add_group, add_person
from voice_app.extensions import db, upgrade_schema
from voice_app.models import Call, Comment, Recording
from voice_app.recordings.spool import SpoolReplayer, spool_dir

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("TEST_DATABASE_URL"),
        reason="needs PostgreSQL (TEST_DATABASE_URL), as scripts/test.sh gives it",
    ),
]
TOKEN = "restart-test-token"
BASE = "http://voice.test"
RESIDENT = "+447700900321"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """A throwaway PostgreSQL server we may stop and start."""

    def __init__(self, folder: Path):
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        if not binaries:
            pytest.skip("PostgreSQL binaries not installed")
        self.bin = Path(binaries[-1])
        self.data = folder / "pgdata"
        self.port = _free_port()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.data.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
            shutil.chown(self.data, "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust")

    def _run(self, tool: str, *args: str) -> None:
        command = [*self.as_postgres, str(self.bin / tool), *args]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k /tmp -c fsync=off"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-w",
            "-o",
            options,
            "-l",
            str(self.data / "log"),
            "start",
        )

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture
def cluster():
    # Not under pytest's tmp folder: the postgres user cannot reach root's private one.
    folder = Path(tempfile.mkdtemp(prefix="voice-app-pg-restart-", dir="/var/tmp"))
    os.chmod(folder, 0o755)
    server = Cluster(folder)
    server.start()
    yield server
    try:
        server.stop()
    except subprocess.CalledProcessError:
        pass
    shutil.rmtree(folder, ignore_errors=True)


def _post(client, validator, path: str, params: dict[str, str]):
    signature = validator.compute_signature(BASE + path, params)
    return client.post(
        path,
        data=urlencode(params),
        headers={"X-Twilio-Signature": signature},
        content_type="application/x-www-form-urlencoded",
    )


def test_restart_under_load_loses_no_recording(cluster, tmp_path):
    settings = Settings.from_env(
        {
            "DATABASE_URL": cluster.url,
            "VOICE_APP_DATA_DIR": str(tmp_path / "data"),
            "PUBLIC_BASE_URL": BASE,
            "TWILIO_AUTH_TOKEN": TOKEN,
            "SECRET_KEY": "x" * 40,
        }
    )
    app = create_app({"SETTINGS": settings, "TESTING": True})
    with app.app_context():
        upgrade_schema()
        group = add_group("Riverside")
        add_person(group, "Amina Hassan", RESIDENT, pin="2468")
        db.session.commit()
        db.session.remove()

    client, validator = app.test_client(), RequestValidator(TOKEN)
    answers: list[tuple[str, int, bytes]] = []
    stop = threading.Event()

    def load() -> None:
        n = 0
        while not stop.is_set() and n < 400:
            n += 1
            call = f"CA{n:032d}"
            incoming = _post(
                client,
                validator,
                "/voice/incoming",
                {"CallSid": call, "From": RESIDENT, "To": "+442070000000"},
            )
            answers.append(("incoming", incoming.status_code, incoming.data))
            recording = _post(
                client,
                validator,
                "/voice/recording?purpose=comment",
                {
                    "CallSid": call,
                    "RecordingSid": f"RE{n:032d}",
                    "RecordingStatus": "completed",
                    "RecordingUrl": f"http://127.0.0.1:9/Recordings/RE{n:032d}",
                    "RecordingDuration": "7",
                },
            )
            answers.append(("recording", recording.status_code, recording.data))
            time.sleep(0.01)

    worker = threading.Thread(target=load)
    worker.start()
    time.sleep(1.0)
    cluster.stop()  # the database goes away mid-load ...
    time.sleep(1.5)
    cluster.start()  # ... and comes back
    time.sleep(1.0)
    stop.set()
    worker.join(timeout=120)

    sent = sum(1 for kind, _, _ in answers if kind == "recording")
    assert sent > 10
    for kind, status, body in answers:
        assert status == 200, (kind, status, body[:300])
        assert ElementTree.fromstring(body).tag == "Response"
    apologies = [b for k, _, b in answers if k == "incoming" and b"Sorry" in b]
    assert apologies, "no request met the outage: the test did not test anything"

    with app.app_context():
        # Callbacks that met the outage were kept on disk; the web process replays its own spool
        # on the next callback that gets through, and the worker replays what is left.
        kept = len(list(spool_dir().glob("*.json")))
        assert SpoolReplayer(min_interval=0)() == kept
        recordings = db.session.scalar(select(func.count()).select_from(Recording))
        distinct = db.session.scalar(select(func.count(func.distinct(Recording.recording_sid))))
        assert recordings == distinct == sent
        # A call whose first webhook met the outage was never recorded, so its recording cannot
        # be placed in a group: it is kept for a coordinator to place. Every other is a comment.
        calls = db.session.scalar(select(func.count()).select_from(Call))
        unplaced = db.session.scalar(
            select(func.count()).select_from(Recording).where(Recording.group_id.is_(None))
        )
        assert calls + unplaced == sent
        assert db.session.scalar(select(func.count()).select_from(Comment)) == calls
        db.session.remove()
    healthy = app.test_client().get("/healthz")
    assert healthy.status_code == 200
