"""Phone fixtures: a simulated caller that walks the real webhooks through Flask's test client."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from tests.builders import make_group, make_person
from tests.conftest import AUTH_TOKEN, BASE_URL
from tests.fakes.serving import POLL_SECONDS
from voice_app.extensions import db
from voice_app.models import Group
from voice_app.simulator.call import CallSimulator, Transport

GROUP_NUMBER = "+442070000000"
KNOWN = "+447700900101"
UNKNOWN = "+447700900555"
COORDINATOR = "+447700900999"


def client_transport(client: FlaskClient) -> Transport:
    def post(url: str, form: dict[str, str], signature: str) -> tuple[int, bytes]:
        parts = urlsplit(url)
        answer = client.post(
            parts.path + (f"?{parts.query}" if parts.query else ""),
            data=form,
            headers={"X-Twilio-Signature": signature},
        )
        return answer.status_code, answer.get_data()

    return post


@pytest.fixture
def phone(client: FlaskClient) -> Callable[..., CallSimulator]:
    """phone(from_number) -> a CallSimulator on the test client; call .start() to ring."""

    def make(from_number: str = UNKNOWN, to_number: str = GROUP_NUMBER) -> CallSimulator:
        return CallSimulator(
            BASE_URL, AUTH_TOKEN, from_number, to_number, transport=client_transport(client)
        )

    return make


@pytest.fixture
def group(app) -> Group:
    """A group that takes guests and has a coordinator to put callers through to."""
    group = make_group(
        "Riverside", guests_allowed=True, coordinator_phone=COORDINATOR, phone_number=GROUP_NUMBER
    )
    make_person(group, "Amina Hassan", phone=KNOWN, pin="2468")
    make_person(
        group,
        "Derek Lewis",
        phone="+447700900102",
        pin="1357",
        speech_rate=70,
        extra_time_seconds=10,
    )
    db.session.commit()
    return group


def serve(app: Flask) -> tuple[str, object, threading.Thread]:
    """The app (or any Flask app) served by werkzeug on 127.0.0.1, on a free port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(POLL_SECONDS,), daemon=True)
    thread.start()
    return f"http://127.0.0.1:{server.server_port}", server, thread


@pytest.fixture
def live_url(app: Flask, group) -> Iterator[str]:
    """The real app on 127.0.0.1; signatures are checked against that address."""
    url, server, thread = serve(app)
    settings = app.config["SETTINGS"]
    saved, settings.public_base_url = settings.public_base_url, url
    yield url
    settings.public_base_url = saved
    server.shutdown()
    thread.join()
