"""A phone call without a phone: walks our webhooks' TwiML the way Twilio does.

    sim = CallSimulator("http://127.0.0.1:5000", token, "+447700900101")
    print(sim.start())        # what the caller hears until the line waits for them
    print(sim.press("4"))     # keys; sim.say("meetings") for words; sim.silence(); sim.record(wav)
    sim.hang_up()             # posts the status callback, as Twilio does at the end of a call
                              # (hang_up(keep_recordings=True), then close(), to fetch them after)

Requests are form-encoded and signed with the real twilio RequestValidator. <Say>, <Play>,
<Pause>, <Gather>, <Redirect>, <Record>, <Dial> and <Hangup> are followed; a conference <Dial
hangupOnStar> waits in the meeting until the caller presses star. Recordings are served
from 127.0.0.1 by a RecordingServer, and the recording status callback is posted like Twilio's.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import requests
from twilio.request_validator import RequestValidator

from voice_app.simulator.recording_server import RecordingServer

# (url, form, signature) -> (status code, body)
Transport = Callable[[str, dict[str, str], str], tuple[int, bytes]]
MAX_HOPS = 30  # redirects followed for one input before we call it a loop
RECORDING_CALLBACK_PATH = "/voice/recording"
STATUS_CALLBACK_PATH = "/voice/status"


class SimulatorError(RuntimeError):
    """The app answered something Twilio could not follow (an error code, or not TwiML)."""


def requests_transport(session: requests.Session | None = None, timeout: float = 30) -> Transport:
    session = session or requests.Session()

    def post(url: str, form: dict[str, str], signature: str) -> tuple[int, bytes]:
        answer = session.post(
            url, data=form, headers={"X-Twilio-Signature": signature}, timeout=timeout
        )
        return answer.status_code, answer.content

    return post


class CallSimulator:
    """One inbound call, driven by a script or by a person at a terminal."""

    def __init__(
        self,
        base_url: str,
        token: str,
        from_number: str,
        to_number: str = "+442070000000",
        *,
        account_sid: str = "AC" + "0" * 32,
        transport: Transport | None = None,
        on_hear: Callable[[str], None] | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.validator = RequestValidator(token)
        self.token = token
        self.account_sid = account_sid
        self.call_sid = "CA" + secrets.token_hex(16)
        self.from_number, self.to_number = from_number, to_number
        self.transport = transport or requests_transport()
        self.on_hear = on_hear
        self.transcript: list[str] = []  # "line: ..." and "caller: ..." in order
        self.pages: list[ElementTree.Element] = []  # every TwiML document received
        self.timings: list[float] = []  # seconds per webhook request
        self.dialled: list[str] = []
        self.recordings: RecordingServer | None = None
        self.dial_status = "completed"
        self.ended = False
        self.waiting: str | None = None  # "gather", "record", "conference" or None
        self._pending: ElementTree.Element | None = None
        self._rest: list[ElementTree.Element] = []
        self._page_url = ""
        self._heard: list[str] = []
        self._hops = 0
        self._started = 0.0

    # --- what the caller does ---------------------------------------------------------------
    def start(self) -> str:
        self._started = time.monotonic()
        return self._input(lambda: self._fetch("/voice/incoming", {}, status="ringing"))

    def press(self, digits: str) -> str:
        self._note(f"caller: press {digits}")
        if self.waiting == "conference" and digits == "*":  # hangupOnStar: to the Dial's action
            dial = self._expect("conference")
            form = {"DialCallStatus": "completed"}
            return self._input(lambda: self._fetch(dial.get("action"), form))
        gather = self._expect("gather")
        finish = gather.get("finishOnKey", "#")
        keys = digits[: -len(finish)] if finish and digits.endswith(finish) else digits
        return self._input(lambda: self._answer_gather(gather, {"Digits": keys}))

    def say(self, words: str) -> str:
        self._note(f"caller: say {words}")
        gather = self._expect("gather")
        form = {"SpeechResult": words, "Confidence": "0.92"}
        return self._input(lambda: self._answer_gather(gather, form))

    def silence(self) -> str:
        self._note("caller: (silence)")
        if self.waiting == "conference":
            return ""  # listening in the meeting: nothing changes until star or hanging up
        verb = self._expect(None)
        if verb.tag == "Gather" and verb.get("actionOnEmptyResult") == "true":
            return self._input(lambda: self._answer_gather(verb, {}))
        rest = self._rest
        return self._input(lambda: self._run(rest))

    def record(self, wav_path: str | Path, finish_key: str = "#") -> str:
        """Speak into a <Record>: the WAV file is what Twilio would have recorded."""
        self._note(f"caller: records {wav_path}")
        verb = self._expect("record")
        path = Path(wav_path)
        if not path.is_file():
            raise FileNotFoundError(f"no such WAV file: {path}")
        if self.recordings is None:
            self.recordings = RecordingServer(self.account_sid, self.token)
        sid, url = self.recordings.add(path)
        seconds = str(max(1, round(path.stat().st_size / 16000)))
        form = {"RecordingSid": sid, "RecordingUrl": url, "RecordingDuration": seconds}
        callback = verb.get("recordingStatusCallback") or RECORDING_CALLBACK_PATH
        action = verb.get("action") or self._page_url

        def go() -> None:
            page = self._load(action, {**form, "Digits": finish_key})
            self._post_quietly(callback, {**form, "RecordingStatus": "completed"})
            self._run(list(page))

        return self._input(go)

    def hang_up(self, keep_recordings: bool = False) -> None:
        """End the call. Twilio keeps recordings after a call, for the app's worker to fetch:
        keep_recordings=True does too, until close()."""
        if not self.ended:
            self._note("caller: hangs up")
            self._end()
        if not keep_recordings:
            self.close()

    def close(self) -> None:
        """Stop serving this call's recordings."""
        if self.recordings is not None:
            self.recordings.close()
            self.recordings = None

    @property
    def last_page(self) -> ElementTree.Element:
        return self.pages[-1]

    # --- following TwiML ----------------------------------------------------------------------
    def _input(self, action: Callable[[], None]) -> str:
        if self.ended:
            raise SimulatorError("the call has ended")
        self._heard, self._hops, self.waiting, self._pending = [], 0, None, None
        action()
        return " ".join(self._heard)

    def _expect(self, waiting: str | None) -> ElementTree.Element:
        if self._pending is None or (waiting and self.waiting != waiting):
            raise SimulatorError(f"the line is not waiting for that (waiting: {self.waiting})")
        return self._pending

    def _answer_gather(self, gather: ElementTree.Element, form: dict[str, str]) -> None:
        self._fetch(gather.get("action") or self._page_url, form)

    def _call_form(self, status: str) -> dict[str, str]:
        return {
            "CallSid": self.call_sid,
            "AccountSid": self.account_sid,
            "From": self.from_number,
            "To": self.to_number,
            "Caller": self.from_number,
            "Called": self.to_number,
            "CallStatus": status,
            "Direction": "inbound",
            "ApiVersion": "2010-04-01",
        }

    def _post(self, url: str, form: dict[str, str], status: str) -> tuple[int, bytes]:
        full = urljoin(self.base_url + "/", url)
        data = {**self._call_form(status), **form}
        signature = self.validator.compute_signature(full, data)
        began = time.perf_counter()
        code, body = self.transport(full, data, signature)
        self.timings.append(time.perf_counter() - began)
        return code, body

    def _fetch(self, url: str, form: dict[str, str], status: str = "in-progress") -> None:
        self._run(list(self._load(url, form, status)))

    def _load(
        self, url: str, form: dict[str, str], status: str = "in-progress"
    ) -> ElementTree.Element:
        self._hops += 1
        if self._hops > MAX_HOPS:
            raise SimulatorError(f"more than {MAX_HOPS} redirects without waiting for the caller")
        code, body = self._post(url, form, status)
        path = urlsplit(url).path
        if code != 200:
            raise SimulatorError(f"{path} answered HTTP {code}")
        try:
            page = ElementTree.fromstring(body)
        except ElementTree.ParseError as exc:
            raise SimulatorError(f"{path} did not answer TwiML: {exc}") from None
        if page.tag != "Response":
            raise SimulatorError(f"{path} answered <{page.tag}>, not <Response>")
        self.pages.append(page)
        self._page_url = url
        return page

    def _run(self, verbs: list[ElementTree.Element]) -> None:
        for index, verb in enumerate(verbs):
            rest = verbs[index + 1 :]
            if verb.tag in ("Say", "Play"):
                self._hear(verb)
            elif verb.tag in ("Gather", "Record"):
                for inner in verb:
                    self._hear(inner)
                self._pending, self._rest = verb, rest
                self.waiting = verb.tag.lower()
                return
            elif verb.tag == "Redirect":
                return self._fetch((verb.text or "").strip() or self._page_url, {})
            elif verb.tag == "Dial":
                number = " ".join(t.strip() for t in verb.itertext() if t.strip())
                self.dialled.append(number)
                self._note(f"line: (connects you to {number})")
                if verb.get("hangupOnStar") == "true" and verb.find("Conference") is not None:
                    self._pending, self._rest, self.waiting = verb, rest, "conference"
                    return  # in the meeting until the caller presses star or hangs up
                if verb.get("action"):
                    return self._fetch(verb.get("action"), {"DialCallStatus": self.dial_status})
            elif verb.tag in ("Hangup", "Reject"):
                return self._end()
        self._end()  # Twilio hangs up when the TwiML runs out

    def _hear(self, verb: ElementTree.Element) -> None:
        if verb.tag == "Say":
            text = " ".join(" ".join(verb.itertext()).split())
        elif verb.tag == "Play":
            text = f"(plays {(verb.text or '').strip()})"
        else:
            return
        self._heard.append(text)
        self._note(f"line: {text}")
        if self.on_hear is not None:
            self.on_hear(text)

    def _note(self, line: str) -> None:
        self.transcript.append(line)

    def _end(self) -> None:
        self.ended, self.waiting, self._pending = True, None, None
        seconds = str(int(time.monotonic() - self._started)) if self._started else "0"
        self._post_quietly(STATUS_CALLBACK_PATH, {"CallDuration": seconds}, status="completed")

    def _post_quietly(self, url: str, form: dict[str, str], status: str = "in-progress") -> None:
        """Callbacks whose answers Twilio ignores; a failure is noted, not raised."""
        try:
            code, _ = self._post(url, form, status)
        except requests.RequestException as exc:
            self._note(f"(callback {url} failed: {exc})")
            return
        if code != 200:
            self._note(f"(callback {urlsplit(url).path} answered HTTP {code})")
