"""A fake of Twilio's REST API on 127.0.0.1, for the real twilio client to talk to in tests.

It answers what voice-app uses: creating calls and messages, fetching and deleting
recordings, and listing and updating conference participants (mute, unmute, announce).
It checks HTTP basic auth like Twilio, records every request, and can be told to fail
the next requests or how a number will answer (busy, no-answer, machine, ...), so a test can then
deliver the status callback Twilio would send with `status_callback_params`.

Use the `fake_twilio` fixture (import it into a conftest.py), or `FakeTwilio` as a context manager.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest

from tests.fakes.serving import POLL_SECONDS

ACCOUNT_PATH = re.compile(r"^/2010-04-01/Accounts/(?P<account>AC\w+)/(?P<rest>.+)$")
RECORDING_PATH = re.compile(r"^Recordings/(?P<sid>RE\w+)\.(?P<ext>wav|json|mp3)$")
PARTICIPANTS_PATH = re.compile(
    r"^Conferences/(?P<conference>CF\w+)/Participants(?:/(?P<who>[^/]+))?\.json$"
)

# How a call can end, as CallStatus and AnsweredBy in Twilio's status callback.
ANSWERS = {
    "human": ("completed", "human"),
    "machine": ("completed", "machine_start"),
    "busy": ("busy", None),
    "no-answer": ("no-answer", None),
    "failed": ("failed", None),
}


@dataclass
class FakeRequest:
    method: str
    path: str
    form: dict[str, str]
    authorised: bool
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class FakeCall:
    sid: str
    form: dict[str, str]
    answer: str

    @property
    def to(self) -> str:
        return self.form.get("To", "")


class FakeTwilio:
    """The fake server. Start it with `start()` (or `with FakeTwilio() as fake:`)."""

    def __init__(self, account_sid: str, auth_token: str):
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.requests: list[FakeRequest] = []
        self.calls: list[FakeCall] = []
        self.messages: list[dict[str, str]] = []
        self.recordings: dict[str, bytes] = {}
        self.answers: dict[str, str] = {}  # phone number -> key of ANSWERS
        # conference sid -> call sid -> the participant as Twilio shows it (label, muted, hold)
        self.conferences: dict[str, dict[str, dict]] = {}
        self.participant_updates: list[dict[str, str]] = []  # each update's form, with its sids
        self._failures: list[tuple[int, int, str]] = []  # (http status, twilio code, message)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # --- telling the fake what to do -------------------------------------------------------
    def fail_next(self, count: int = 1, status: int = 500, code: int = 20500) -> None:
        """The next `count` create requests fail with this HTTP status and Twilio error code."""
        with self._lock:
            self._failures.extend([(status, code, "Internal Server Error")] * count)

    def answer(self, number: str, how: str) -> None:
        """Calls to this number will end this way: human, machine, busy, no-answer, failed."""
        if how not in ANSWERS:
            raise ValueError(f"unknown answer {how!r}")
        self.answers[number] = how

    def add_recording(self, audio: bytes, sid: str | None = None) -> str:
        """Store audio as a recording; returns its RecordingUrl (no extension, as Twilio sends)."""
        sid = sid or "RE" + secrets.token_hex(16)
        self.recordings[sid] = audio
        return f"{self.url}/2010-04-01/Accounts/{self.account_sid}/Recordings/{sid}"

    def add_participant(
        self, conference_sid: str, call_sid: str, label: str | None = None, muted: bool = False
    ) -> None:
        """Someone in a conference, as Twilio has them once their <Dial><Conference> connects."""
        with self._lock:
            participants = self.conferences.setdefault(conference_sid, {})
            participants[call_sid] = {"label": label, "muted": muted, "hold": False}

    def remove_participant(self, conference_sid: str, call_sid: str) -> None:
        with self._lock:
            self.conferences.get(conference_sid, {}).pop(call_sid, None)

    # --- reading what happened -------------------------------------------------------------
    @property
    def url(self) -> str:
        assert self._server is not None, "start the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def calls_to(self, number: str) -> list[FakeCall]:
        return [call for call in self.calls if call.to == number]

    def messages_to(self, number: str) -> list[dict[str, str]]:
        return [message for message in self.messages if message.get("To") == number]

    def status_callback_params(self, call: FakeCall) -> dict[str, str]:
        """The form Twilio posts to the call's StatusCallback when the call ends."""
        status, answered_by = ANSWERS[call.answer]
        params = {
            "AccountSid": self.account_sid,
            "CallSid": call.sid,
            "CallStatus": status,
            "Direction": "outbound-api",
            "From": call.form.get("From", ""),
            "To": call.to,
            "CallDuration": "42" if status == "completed" else "0",
        }
        if answered_by and call.form.get("MachineDetection"):
            params["AnsweredBy"] = answered_by
        return params

    def answered_params(self, call: FakeCall) -> dict[str, str]:
        """The form Twilio posts to the call's Url once it is answered."""
        params = {
            "AccountSid": self.account_sid,
            "CallSid": call.sid,
            "CallStatus": "in-progress",
            "Direction": "outbound-api",
            "From": call.form.get("From", ""),
            "To": call.to,
        }
        _, answered_by = ANSWERS[call.answer]
        if call.form.get("MachineDetection") and answered_by:
            params["AnsweredBy"] = answered_by
        return params

    # --- running -----------------------------------------------------------------------------
    def start(self) -> FakeTwilio:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, args=(POLL_SECONDS,), daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeTwilio:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # --- answering (called from the server's threads) --------------------------------------
    def _authorised(self, header: str | None, account: str) -> bool:
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        return header == f"Basic {expected}" and account == self.account_sid

    def _next_failure(self) -> tuple[int, int, str] | None:
        with self._lock:
            return self._failures.pop(0) if self._failures else None

    def handle(self, method: str, path: str, form: dict[str, str], auth: str | None):
        match = ACCOUNT_PATH.match(path)
        authorised = bool(match) and self._authorised(auth, match["account"])
        with self._lock:
            self.requests.append(FakeRequest(method, path, form, authorised))
        if not match:
            return 404, _error(404, 20404, "The requested resource was not found")
        if not authorised:
            return 401, _error(401, 20003, "Authenticate")
        rest = match["rest"]
        if method == "POST" and rest in ("Calls.json", "Messages.json"):
            failure = self._next_failure()
            if failure is not None:
                return failure[0], _error(*failure)
            return self._create_call(form) if rest == "Calls.json" else (201, self._message(form))
        participants = PARTICIPANTS_PATH.match(rest)
        if participants:
            return self._participants(method, participants["conference"], participants["who"], form)
        recording = RECORDING_PATH.match(rest)
        if recording and recording["sid"] in self.recordings:
            if method == "GET" and recording["ext"] in ("wav", "mp3"):
                return 200, self.recordings[recording["sid"]]
            if method == "DELETE" and recording["ext"] == "json":
                del self.recordings[recording["sid"]]
                return 204, b""
        return 404, _error(404, 20404, "The requested resource was not found")

    def _participants(self, method: str, conference_sid: str, who: str | None, form: dict):
        """List (GET), fetch (GET) and update (POST: Muted, Hold, AnnounceUrl) participants,
        addressed by call sid or by label, as Twilio's Participant resource is."""
        with self._lock:
            found = self.conferences.get(conference_sid, {})
            if who is None and method == "GET":
                page = [self._participant(conference_sid, sid) for sid in found]
                return 200, {
                    "participants": page,
                    "page": 0,
                    "page_size": 50,
                    "uri": "",
                    "first_page_uri": "",
                    "next_page_uri": None,
                    "previous_page_uri": None,
                }
            who = unquote(who or "")
            sid = (
                who
                if who in found
                else next(
                    (key for key, p in found.items() if p["label"] and p["label"] == who), None
                )
            )
            if sid is None:
                return 404, _error(404, 20404, "The requested resource was not found")
            if method == "POST":
                failure = self._failures.pop(0) if self._failures else None
                if failure is not None:
                    return failure[0], _error(*failure)
                if "Muted" in form:
                    found[sid]["muted"] = form["Muted"].lower() == "true"
                if "Hold" in form:
                    found[sid]["hold"] = form["Hold"].lower() == "true"
                self.participant_updates.append(
                    dict(form, ConferenceSid=conference_sid, CallSid=sid)
                )
            return 200, self._participant(conference_sid, sid)

    def _participant(self, conference_sid: str, call_sid: str) -> dict:
        now = format_datetime(datetime.now(UTC), usegmt=True)
        seat = self.conferences[conference_sid][call_sid]
        return {
            "account_sid": self.account_sid,
            "call_sid": call_sid,
            "conference_sid": conference_sid,
            "label": seat["label"],
            "muted": seat["muted"],
            "hold": seat["hold"],
            "coaching": False,
            "end_conference_on_exit": False,
            "start_conference_on_enter": True,
            "status": "connected",
            "date_created": now,
            "date_updated": now,
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Conferences/{conference_sid}"
            f"/Participants/{call_sid}.json",
        }

    def _create_call(self, form: dict[str, str]) -> tuple[int, dict]:
        for required in ("To", "From"):
            if not form.get(required):
                return 400, _error(400, 21201, f"No '{required}' number is specified")
        if not (form.get("Url") or form.get("Twiml")):
            return 400, _error(400, 21205, "Url parameter is required")
        sid = "CA" + secrets.token_hex(16)
        with self._lock:
            self.calls.append(FakeCall(sid, form, self.answers.get(form["To"], "human")))
        return 201, self._resource(sid, form, status="queued", direction="outbound-api")

    def _message(self, form: dict[str, str]) -> dict:
        sid = "SM" + secrets.token_hex(16)
        with self._lock:
            self.messages.append(dict(form, Sid=sid))
        resource = self._resource(sid, form, status="queued", direction="outbound-api")
        resource.update(body=form.get("Body", ""), num_segments="1", messaging_service_sid=None)
        return resource

    def _resource(self, sid: str, form: dict[str, str], **values: str) -> dict:
        now = format_datetime(datetime.now(UTC), usegmt=True)
        kind = "Calls" if sid.startswith("CA") else "Messages"
        return {
            "sid": sid,
            "account_sid": self.account_sid,
            "to": form.get("To"),
            "from": form.get("From"),
            "date_created": now,
            "date_updated": now,
            "api_version": "2010-04-01",
            "price": None,
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/{kind}/{sid}.json",
            **values,
        }


def _error(status: int, code: int, message: str) -> dict:
    return {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


def _handler_for(fake: FakeTwilio) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            form = dict(parse_qsl(body, keep_blank_values=True))
            path = urlsplit(self.path).path
            status, payload = fake.handle(method, path, form, self.headers.get("Authorization"))
            data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
            self.send_response(status)
            content_type = "audio/x-wav" if isinstance(payload, bytes) else "application/json"
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            self._answer("GET")

        def do_POST(self) -> None:  # noqa: N802
            self._answer("POST")

        def do_DELETE(self) -> None:  # noqa: N802
            self._answer("DELETE")

        def log_message(self, *_args: object) -> None:
            pass

    return Handler


@pytest.fixture
def fake_twilio(app) -> Iterator[FakeTwilio]:
    """A running fake, with the app's TWILIO_API_BASE_URL pointed at it for the test."""
    settings = app.config["SETTINGS"]
    fake = FakeTwilio(settings.twilio_account_sid, settings.twilio_auth_token).start()
    previous, settings.twilio_api_base_url = settings.twilio_api_base_url, fake.url
    try:
        yield fake
    finally:
        settings.twilio_api_base_url = previous
        fake.stop()
