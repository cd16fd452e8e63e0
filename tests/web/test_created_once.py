"""Creating forms act once (post/redirect/get and a one-time token), and a new PIN is made
only after a confirmation and shown once."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.web.helpers import csrf_from, when_parts
from voice_app.extensions import db
from voice_app.models import AccessNeed, AuditEntry, Person

ONCE = re.compile(r'name="form_once" value="([^"]+)"')


def _form(client, page: str) -> dict[str, str]:
    html = client.get(page).get_data(as_text=True)
    return {"csrf_token": csrf_from(html), "form_once": ONCE.search(html).group(1)}


def _shown_pin(html: str) -> str:
    return re.search(r'class="pin">(\d+)<', html).group(1)


def _session_text(cookie: str) -> str:
    """What a Flask session cookie holds, readable by anyone who has it (signed, not sealed)."""
    import base64
    import zlib

    body = cookie.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    return (zlib.decompress(raw) if cookie.startswith(".") else raw).decode()


def _people(name: str) -> int:
    return db.session.scalar(select(func.count()).select_from(Person).where(Person.name == name))


def test_adding_a_person_redirects_and_a_second_send_adds_no_one(coordinator, world):
    data = {**_form(coordinator, "/people/new"), "group": world.a.group.id, "role": "resident"}
    data["name"] = "Ada Brown"
    first = coordinator.post("/people/new", data=data)
    assert first.status_code == 303
    person = db.session.scalar(select(Person).where(Person.name == "Ada Brown"))
    assert f"/people/{person.id}/new-pin?" in first.location
    landed = coordinator.get(first.location).get_data(as_text=True)
    pin = _shown_pin(landed)
    assert "Ada Brown is added" in landed and person.member_number in landed
    db.session.refresh(person)
    assert person.check_pin(pin)
    # The refresh of the page the browser landed on: no PIN, no second person.
    again = coordinator.get(first.location).get_data(as_text=True)
    assert 'class="pin"' not in again and "shown once" in again
    # The same form sent again (a double click, or a refresh that re-posts).
    second = coordinator.post("/people/new", data=data)
    assert second.status_code == 303 and second.location == first.location
    assert _people("Ada Brown") == 1
    db.session.refresh(person)
    assert person.check_pin(pin)  # no second PIN either
    assert "already sent" in coordinator.get(second.location).get_data(as_text=True)


def test_a_form_with_a_mistake_keeps_its_token_for_the_corrected_send(coordinator, world):
    data = {**_form(coordinator, "/people/new"), "group": world.a.group.id, "role": "resident"}
    refused = coordinator.post("/people/new", data={**data, "name": "Bo", "phone": "12"})
    assert refused.status_code == 400 and _people("Bo") == 0
    fixed = coordinator.post("/people/new", data={**data, "name": "Bo", "phone": ""})
    assert fixed.status_code == 303 and _people("Bo") == 1


def test_an_access_need_sent_twice_is_added_once(coordinator, world):
    page = f"/people/{world.a.resident.id}"
    data = {**_form(coordinator, page), "kind": "BSL interpreter"}
    for _ in range(2):
        answer = coordinator.post(f"{page}/needs", data=data)
        assert answer.status_code in (302, 303) and answer.location.endswith(page)
    count = db.session.scalar(select(func.count()).select_from(AccessNeed))
    assert count == 1


def test_a_new_pin_needs_a_confirmation_and_is_shown_once(coordinator, world):
    resident = world.a.resident
    page = f"/people/{resident.id}"
    show = coordinator.get(page).get_data(as_text=True)
    assert f'href="{page}/pin"' in show  # a link to the confirmation, not a button that acts
    confirm = coordinator.get(f"{page}/pin").get_data(as_text=True)
    assert "old PIN stops working" in confirm and "Yes, make a new PIN" in confirm
    db.session.refresh(resident)
    assert resident.check_pin("1234") or resident.pin_hash  # nothing changed by looking
    before = resident.pin_hash
    data = _form(coordinator, f"{page}/pin")
    made = coordinator.post(f"{page}/pin", data=data)
    assert made.status_code == 303 and f"{page}/new-pin?" in made.location
    cookie = coordinator.get_cookie("session").value
    elsewhere = made.location.replace(f"/people/{resident.id}/", f"/people/{world.a.officer.id}/")
    assert 'class="pin"' not in coordinator.get(elsewhere).get_data(as_text=True)
    pin = _shown_pin(coordinator.get(made.location).get_data(as_text=True))
    # Never in the cookie, even signed: not as a number of its own (a timestamp in the
    # session, 1796141542.97, once held a six-digit PIN by chance).
    assert not re.search(rf"(?<!\d){pin}(?!\d)", _session_text(cookie))
    db.session.refresh(resident)
    assert resident.pin_hash != before and resident.check_pin(pin)
    assert 'class="pin"' not in coordinator.get(made.location).get_data(as_text=True)
    assert coordinator.post(f"{page}/pin", data=data).status_code == 303  # a double click
    db.session.refresh(resident)
    assert resident.check_pin(pin)
    resets = db.session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "person.pin_reset")
    )
    assert resets == 1


def test_only_coordinators_of_the_group_reach_the_pin_pages(client, world):
    from tests.web.helpers import sign_in

    sign_in(client, world.co_chair.email)
    assert client.get(f"/people/{world.a.resident.id}/pin").status_code == 403
    assert client.get(f"/people/{world.b.resident.id}/pin").status_code == 404
    assert client.get(f"/people/{world.b.resident.id}/new-pin").status_code == 404


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_a_meeting_and_an_agenda_item_sent_twice_are_made_once(coordinator, world):
    from datetime import timedelta

    from voice_app.models import AgendaItem, Meeting, utcnow

    when = utcnow() + timedelta(days=30)
    data = {
        **_form(coordinator, "/meetings/new"),
        "group": world.a.group.id,
        "kind": "meeting",
        "title": "Winter buses",
        **when_parts("starts", when),
        **when_parts("ends", when + timedelta(hours=2)),
    }
    first = coordinator.post("/meetings/new", data=data)
    second = coordinator.post("/meetings/new", data=data)
    assert first.status_code == 302 and second.location == first.location
    assert _count(Meeting, Meeting.title == "Winter buses") == 1
    page = first.location.removeprefix("http://localhost") + "/agenda"
    item = {**_form(coordinator, page), "title": "Gritting", "minutes": "10", "paper": "0"}
    for _ in range(2):
        assert coordinator.post(page, data=item).status_code in (302, 303)
    assert _count(AgendaItem, AgendaItem.title == "Gritting") == 1


def test_a_residents_idea_sent_twice_is_added_once(client, world):
    from tests.web.test_resident_page import signed_in
    from voice_app.models import ShoppingItem

    signed_in(client, world.a)
    data = {**_form(client, "/me/"), "text": "Benches in the park"}
    for _ in range(2):
        assert client.post("/me/shopping", data=data).status_code in (302, 303)
    assert _count(ShoppingItem, ShoppingItem.text == "Benches in the park") == 1


def _signed_in_browser(base: str, email: str):
    import requests

    from tests.web.helpers import PASSWORD

    browser = requests.Session()
    token = csrf_from(browser.get(f"{base}/login").text)
    browser.post(f"{base}/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    return browser


def _twice_at_once(browser, url: str, data: dict) -> list:
    """A real double click: two requests at once on a threaded server, the same session."""
    import threading

    start = threading.Barrier(2)
    answers: list = []

    def send() -> None:
        start.wait()
        answers.append(browser.post(url, data=data, allow_redirects=False))

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return answers


def test_two_sends_at_the_same_moment_add_one_person(site, world):
    browser = _signed_in_browser(site, world.a.coordinator.email)
    html = browser.get(f"{site}/people/new").text
    data = {"csrf_token": csrf_from(html), "form_once": ONCE.search(html).group(1)}
    data |= {"group": world.a.group.id, "role": "resident", "name": "Dee Twice"}
    answers = _twice_at_once(browser, f"{site}/people/new", data)
    assert [a.status_code for a in answers] == [303, 303]
    assert answers[0].headers["Location"] == answers[1].headers["Location"]
    db.session.expire_all()
    assert _people("Dee Twice") == 1


def test_a_double_click_on_make_a_new_pin_still_shows_the_pin_that_works(site, world):
    browser = _signed_in_browser(site, world.a.coordinator.email)
    page = f"{site}/people/{world.a.resident.id}/pin"
    html = browser.get(page).text
    data = {"csrf_token": csrf_from(html), "form_once": ONCE.search(html).group(1)}
    answers = _twice_at_once(browser, page, data)
    locations = {a.headers["Location"] for a in answers}
    assert len(locations) == 1  # whichever answer the browser follows, it lands on one page
    pin = _shown_pin(browser.get(site + locations.pop()).text)
    db.session.expire_all()
    assert db.session.get(Person, world.a.resident.id).check_pin(pin)
