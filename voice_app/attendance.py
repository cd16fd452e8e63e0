"""Attendance: phone check-in with a PIN, the phone conference, and a coordinator's mark.

One person has one Attendance row per meeting, however they came. Its method is the strongest
evidence seen (a coordinator's mark, then a phone check-in, then the conference alone), and its
minutes are the meeting's length for a check-in or an in-person mark, or the real minutes in the
phone conference (the union of every join, so overlapping or repeated joins never count twice,
and a short step out to the meeting menu between two joins still counts),
whichever is longer. A coordinator who gives minutes has the last word on them.

Functions here change the session and flush; the caller commits.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, delete, select

from voice_app import audit
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import (
    Attendance,
    AttendanceMethod,
    ConferenceLeg,
    Group,
    Meeting,
    Person,
    RegisterAbsence,
    User,
    utcnow,
)
from voice_app.payments.tasks import schedule_calculation
from voice_app.permissions import require_coordinator
from voice_app.pins import PinOutcome, check_pin

CHECK_IN_OPENS_BEFORE = timedelta(minutes=30)
# Conference minutes count from the check-in window's opening until this long after the end,
# so a line left open by mistake cannot run up hours.
CONFERENCE_OVERRUN = timedelta(hours=1)
MAX_MINUTES = 24 * 60
# A gap this short between two conference legs is a step out to the meeting menu (or a dropped
# line rung back): the person was still in the meeting, so the gap counts.
STEP_OUT_GRACE = timedelta(minutes=5)

METHOD_STRENGTH = {
    AttendanceMethod.PHONE_CONFERENCE: 1,
    AttendanceMethod.PHONE_CHECK_IN: 2,
    AttendanceMethod.IN_PERSON: 3,
}


class CheckIn(enum.StrEnum):
    OK = "ok"
    ALREADY = "already"
    TOO_EARLY = "too early"
    ENDED = "ended"
    CANCELLED = "cancelled"
    WRONG_PIN = "wrong pin"
    LOCKED = "locked"
    HELD = "held"
    NOT_MEMBER = "not a member"


@dataclass(frozen=True)
class CheckInResult:
    """What happened, for the phone menu to say (prompt_id names the words in prompts/)."""

    outcome: CheckIn
    attendance: Attendance | None = None
    attempts_left: int | None = None
    opens_at: datetime | None = None
    locked_minutes: int = 0

    @property
    def ok(self) -> bool:
        return self.outcome in (CheckIn.OK, CheckIn.ALREADY)

    @property
    def prompt_id(self) -> str:
        return f"check_in_{self.outcome.name.lower()}"


def check_in_window(meeting: Meeting) -> tuple[datetime, datetime]:
    return meeting.starts_at - CHECK_IN_OPENS_BEFORE, meeting.ends_at


def meeting_minutes(meeting: Meeting) -> int:
    return int((meeting.ends_at - meeting.starts_at).total_seconds()) // 60


def is_member(person: Person, meeting: Meeting) -> bool:
    return any(m.group_id == meeting.group_id and m.active for m in person.memberships)


def check_in_by_phone(
    person: Person,
    meeting: Meeting,
    pin: str,
    at: datetime | None = None,
    calling_number: str | None = None,
) -> CheckInResult:
    """A resident on the phone says they are at the meeting, confirmed with their PIN (the PIN
    policy in voice_app/pins.py: from their own number, strangers' guesses never stop them)."""
    at = at or utcnow()
    if not is_member(person, meeting):
        return CheckInResult(CheckIn.NOT_MEMBER)
    checked = check_pin(person, person.member_number, pin, calling_number, at)
    if checked.outcome == PinOutcome.HELD:
        return CheckInResult(CheckIn.HELD)
    if checked.outcome == PinOutcome.PAUSED:
        return CheckInResult(CheckIn.LOCKED, locked_minutes=checked.minutes)
    if not checked.ok:
        return CheckInResult(CheckIn.WRONG_PIN, attempts_left=checked.tries_left)
    opens_at, closes_at = check_in_window(meeting)
    if meeting.cancelled_at is not None:
        return CheckInResult(CheckIn.CANCELLED)
    if at < opens_at:
        return CheckInResult(CheckIn.TOO_EARLY, opens_at=opens_at)
    if at > closes_at:
        return CheckInResult(CheckIn.ENDED)
    attendance = find_attendance(meeting, person)
    if attendance is not None and attendance.method != AttendanceMethod.PHONE_CONFERENCE:
        return CheckInResult(CheckIn.ALREADY, attendance=attendance)
    attendance = note_attendance(meeting, person, AttendanceMethod.PHONE_CHECK_IN, at)
    audit_attendance(f"person:{person.id}", "attendance.checked_in", attendance, meeting)
    return CheckInResult(CheckIn.OK, attendance=attendance)


PHONE_EVIDENCE = (AttendanceMethod.PHONE_CHECK_IN, AttendanceMethod.PHONE_CONFERENCE)


def mark_in_person(
    meeting: Meeting,
    person: Person,
    user: User,
    minutes: int | None = None,
    replace_phone_evidence: bool = False,
) -> Attendance:
    """A coordinator marks someone present in the room; minutes default to the meeting's.
    Phone evidence (a check-in or phone join) is never replaced silently: only when the
    coordinator was asked and chose to (the meeting's register asks)."""
    require_coordinator(user, meeting.group_id)
    if not is_member(person, meeting):
        raise InputError(f"{person.name} is not in this meeting's group.", "person")
    if minutes is not None and not 0 <= minutes <= MAX_MINUTES:
        raise InputError(f"Minutes must be between 0 and {MAX_MINUTES}.", "minutes")
    found = find_attendance(meeting, person)
    if found is not None and found.method in PHONE_EVIDENCE and not replace_phone_evidence:
        raise InputError(
            f"{person.name} already took part by phone ({found.method}), which counts. "
            "To replace that with an in-person mark, use the meeting's register.",
            "person",
        )
    attendance = note_attendance(meeting, person, AttendanceMethod.IN_PERSON, utcnow())
    attendance.marked_by_user_id = user.id
    if minutes is not None:
        attendance.minutes = minutes
    db.session.flush()
    audit_attendance(user, "attendance.marked_in_person", attendance, meeting)
    return attendance


def audit_attendance(
    actor: audit.Actor, action: str, attendance: Attendance, meeting: Meeting, **detail: object
) -> None:
    audit.record(
        actor,
        action,
        entity="attendance",
        entity_id=attendance.id,
        group_id=meeting.group_id,
        meeting_id=meeting.id,
        person_id=attendance.person_id,
        minutes=attendance.minutes,
        **detail,
    )


def find_attendance(meeting: Meeting, person: Person | int) -> Attendance | None:
    person_id = person if isinstance(person, int) else person.id
    return db.session.scalar(
        select(Attendance).where(
            Attendance.meeting_id == meeting.id, Attendance.person_id == person_id
        )
    )


def note_attendance(
    meeting: Meeting, person: Person | int, method: AttendanceMethod, at: datetime
) -> Attendance:
    """The person's one attendance row, made or upgraded to this method, minutes refreshed.
    Evidence that they took part replaces a register's absent mark."""
    person_id = person if isinstance(person, int) else person.id
    attendance = find_attendance(meeting, person_id)
    if attendance is None:
        attendance = Attendance(
            meeting_id=meeting.id, person_id=person_id, method=method, checked_in_at=at, minutes=0
        )
        db.session.add(attendance)
        db.session.execute(
            delete(RegisterAbsence).where(
                RegisterAbsence.meeting_id == meeting.id, RegisterAbsence.person_id == person_id
            )
        )
    elif METHOD_STRENGTH[method] > METHOD_STRENGTH[attendance.method]:
        attendance.method = method
    attendance.checked_in_at = min(attendance.checked_in_at, at)
    refresh_minutes(attendance, meeting)
    db.session.flush()
    schedule_calculation(meeting)
    return attendance


def refresh_minutes(attendance: Attendance, meeting: Meeting) -> None:
    """Recount minutes from the evidence; a coordinator's mark is left as they set it."""
    if attendance.marked_by_user_id is not None:
        return
    heard = conference_minutes(meeting, attendance.person_id)
    if attendance.method == AttendanceMethod.PHONE_CONFERENCE:
        attendance.minutes = heard
    else:
        attendance.minutes = max(meeting_minutes(meeting), heard)


def conference_minutes(meeting: Meeting, person_id: int) -> int:
    """Minutes in the phone conference: the union of every leg, short gaps between legs
    included (STEP_OUT_GRACE), to the nearest minute."""
    legs = db.session.scalars(
        select(ConferenceLeg).where(
            ConferenceLeg.meeting_id == meeting.id, ConferenceLeg.person_id == person_id
        )
    ).all()
    earliest = meeting.starts_at - CHECK_IN_OPENS_BEFORE
    latest = meeting.ends_at + CONFERENCE_OVERRUN
    spans = sorted(
        (max(leg.joined_at, earliest), min(leg.left_at or meeting.ends_at, latest)) for leg in legs
    )
    total = timedelta(0)
    current_start: datetime | None = None
    current_end: datetime | None = None
    for start, end in spans:
        if end <= start:
            continue
        if current_end is None or start > current_end + STEP_OUT_GRACE:
            if current_end is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total += current_end - current_start
    return (int(total.total_seconds()) + 30) // 60


def _meetings(group: Group) -> Select:
    return select(Meeting).where(Meeting.group_id == group.id, Meeting.cancelled_at.is_(None))


def meeting_now(
    group: Group, at: datetime | None = None, *, by_phone: bool = False
) -> Meeting | None:
    """The group's meeting happening now (check-in open until its end), earliest first."""
    at = at or utcnow()
    query = _meetings(group).where(
        Meeting.starts_at <= at + CHECK_IN_OPENS_BEFORE, Meeting.ends_at >= at
    )
    if by_phone:
        query = query.where(Meeting.phone_conference.is_(True))
    return db.session.scalar(query.order_by(Meeting.starts_at).limit(1))


def meeting_to_check_in(group: Group, at: datetime | None = None) -> Meeting | None:
    """The meeting happening now; else the next one later today (the caller hears when
    check-in opens)."""
    at = at or utcnow()
    now = meeting_now(group, at)
    if now is not None:
        return now
    local = at.astimezone(ZoneInfo(group.timezone))
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    later = _meetings(group).where(Meeting.starts_at > at, Meeting.starts_at < midnight)
    return db.session.scalar(later.order_by(Meeting.starts_at).limit(1))
