"""Two workers ticking and sending at once never send anything twice (SQLite and PostgreSQL)."""

import threading
from datetime import timedelta

from sqlalchemy import select

from tests.builders import make_meeting, make_person
from tests.outreach.conftest import make_paper, messages
from voice_app.extensions import db
from voice_app.jobs.worker import Worker
from voice_app.models import Job
from voice_app.outreach.scheduler import OutreachScheduler

RESIDENTS = 6


def test_two_workers_at_once_send_each_message_once(app, fake_twilio, clock, group):
    people = [
        make_person(group, f"Resident {n}", phone=f"+4477009001{n:02d}") for n in range(RESIDENTS)
    ]
    texter = people[-1]
    texter.contact_preference = "sms"
    db.session.commit()
    meeting = make_meeting(group, "Budget", starts_at=clock.now() + timedelta(days=6))
    make_paper(meeting, "Accounts", ["Numbers."])
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def work() -> None:
        try:
            worker = Worker(app)
            worker.periodic.append(OutreachScheduler(min_interval=0))
            start.wait()
            for _ in range(3):
                worker.run(once=True)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    db.session.expire_all()
    # each phone resident: one reminder call and one papers-ready call; the texter two texts
    calls = sorted(call.to for call in fake_twilio.calls)
    assert calls == sorted([p.phone for p in people[:-1]] * 2)
    assert len(fake_twilio.messages) == 2
    assert len(messages()) == RESIDENTS * 2
    send_jobs = db.session.scalars(select(Job).where(Job.kind == "outreach_send")).all()
    assert len(send_jobs) == RESIDENTS * 2
