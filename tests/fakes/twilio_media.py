"""A fake of Twilio's recording media API on 127.0.0.1, for tests and benchmarks.

It serves `GET {RecordingUrl}.wav` and `DELETE {RecordingUrl}.json` with HTTP basic auth
ACCOUNT_SID:AUTH_TOKEN, as Twilio does, and can misbehave on request: hang past the client's
timeout, answer 500, send garbage instead of a WAV, answer 404, send the audio slowly, or
redirect elsewhere. The `twilio_media` fixture points the app's TWILIO_API_BASE_URL at it.
Every request is logged so tests can check what happened, and in which order.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.fakes.serving import POLL_SECONDS

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "test-auth-token-0123456789abcdef"


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A client that gave up (its timeout) is expected here, not an error to print."""


@dataclass
class MediaRequest:
    method: str
    recording_sid: str
    status: int
    at: float = field(default_factory=time.monotonic)


class FakeTwilioMedia:
    """Recordings by sid, each with an optional queue of misbehaviours for its next GETs.

    Behaviours: "timeout" (hang for hang_seconds before answering), "500", "404", "garbage",
    "slow" (send the audio in small pieces over slow_seconds), "redirect" (302 to redirect_to).
    """

    def __init__(self, account_sid: str = ACCOUNT_SID, auth_token: str = AUTH_TOKEN):
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.recordings: dict[str, bytes] = {}
        self.deleted: set[str] = set()
        self.behaviours: dict[str, list[str]] = {}
        self.always: dict[str, str] = {}
        self.log: list[MediaRequest] = []
        self.hang_seconds = 3.0
        self.slow_seconds = 5.0
        self.redirect_to = "http://127.0.0.1:9/"
        self._lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(POLL_SECONDS,), daemon=True
        )

    @property
    def root_url(self) -> str:
        """What TWILIO_API_BASE_URL is set to when the app talks to this fake."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/2010-04-01/Accounts/{self.account_sid}/Recordings"

    def start(self) -> FakeTwilioMedia:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def add(self, recording_sid: str, audio: bytes, *behaviours: str) -> str:
        """Hold a recording; its next GETs misbehave in the order given. Returns RecordingUrl."""
        with self._lock:
            self.recordings[recording_sid] = audio
            self.behaviours[recording_sid] = list(behaviours)
        return f"{self.base_url}/{recording_sid}"

    def requests(self, method: str | None = None, recording_sid: str | None = None):
        with self._lock:
            return [
                r
                for r in self.log
                if (method is None or r.method == method)
                and (recording_sid is None or r.recording_sid == recording_sid)
            ]

    def _next_behaviour(self, sid: str) -> str | None:
        with self._lock:
            if sid in self.always:
                return self.always[sid]
            queue = self.behaviours.get(sid) or []
            return queue.pop(0) if queue else None

    def _authorised(self, header: str | None) -> bool:
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        return header == f"Basic {expected}"

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args) -> None:  # keep test output quiet
                pass

            def _answer(self, sid: str, status: int, body: bytes = b"", kind: str = "") -> None:
                with fake._lock:
                    fake.log.append(MediaRequest(self.command, sid, status))
                self.send_response(status)
                self.send_header("Content-Type", kind or "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)

            def _sid(self, suffix: str) -> str | None:
                prefix = f"/2010-04-01/Accounts/{fake.account_sid}/Recordings/"
                path = self.path.split("?", 1)[0]
                if not path.startswith(prefix) or not path.endswith(suffix):
                    return None
                return path[len(prefix) : -len(suffix)]

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                sid = self._sid(".wav")
                if not fake._authorised(self.headers.get("Authorization")):
                    return self._answer(sid or "", 401, b'{"code": 20003}')
                if sid is None or sid not in fake.recordings or sid in fake.deleted:
                    return self._answer(sid or "", 404, b'{"code": 20404}')
                behaviour = fake._next_behaviour(sid)
                audio = fake.recordings[sid]
                if behaviour == "timeout":
                    time.sleep(fake.hang_seconds)
                    return self._answer(sid, 200, audio, "audio/x-wav")
                if behaviour in ("500", "404"):
                    return self._answer(sid, int(behaviour), b'{"message": "broken"}')
                if behaviour == "garbage":
                    return self._answer(sid, 200, b"<html>not audio</html>" * 50, "audio/x-wav")
                if behaviour == "slow":
                    return self._send_slowly(sid, audio)
                if behaviour == "redirect":
                    return self._redirect(sid)
                return self._answer(sid, 200, audio, "audio/x-wav")

            def _redirect(self, sid: str) -> None:
                with fake._lock:
                    fake.log.append(MediaRequest(self.command, sid, 302))
                self.send_response(302)
                self.send_header("Location", f"{fake.redirect_to}{sid}.wav")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def _send_slowly(self, sid: str, audio: bytes) -> None:
                with fake._lock:
                    fake.log.append(MediaRequest("GET", sid, 200))
                self.send_response(200)
                self.send_header("Content-Type", "audio/x-wav")
                self.send_header("Content-Length", str(len(audio)))
                self.end_headers()
                pieces = 20
                step = max(1, len(audio) // pieces)
                try:
                    for start in range(0, len(audio), step):
                        self.wfile.write(audio[start : start + step])
                        self.wfile.flush()
                        time.sleep(fake.slow_seconds / pieces)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_DELETE(self) -> None:  # noqa: N802
                sid = self._sid(".json")
                if not fake._authorised(self.headers.get("Authorization")):
                    return self._answer(sid or "", 401, b'{"code": 20003}')
                if sid is None or sid not in fake.recordings or sid in fake.deleted:
                    return self._answer(sid or "", 404, b'{"code": 20404}')
                with fake._lock:
                    fake.deleted.add(sid)
                return self._answer(sid, 204)

        return Handler


@pytest.fixture
def twilio_media(request: pytest.FixtureRequest) -> Iterator[FakeTwilioMedia]:
    """A running fake of Twilio's recording media API, stopped after the test; the app (and
    workers started from `environment`) take it as Twilio's API host for the test."""
    server = FakeTwilioMedia().start()
    settings = request.getfixturevalue("app").config["SETTINGS"]
    environment = request.getfixturevalue("environment")
    before = settings.twilio_api_base_url, environment["TWILIO_API_BASE_URL"]
    settings.twilio_api_base_url = environment["TWILIO_API_BASE_URL"] = server.root_url
    yield server
    settings.twilio_api_base_url, environment["TWILIO_API_BASE_URL"] = before
    server.stop()
