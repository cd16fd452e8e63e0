"""Twilio's REST API through the real twilio client, pointed at TWILIO_API_BASE_URL.

The client builds every URL on https://api.twilio.com; a small HTTP client rewrites that prefix to
the configured base, so a deployment (or a test's fake server) can stand in for Twilio.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from twilio.base.exceptions import TwilioException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

TWILIO_API = "https://api.twilio.com"
TIMEOUT_SECONDS = 15.0


class TwilioUnavailable(Exception):
    """Twilio could not take the call or text: not configured, refused, or unreachable."""


class BaseUrlHttpClient(TwilioHttpClient):
    """The twilio library's own HTTP client, sending to another base URL."""

    def __init__(self, base_url: str):
        super().__init__(timeout=TIMEOUT_SECONDS)
        self.base_url = base_url.rstrip("/")

    def request(self, method: str, url: str, *args, **kwargs):
        if url.startswith(TWILIO_API) and self.base_url != TWILIO_API:
            url = self.base_url + url[len(TWILIO_API) :]
        return super().request(method, url, *args, **kwargs)


@dataclass
class Sent:
    sid: str
    status: str


def client() -> Client:
    settings = current_app.config["SETTINGS"]
    if not settings.twilio_account_sid or not settings.twilio_auth_token:
        raise TwilioUnavailable("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are not both set")
    return Client(
        settings.twilio_account_sid,
        settings.twilio_auth_token,
        http_client=BaseUrlHttpClient(settings.twilio_api_base_url),
    )


def is_configured() -> bool:
    settings = current_app.config["SETTINGS"]
    return bool(settings.twilio_account_sid and settings.twilio_auth_token)


def public_url(path: str) -> str:
    """The address Twilio reaches one of our webhooks at (the worker has no request to ask)."""
    return current_app.config["SETTINGS"].public_base_url + path


def place_call(to: str, from_: str, url_path: str, detect_machine: bool) -> Sent:
    """Ring `to`; when answered Twilio fetches TwiML from `url_path`, and reports the end."""
    options = {"machine_detection": "Enable"} if detect_machine else {}
    try:
        call = client().calls.create(
            to=to,
            from_=from_,
            url=public_url(url_path),
            method="POST",
            status_callback=public_url("/voice/outreach/status"),
            status_callback_method="POST",
            **options,
        )
    except (TwilioException, OSError) as exc:
        raise TwilioUnavailable(str(exc)) from exc
    return Sent(call.sid, call.status or "queued")


def send_sms(to: str, from_: str, body: str) -> Sent:
    try:
        message = client().messages.create(
            to=to,
            from_=from_,
            body=body,
            status_callback=public_url("/voice/outreach/status"),
        )
    except (TwilioException, OSError) as exc:
        raise TwilioUnavailable(str(exc)) from exc
    return Sent(message.sid, message.status or "queued")
