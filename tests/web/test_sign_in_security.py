"""Sign-in: one message whether or not the email exists, limits per client that cannot lock a
coordinator out, `next=` only to this site, and sessions the server can end."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from tests.web.conftest import IsolatedClient
from tests.web.helpers import PASSWORD, csrf_from, sign_in
from voice_app.cli import main
from voice_app.models import utcnow
from voice_app.web.auth.views import CLIENT_FAILURES_TO_PAUSE

ERROR = re.compile(r'id="email-error"[^>]*>(.*?)</p>', re.S)


def client_from(app, address: str) -> FlaskClient:
    """A browser at this address, each request in its own app context as in production."""
    client = IsolatedClient(app, app.response_class, use_cookies=True)
    client.environ_base["REMOTE_ADDR"] = address
    return client


def error_text(response) -> str:
    match = ERROR.search(response.get_data(as_text=True))
    assert match, "no error message tied to the email field"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_the_answer_is_the_same_whether_or_not_the_email_exists(app, world):
    real, made_up = world.a.coordinator.email, "nobody-here@example.org"
    answers = {}
    for email in (real, made_up):
        client = client_from(app, f"203.0.113.{len(answers) + 1}")
        answers[email] = [
            (r.status_code, error_text(r))
            for r in (sign_in(client, email, "wrong password here") for _ in range(8))
        ]
    assert answers[real] == answers[made_up]
    assert "locked" not in str(answers[real])


def test_a_stranger_guessing_cannot_lock_the_coordinator_out(app, world):
    stranger = client_from(app, "198.51.100.7")
    for _ in range(CLIENT_FAILURES_TO_PAUSE + 3):
        last = sign_in(stranger, world.a.coordinator.email, "wrong password here")
    assert last.status_code == 429 and "Too many" in error_text(last)
    refused = sign_in(stranger, world.a.coordinator.email)  # even the right password, from there
    assert refused.status_code == 429
    coordinator = client_from(app, "192.0.2.10")
    assert sign_in(coordinator, world.a.coordinator.email).status_code == 302
    assert "Dashboard" in coordinator.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    "target",
    [
        "/%09/evil.example/",
        "/%0A/evil.example/",
        "%09//evil.example/",
        "/%5C/evil.example/",
        "/%0D%0ASet-Cookie:%20x=1",
        "/\u2028/evil.example/",
        "https://evil.example/",
        "/ok%00",
    ],
)
def test_next_goes_only_to_a_path_on_this_site(app, world, target):
    client = client_from(app, "192.0.2.20")
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        f"/login?next={target}",
        data={"email": world.a.coordinator.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code in (302, 400)  # never a 500
    location = response.headers.get("Location", "/")
    cleaned = "".join(ch for ch in location if ch.isprintable() and not ch.isspace())
    assert location == cleaned and cleaned.startswith("/") and not cleaned.startswith("//")
    assert "\\" not in cleaned and urlsplit(cleaned).netloc == ""


def test_a_same_site_next_is_kept(app, world):
    client = client_from(app, "192.0.2.21")
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login?next=/audit%3Fgroup%3D1",
        data={"email": world.a.coordinator.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/audit?group=1"


def copied_session(app, client: FlaskClient) -> FlaskClient:
    """A second browser holding a copy of the first one's session cookie."""
    thief = client_from(app, "198.51.100.99")
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_a_copied_session_cookie_stops_working_at_sign_out(app, world):
    client = client_from(app, "192.0.2.30")
    sign_in(client, world.a.coordinator.email)
    thief = copied_session(app, client)
    assert thief.get("/").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/").get_data(as_text=True))})
    assert thief.get("/").status_code == 302


def test_changing_the_password_ends_every_session(app, world):
    client = client_from(app, "192.0.2.31")
    sign_in(client, world.a.coordinator.email)
    assert client.get("/").status_code == 200
    result = CliRunner().invoke(
        main, ["set-password", world.a.coordinator.email], input="another long password\n"
    )
    assert result.exit_code == 0, result.output
    assert client.get("/").status_code == 302
    assert sign_in(client, world.a.coordinator.email, "another long password").status_code == 302


def test_a_session_ends_at_its_absolute_lifetime_however_busy(app, world):
    client = client_from(app, "192.0.2.32")
    sign_in(client, world.a.coordinator.email)
    with client.session_transaction() as session:
        started = utcnow() - app.config["ABSOLUTE_SESSION_LIFETIME"] - timedelta(minutes=1)
        session["signed_in_at"] = started.timestamp()
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
