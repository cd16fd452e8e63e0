"""A meeting's register in the web view: one save, a confirmation before phone evidence is
replaced, errors beside their person, and the money page's ids all unique."""

import re

from sqlalchemy import select

from tests.web.helpers import post_form, sign_in
from voice_app.attendance import find_attendance
from voice_app.extensions import db
from voice_app.models import AttendanceMethod, AuditEntry, Meeting
from voice_app.people import add_access_need

ID = re.compile(r'\sid="([^"]+)"')


def _past(world) -> Meeting:
    """Group A's past meeting: Resident A checked in by phone and has a pending payment."""
    return db.session.get(Meeting, world.a.payment.meeting_id)


def test_the_register_shows_everyone_with_role_access_needs_and_evidence(coordinator, world):
    add_access_need(world.a.officer, "Step-free access", None, "test")
    db.session.commit()
    html = coordinator.get(f"/money/meetings/{_past(world).id}/register").get_data(as_text=True)
    assert "Resident A" in html and "Officer A" in html and "Resident B" not in html
    assert "Access needs: Step-free access" in html
    assert "Checked in by phone with their PIN" in html
    assert "Not paid: officers are paid by their employer." in html
    assert f'name="mark-{world.a.resident.id}" value="by phone" checked' in html
    assert len(ID.findall(html)) == len(set(ID.findall(html)))


def test_the_register_is_only_for_the_groups_coordinators(client, coordinator, world):
    other = f"/money/meetings/{world.b.meeting.id}/register"
    assert coordinator.get(other).status_code == 404
    page = f"/money/meetings/{world.a.meeting.id}/register"
    data = {f"mark-{world.a.officer.id}": "in person"}
    assert coordinator.post(page, data=data).status_code == 400  # no CSRF token
    assert find_attendance(world.a.meeting, world.a.officer) is None


def test_replacing_phone_evidence_is_asked_first(coordinator, world):
    meeting = _past(world)
    page = f"/money/meetings/{meeting.id}/register"
    resident, officer = world.a.resident, world.a.officer
    marks = {f"mark-{resident.id}": "in person", f"mark-{officer.id}": "in person"}
    asked = post_form(coordinator, page, page, marks)
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Replace phone evidence?" in html
    assert "Officer A" not in html.split("<h1>")[1]  # only the person with phone evidence
    assert find_attendance(meeting, officer) is None  # nothing saved yet
    unanswered = post_form(coordinator, page, page, {**marks, "confirming": "1"})
    assert unanswered.status_code == 400
    assert "Choose whether to keep Resident A" in unanswered.get_data(as_text=True)
    back = post_form(coordinator, page, page, {**marks, "back": "1"})
    assert f'name="mark-{officer.id}" value="in person" checked' in back.get_data(as_text=True)
    keep = {**marks, "confirming": "1", f"replace-{resident.id}": "keep"}
    assert post_form(coordinator, page, page, keep).status_code == 302
    assert find_attendance(meeting, resident).method == AttendanceMethod.PHONE_CHECK_IN
    assert find_attendance(meeting, officer).method == AttendanceMethod.IN_PERSON
    replace = {**marks, "confirming": "1", f"replace-{resident.id}": "replace"}
    assert post_form(coordinator, page, page, replace).status_code == 302
    assert find_attendance(meeting, resident).method == AttendanceMethod.IN_PERSON
    assert db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "attendance.phone_evidence_replaced")
    )
    flashed = coordinator.get(page).get_data(as_text=True)
    assert "Register saved" in flashed


def test_bad_minutes_are_shown_beside_the_person_and_nothing_is_saved(coordinator, world):
    page = f"/money/meetings/{world.a.meeting.id}/register"
    officer = world.a.officer
    data = {f"mark-{officer.id}": "in person", f"minutes-{officer.id}": "ninety"}
    response = post_form(coordinator, page, page, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "There is a problem" in html
    assert f'href="#minutes-{officer.id}"' in html and f'id="minutes-{officer.id}-error"' in html
    assert 'value="ninety"' in html  # the typing is kept
    assert find_attendance(world.a.meeting, officer) is None
    data = {f"minutes-{officer.id}": "60"}  # minutes with no mark
    assert post_form(coordinator, page, page, data).status_code == 400


def test_the_money_page_has_unique_ids_and_one_label_a_field(coordinator, world):
    html = coordinator.get(f"/money/meetings/{_past(world).id}").get_data(as_text=True)
    ids = ID.findall(html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for select_id in re.findall(r'<select[^>]*id="([^"]+)"', html):
        assert html.count(f'for="{select_id}"') == 1
    assert "Take the register" in html


def test_co_chairs_cannot_take_the_register(client, world):
    sign_in(client, world.co_chair.email)
    assert client.get(f"/money/meetings/{world.a.meeting.id}/register").status_code == 403


def test_the_live_page_never_replaces_a_phone_check_in_silently(coordinator, world):
    meeting = _past(world)
    page = f"/meetings/{meeting.id}/live"
    answer = post_form(
        coordinator, page, f"{page}/room", {"person": world.a.resident.id}, follow_redirects=True
    )
    assert "already took part by phone" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert find_attendance(meeting, world.a.resident).method == AttendanceMethod.PHONE_CHECK_IN


def test_an_absent_mark_shows_when_the_register_is_opened_again(coordinator, world):
    page = f"/money/meetings/{_past(world).id}/register"
    officer = world.a.officer
    assert post_form(coordinator, page, page, {f"mark-{officer.id}": "absent"}).status_code == 302
    html = coordinator.get(page).get_data(as_text=True)
    assert f'name="mark-{officer.id}" value="absent" checked' in html
