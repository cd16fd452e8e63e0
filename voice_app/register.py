"""A meeting's register: everyone expected (the group's members), with their role, access
needs and the attendance already recorded, marked present in person, by phone, or absent in
one save. An absent mark is kept too, so a register taken shows as taken.

Phone evidence (a check-in with the resident's PIN, or minutes in the phone conference) is
never replaced silently: a mark that would replace it is a conflict, and the phone evidence is
kept unless the coordinator chose to replace it (the replaced evidence goes to the audit log).
Only residents are paid; officers and coordinators are shown as not paid, with the reason.
Functions here change the session and flush; the caller commits.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from voice_app.attendance import (
    MAX_MINUTES,
    PHONE_EVIDENCE,
    audit_attendance,
    find_attendance,
    mark_in_person,
    note_attendance,
    refresh_minutes,
)
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import (
    Attendance,
    AttendanceMethod,
    Meeting,
    Payment,
    PaymentStatus,
    Person,
    RegisterAbsence,
    Role,
    User,
    utcnow,
)
from voice_app.payments.tasks import schedule_calculation
from voice_app.permissions import require_coordinator


class Mark(enum.StrEnum):
    IN_PERSON = "in person"
    BY_PHONE = "by phone"
    ABSENT = "absent"


FIXED_PAYMENTS = (PaymentStatus.APPROVED, PaymentStatus.PAID)
NOT_PAID = {
    Role.OFFICER: "Not paid: officers are paid by their employer.",
    Role.COORDINATOR: "Not paid: coordinators are paid by their employer.",
    None: "Not paid: no longer a resident member of the group.",
}


@dataclass(frozen=True)
class Line:
    """One person on the register, with what is already recorded for them."""

    person: Person
    role: Role | None  # None: attended, but not an active member now
    access_needs: list[str]
    attendance: Attendance | None
    payment: Payment | None
    absence: RegisterAbsence | None = None

    @property
    def mark(self) -> Mark | None:
        """What the register shows as chosen: from the evidence (which outranks an absent mark:
        a phone check-in after it, say), an absent mark, or nothing yet."""
        if self.attendance is None:
            return Mark.ABSENT if self.absence is not None else None
        if self.attendance.method in PHONE_EVIDENCE:
            return Mark.BY_PHONE
        return Mark.IN_PERSON

    @property
    def has_phone_evidence(self) -> bool:
        return self.attendance is not None and self.attendance.method in PHONE_EVIDENCE

    @property
    def not_paid_because(self) -> str | None:
        return None if self.role == Role.RESIDENT else NOT_PAID.get(self.role, NOT_PAID[None])


@dataclass(frozen=True)
class Change:
    """A mark chosen on the register; minutes only for an in-person or phone mark."""

    person_id: int
    mark: Mark
    minutes: int | None = None


@dataclass
class Saved:
    changed: list[Person] = field(default_factory=list)
    kept_phone_evidence: list[Person] = field(default_factory=list)


def register(meeting: Meeting) -> list[Line]:
    """Everyone expected at the meeting, by name: the group's active members, and anyone else
    whose attendance is already recorded."""
    roles = {
        m.person_id: m.role
        for m in meeting.group.memberships
        if m.active and m.person.erased_at is None
    }
    attendance = {
        a.person_id: a
        for a in db.session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))
    }
    payments = {
        p.person_id: p
        for p in db.session.scalars(select(Payment).where(Payment.meeting_id == meeting.id))
    }
    absences = {
        a.person_id: a
        for a in db.session.scalars(
            select(RegisterAbsence).where(RegisterAbsence.meeting_id == meeting.id)
        )
    }
    people = [db.session.get(Person, pid) for pid in roles.keys() | attendance.keys()]
    return [
        Line(
            person=person,
            role=roles.get(person.id),
            access_needs=[need.kind for need in person.access_needs],
            attendance=attendance.get(person.id),
            payment=payments.get(person.id),
            absence=absences.get(person.id),
        )
        for person in sorted(people, key=lambda p: (p.name.casefold(), p.id))
    ]


def is_conflict(line: Line, mark: Mark) -> bool:
    """Whether this mark would replace phone evidence."""
    return line.has_phone_evidence and mark != Mark.BY_PHONE


def conflicts(meeting: Meeting, changes: Iterable[Change]) -> list[tuple[Line, Change]]:
    """The marks that would replace phone evidence: the coordinator is asked about each."""
    lines = {line.person.id: line for line in register(meeting)}
    return [
        (lines[c.person_id], c)
        for c in changes
        if c.person_id in lines and is_conflict(lines[c.person_id], c.mark)
    ]


def save(
    meeting: Meeting, changes: Iterable[Change], user: User, replace: Collection[int] = ()
) -> Saved:
    """Apply the register's marks; phone evidence stays unless its person is in `replace`.
    Marks that change nothing are no-ops, so saving the same register twice is harmless."""
    require_coordinator(user, meeting.group_id)
    lines = {line.person.id: line for line in register(meeting)}
    saved = Saved()
    for change in changes:
        line = lines.get(change.person_id)
        if line is None:
            raise InputError("That person is not expected at this meeting.", "register")
        _check(line, change)
        if is_conflict(line, change.mark) and change.person_id not in replace:
            saved.kept_phone_evidence.append(line.person)
        elif _apply(meeting, line, change, user):
            saved.changed.append(line.person)
    db.session.flush()
    return saved


def _check(line: Line, change: Change) -> None:
    if change.minutes is not None and not 1 <= change.minutes <= MAX_MINUTES:
        raise InputError(
            f"Minutes for {line.person.name} must be between 1 and {MAX_MINUTES}.",
            f"minutes-{line.person.id}",
        )
    if (
        change.mark == Mark.ABSENT
        and line.attendance is not None
        and line.payment is not None
        and line.payment.status in FIXED_PAYMENTS
    ):
        raise InputError(
            f"{line.person.name}'s payment for this meeting is already {line.payment.status}, "
            "so they cannot be marked absent. Leave their mark as it was.",
            f"mark-{line.person.id}",
        )


def _apply(meeting: Meeting, line: Line, change: Change, user: User) -> bool:
    """Make one mark; False when it changes nothing."""
    attendance = line.attendance
    if change.mark == Mark.ABSENT:
        if line.absence is None:
            db.session.add(
                RegisterAbsence(
                    meeting_id=meeting.id, person_id=line.person.id, marked_by_user_id=user.id
                )
            )
        if attendance is None:
            return line.absence is None
        _audit(user, "attendance.marked_absent", meeting, attendance)
        db.session.delete(attendance)
        db.session.flush()
        schedule_calculation(meeting)
        return True
    if line.mark == change.mark and (
        change.minutes is None or change.minutes == attendance.minutes
    ):
        return False
    if change.mark == Mark.IN_PERSON:
        if line.has_phone_evidence:
            _audit(user, "attendance.phone_evidence_replaced", meeting, attendance)
        mark_in_person(meeting, line.person, user, change.minutes, replace_phone_evidence=True)
        return True
    return _mark_by_phone(meeting, line.person, user, change.minutes)


def _mark_by_phone(meeting: Meeting, person: Person, user: User, minutes: int | None) -> bool:
    """A coordinator's word that someone took part by phone (their check-in failed, say)."""
    attendance = find_attendance(meeting, person)
    if attendance is None:
        attendance = note_attendance(meeting, person, AttendanceMethod.PHONE_CHECK_IN, utcnow())
    elif attendance.method == AttendanceMethod.IN_PERSON:
        attendance.method = AttendanceMethod.PHONE_CHECK_IN
        attendance.marked_by_user_id = None
        refresh_minutes(attendance, meeting)
    attendance.marked_by_user_id = user.id
    if minutes is not None:
        attendance.minutes = minutes
    db.session.flush()
    schedule_calculation(meeting)
    _audit(user, "attendance.marked_by_phone", meeting, attendance)
    return True


def _audit(user: User, action: str, meeting: Meeting, attendance: Attendance) -> None:
    """The evidence as it was, so a replaced or removed record can still be seen."""
    audit_attendance(
        user,
        action,
        attendance,
        meeting,
        method=str(attendance.method),
        checked_in_at=attendance.checked_in_at.isoformat(),
    )
