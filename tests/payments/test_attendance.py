from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.builders import make_coordinator, make_group, make_held_meeting, make_person
from voice_app.attendance import CheckIn, check_in_by_phone, mark_in_person
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import (
    Attendance,
    AttendanceMethod,
    AuditEntry,
    ConferenceLeg,
    MeetingKind,
    Role,
)

START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def setting(group, resident):
    return group, resident, make_held_meeting(group, START, minutes=120)


def count_attendance() -> int:
    return db.session.scalar(select(func.count()).select_from(Attendance))


def test_check_in_inside_the_window(setting):
    _, person, meeting = setting
    result = check_in_by_phone(person, meeting, "4321", START + timedelta(minutes=5))
    assert result.outcome == CheckIn.OK and result.prompt_id == "check_in_ok"
    assert result.attendance.method == AttendanceMethod.PHONE_CHECK_IN
    assert result.attendance.minutes == 120


@pytest.mark.parametrize(
    "offset, outcome",
    [
        (timedelta(minutes=-31), CheckIn.TOO_EARLY),
        (timedelta(minutes=-30), CheckIn.OK),
        (timedelta(minutes=120), CheckIn.OK),
        (timedelta(minutes=121), CheckIn.ENDED),
    ],
)
def test_check_in_window_edges(setting, offset, outcome):
    _, person, meeting = setting
    result = check_in_by_phone(person, meeting, "4321", START + offset)
    assert result.outcome == outcome
    assert count_attendance() == (1 if outcome == CheckIn.OK else 0)


def test_too_early_says_when_it_opens(setting):
    _, person, meeting = setting
    result = check_in_by_phone(person, meeting, "4321", START - timedelta(hours=2))
    assert result.opens_at == START - timedelta(minutes=30)
    assert result.prompt_id == "check_in_too_early"


def test_second_check_in_is_already(setting):
    _, person, meeting = setting
    check_in_by_phone(person, meeting, "4321", START)
    again = check_in_by_phone(person, meeting, "4321", START + timedelta(minutes=10))
    assert again.outcome == CheckIn.ALREADY and again.ok
    assert count_attendance() == 1


def test_wrong_pins_count_down_then_lock_for_fifteen_minutes(setting):
    _, person, meeting = setting
    at = START + timedelta(minutes=1)
    lefts = [check_in_by_phone(person, meeting, "0000", at).attempts_left for _ in range(4)]
    assert lefts == [4, 3, 2, 1]
    fifth = check_in_by_phone(person, meeting, "0000", at)
    assert fifth.outcome == CheckIn.LOCKED
    assert fifth.locked_minutes == 15
    # while locked, even the right PIN is refused and nothing is recorded
    assert check_in_by_phone(person, meeting, "4321", at + timedelta(minutes=14)).outcome == (
        CheckIn.LOCKED
    )
    assert count_attendance() == 0
    later = check_in_by_phone(person, meeting, "4321", at + timedelta(minutes=15))
    assert later.outcome == CheckIn.OK
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "pin.paused"))


def test_a_right_pin_resets_the_count(setting):
    _, person, meeting = setting
    for _ in range(4):
        check_in_by_phone(person, meeting, "0000", START)
    check_in_by_phone(person, meeting, "4321", START)
    assert check_in_by_phone(person, meeting, "0000", START).attempts_left == 4


def test_someone_from_another_group_cannot_check_in(setting):
    _, _, meeting = setting
    other = make_person(make_group("Elsewhere"), "Bo", phone="+447700900002", pin="1111")
    result = check_in_by_phone(other, meeting, "1111", START)
    assert result.outcome == CheckIn.NOT_MEMBER


def test_in_person_defaults_to_meeting_length_and_is_audited(setting):
    group, person, meeting = setting
    coordinator = make_coordinator(group)
    attendance = mark_in_person(meeting, person, coordinator)
    assert attendance.method == AttendanceMethod.IN_PERSON
    assert attendance.minutes == 120
    assert attendance.marked_by_user_id == coordinator.id
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "attendance.marked_in_person")
    )
    assert entry.actor == f"user:{coordinator.id}" and entry.detail["minutes"] == 120


def test_in_person_with_minutes_and_checks(setting):
    group, person, meeting = setting
    coordinator = make_coordinator(group)
    assert mark_in_person(meeting, person, coordinator, minutes=45).minutes == 45
    with pytest.raises(InputError):
        mark_in_person(meeting, person, coordinator, minutes=-1)
    outsider = make_coordinator(make_group("Elsewhere"), "other@example.org")
    with pytest.raises(InputError, match="coordinator"):
        mark_in_person(meeting, person, outsider)


def test_one_attendance_whatever_the_mix_of_methods(setting):
    group, person, meeting = setting
    db.session.add(
        ConferenceLeg(
            meeting_id=meeting.id,
            person_id=person.id,
            conference_sid="CF1",
            call_sid="CA1",
            joined_at=START,
            left_at=START + timedelta(minutes=30),
        )
    )
    from voice_app.attendance import note_attendance

    first = note_attendance(meeting, person, AttendanceMethod.PHONE_CONFERENCE, START)
    assert first.minutes == 30
    checked = check_in_by_phone(person, meeting, "4321", START + timedelta(minutes=40))
    assert checked.outcome == CheckIn.OK
    assert checked.attendance.id == first.id
    assert checked.attendance.method == AttendanceMethod.PHONE_CHECK_IN
    assert checked.attendance.minutes == 120
    assert checked.attendance.checked_in_at == START
    coordinator = make_coordinator(group)
    with pytest.raises(InputError, match="already took part by phone"):
        mark_in_person(meeting, person, coordinator, minutes=90)  # never silently
    marked = mark_in_person(meeting, person, coordinator, 90, replace_phone_evidence=True)
    assert marked.id == first.id and marked.minutes == 90
    assert marked.method == AttendanceMethod.IN_PERSON
    assert count_attendance() == 1


def test_workshops_count_like_meetings(app):
    group = make_group("Riverside")
    person = make_person(group, pin="4321")
    workshop = make_held_meeting(group, START, minutes=90, kind=MeetingKind.WORKSHOP)
    result = check_in_by_phone(person, workshop, "4321", START)
    assert result.outcome == CheckIn.OK and result.attendance.minutes == 90


def test_officers_attendance_is_recorded(app):
    group = make_group("Riverside")
    officer = make_person(group, "Mark Bennett", role=Role.OFFICER, pin="4321")
    meeting = make_held_meeting(group, START)
    assert check_in_by_phone(officer, meeting, "4321", START).outcome == CheckIn.OK
