"""A meeting's register: everyone expected, one save, and phone evidence never replaced silently."""

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.builders import make_group, make_held_meeting, make_person
from voice_app.attendance import check_in_by_phone, find_attendance, mark_in_person
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import AttendanceMethod, AuditEntry, PaymentStatus, RegisterAbsence, Role
from voice_app.payments.calculate import calculate_for_meeting
from voice_app.payments.status import approve, mark_paid
from voice_app.people import add_access_need
from voice_app.privacy import subject_access_bundle
from voice_app.register import Change, Mark, conflicts, register, save
from voice_app.waiting_work import needing_attendance

START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def held(group, resident, coordinator):
    """Amina checked in by phone; Derek came but nothing is marked; an officer; a meeting."""
    meeting = make_held_meeting(group, START, minutes=120)
    derek = make_person(group, "Derek Lewis", phone="+447700900102")
    officer = make_person(group, "Mark Bennett", phone="+447700900201", role=Role.OFFICER)
    add_access_need(derek, "BSL interpreter", None, "test")
    assert check_in_by_phone(resident, meeting, "4321", START + timedelta(minutes=3)).ok
    db.session.commit()
    return meeting, resident, derek, officer


def test_the_register_lists_everyone_expected_with_what_is_known(held):
    meeting, amina, derek, officer = held
    lines = {line.person.name: line for line in register(meeting)}
    assert list(lines) == ["Amina Hassan", "Derek Lewis", "Mark Bennett"]
    assert lines["Amina Hassan"].mark == Mark.BY_PHONE
    assert lines["Amina Hassan"].has_phone_evidence
    assert lines["Derek Lewis"].mark is None
    assert lines["Derek Lewis"].access_needs == ["BSL interpreter"]
    assert lines["Amina Hassan"].not_paid_because is None
    assert lines["Mark Bennett"].not_paid_because == (
        "Not paid: officers are paid by their employer."
    )


def test_one_save_marks_everyone_and_saving_again_changes_nothing(held, coordinator):
    meeting, amina, derek, officer = held
    changes = [
        Change(amina.id, Mark.BY_PHONE),
        Change(derek.id, Mark.IN_PERSON, minutes=90),
        Change(officer.id, Mark.IN_PERSON),
    ]
    saved = save(meeting, changes, coordinator)
    assert [p.name for p in saved.changed] == ["Derek Lewis", "Mark Bennett"]
    assert find_attendance(meeting, derek).minutes == 90
    assert find_attendance(meeting, amina).method == AttendanceMethod.PHONE_CHECK_IN
    assert save(meeting, changes, coordinator).changed == []
    saved = save(meeting, [Change(officer.id, Mark.ABSENT)], coordinator)
    assert find_attendance(meeting, officer) is None and saved.changed == [officer]
    calculate_for_meeting(meeting)
    names = {line.person.name for line in register(meeting) if line.payment is not None}
    assert names == {"Amina Hassan", "Derek Lewis"}  # residents only


def test_phone_evidence_is_kept_unless_the_coordinator_chose_to_replace_it(held, coordinator):
    meeting, amina, derek, officer = held
    changes = [Change(amina.id, Mark.IN_PERSON), Change(derek.id, Mark.IN_PERSON)]
    assert [(line.person, c.mark) for line, c in conflicts(meeting, changes)] == [
        (amina, Mark.IN_PERSON)
    ]
    saved = save(meeting, changes, coordinator)
    assert saved.kept_phone_evidence == [amina] and saved.changed == [derek]
    assert find_attendance(meeting, amina).method == AttendanceMethod.PHONE_CHECK_IN
    saved = save(meeting, changes, coordinator, replace={amina.id})
    assert saved.changed == [amina]
    assert find_attendance(meeting, amina).method == AttendanceMethod.IN_PERSON
    replaced = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "attendance.phone_evidence_replaced")
    )
    assert replaced.detail["method"] == "phone check-in"
    assert replaced.detail["checked_in_at"].startswith("2026-03-02T10:03")


def test_a_paid_residents_evidence_and_payment_stay(held, coordinator):
    meeting, amina, derek, officer = held
    calculate_for_meeting(meeting)
    payment = register(meeting)[0].payment
    approve(payment, coordinator)
    mark_paid(payment, coordinator)
    paid_pence = payment.amount_pence
    with pytest.raises(InputError, match="already paid") as refused:
        save(meeting, [Change(amina.id, Mark.ABSENT)], coordinator, replace={amina.id})
    assert refused.value.field == f"mark-{amina.id}"
    save(meeting, [Change(amina.id, Mark.IN_PERSON, 30)], coordinator, replace={amina.id})
    calculate_for_meeting(meeting)
    assert (payment.status, payment.amount_pence) == (PaymentStatus.PAID, paid_pence)


def test_bad_marks_are_refused_with_the_field(held, coordinator):
    meeting, amina, derek, officer = held
    with pytest.raises(InputError) as refused:
        save(meeting, [Change(derek.id, Mark.IN_PERSON, minutes=0)], coordinator)
    assert refused.value.field == f"minutes-{derek.id}"
    stranger = make_person(make_group("Hillside"), "Stranger", phone="+447700900777")
    with pytest.raises(InputError, match="not expected"):
        save(meeting, [Change(stranger.id, Mark.IN_PERSON)], coordinator)


def test_a_coordinator_can_say_someone_took_part_by_phone(held, coordinator):
    meeting, amina, derek, officer = held
    mark_in_person(meeting, derek, coordinator)
    save(meeting, [Change(derek.id, Mark.BY_PHONE, minutes=45)], coordinator)
    attendance = find_attendance(meeting, derek)
    assert (attendance.method, attendance.minutes) == (AttendanceMethod.PHONE_CHECK_IN, 45)
    assert attendance.marked_by_user_id == coordinator.id


def test_an_absent_mark_is_kept_and_the_meeting_no_longer_waits_for_a_register(
    group, held, coordinator
):
    meeting, amina, derek, officer = held
    db.session.delete(find_attendance(meeting, amina))  # nobody checked in this time
    db.session.commit()
    assert meeting in db.session.scalars(needing_attendance([group.id], START + timedelta(days=1)))
    everyone_absent = [Change(p.id, Mark.ABSENT) for p in (amina, derek, officer)]
    saved = save(meeting, everyone_absent, coordinator)
    db.session.commit()
    assert len(saved.changed) == 3
    assert {line.mark for line in register(meeting)} == {Mark.ABSENT}
    assert save(meeting, everyone_absent, coordinator).changed == []  # saved twice: no change
    waiting = db.session.scalars(needing_attendance([group.id], START + timedelta(days=1)))
    assert meeting not in list(waiting), "a register taken, even with everyone absent"
    bundle = zipfile.ZipFile(io.BytesIO(subject_access_bundle(derek)))
    data = json.loads(bundle.read("data.json"))
    assert [a["meeting_id"] for a in data["marked_absent"]] == [meeting.id]


def test_evidence_of_taking_part_replaces_an_absent_mark(held, coordinator):
    meeting, amina, derek, officer = held
    save(meeting, [Change(derek.id, Mark.ABSENT), Change(officer.id, Mark.ABSENT)], coordinator)
    db.session.commit()
    assert check_in_by_phone(derek, meeting, "1234", START + timedelta(minutes=20)).ok
    save(meeting, [Change(officer.id, Mark.IN_PERSON, minutes=60)], coordinator)
    db.session.commit()
    lines = {line.person.name: line for line in register(meeting)}
    assert lines["Derek Lewis"].mark == Mark.BY_PHONE
    assert lines["Mark Bennett"].mark == Mark.IN_PERSON
    assert db.session.scalars(select(RegisterAbsence)).all() == []
