from datetime import timedelta

from sqlalchemy import select

from tests.builders import make_group, make_held_meeting, make_person
from voice_app.attendance import check_in_by_phone, note_attendance
from voice_app.extensions import db
from voice_app.jobs.worker import Worker
from voice_app.models import AttendanceMethod, Job, JobStatus, Payment, utcnow


def test_attendance_queues_one_calculation_for_after_the_meeting(app):
    group = make_group("Riverside")
    meeting = make_held_meeting(group, utcnow() - timedelta(minutes=10), minutes=60)
    for number, phone in enumerate(("+447700900001", "+447700900002")):
        person = make_person(group, f"Resident {number}", phone=phone)
        assert check_in_by_phone(person, meeting, "1234").ok
    db.session.commit()
    jobs = db.session.scalars(select(Job).where(Job.kind == "calculate_payments")).all()
    assert len(jobs) == 1
    assert jobs[0].dedupe_key == f"calculate_payments:meeting:{meeting.id}:after-end"
    assert jobs[0].run_after >= meeting.ends_at
    assert Worker(app).run(once=True) == 0  # not yet: the meeting is still on


def test_the_worker_calculates_payments_once_the_meeting_has_ended(app):
    group = make_group("Riverside")
    meeting = make_held_meeting(group, utcnow() - timedelta(hours=3), minutes=60)
    person = make_person(group)
    note_attendance(meeting, person, AttendanceMethod.PHONE_CHECK_IN, meeting.starts_at)
    db.session.commit()
    job = db.session.scalar(select(Job).where(Job.kind == "calculate_payments"))
    assert ":changed:" in job.dedupe_key  # after the end: one job per minute of changes
    job.run_after = utcnow()  # no waiting for the minute to pass in a test
    db.session.commit()
    assert Worker(app).run(once=True) == 1
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    assert job.status == JobStatus.DONE, job.last_error
    assert job.result == {"meeting_id": meeting.id, "payments": 1}
    assert db.session.scalar(select(Payment)).amount_pence == 2000
