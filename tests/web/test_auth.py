from datetime import timedelta

from sqlalchemy import update

from tests.web.helpers import PASSWORD, csrf_from, sign_in
from voice_app.extensions import db
from voice_app.models import Guard, utcnow
from voice_app.web.auth.views import CLIENT_FAILURES_TO_PAUSE


def test_pages_need_sign_in(client, world):
    response = client.get("/comments")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_sign_in_and_out(client, world):
    response = sign_in(client, world.a.coordinator.email)
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Expires=" in cookie  # the session expires
    page = client.get("/").get_data(as_text=True)
    assert "Dashboard" in page and world.a.coordinator.email in page
    response = client.post("/logout", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused_with_a_message_tied_to_the_field(client, world):
    response = sign_in(client, world.a.coordinator.email, "wrong password here")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert 'aria-describedby="email-error"' in html
    assert "not right" in html


def test_repeated_failures_pause_that_client(client, world):
    for _ in range(CLIENT_FAILURES_TO_PAUSE):
        sign_in(client, world.a.coordinator.email, "wrong password here")
    response = sign_in(client, world.a.coordinator.email)  # even the right password
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.get_data(as_text=True)
    db.session.execute(update(Guard).values(paused_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert sign_in(client, world.a.coordinator.email).status_code == 302


def test_passwords_are_hashed(world):
    assert PASSWORD not in world.a.coordinator.password_hash


def test_next_only_goes_to_this_site(client, world):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login?next=//evil.example/",
        data={"email": world.a.coordinator.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/"


def test_forms_without_a_csrf_token_are_refused(client, world):
    response = client.post(
        "/login", data={"email": world.a.coordinator.email, "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    sign_in(client, world.a.coordinator.email)
    response = client.post(f"/comments/{world.a.comment.id}/review", data={"reviewed": "yes"})
    assert response.status_code == 400
    db.session.refresh(world.a.comment)
    assert world.a.comment.reviewed_at is None
