"""Fixtures for outreach: the fake Twilio server, a settable clock, and steps of a worker's life."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from tests.builders import make_group, make_person
from tests.fakes.twilio_server import FakeTwilio, fake_twilio  # noqa: F401  (a fixture)
from voice_app.extensions import db
from voice_app.jobs.worker import Worker
from voice_app.models import (
    Job,
    JobStatus,
    Meeting,
    OutboundMessage,
    Paper,
    PaperSection,
    PaperStatus,
    utcnow,
)
from voice_app.outreach import clock as outreach_clock
from voice_app.outreach.scheduler import OutreachScheduler

GROUP_NUMBER = "+442070000000"
LONDON = ZoneInfo("Europe/London")


class Clock:
    """The time outreach sees; advancing it also brings delayed jobs forward by as much."""

    def __init__(self, at: datetime):
        self.at = at

    def now(self) -> datetime:
        return self.at

    def set_local(self, clock_time: time, days: int = 0) -> None:
        local = self.at.astimezone(LONDON).date() + timedelta(days=days)
        self.at = datetime.combine(local, clock_time, tzinfo=LONDON).astimezone(UTC)

    def advance_to_local(self, clock_time: time, days: int = 0) -> None:
        before = self.at
        self.set_local(clock_time, days)
        target, self.at = self.at, before
        self.advance(target - before)

    def advance(self, delta: timedelta) -> None:
        self.at += delta
        for job in db.session.scalars(select(Job).where(Job.status == JobStatus.QUEUED)):
            job.run_after -= delta
        db.session.commit()


@pytest.fixture
def clock(app, monkeypatch) -> Clock:
    """Outreach time fixed at 11am London time today (a time anyone may be rung)."""
    fixed = Clock(utcnow())
    fixed.set_local(time(11, 0))
    monkeypatch.setattr(outreach_clock, "now", fixed.now)
    return fixed


@pytest.fixture
def group(app):
    return make_group("Riverside", phone_number=GROUP_NUMBER)


@pytest.fixture
def resident(group):
    return make_person(group, "Amina Hassan", phone="+447700900001")


def run_worker(app, tick: bool = False) -> int:
    """One worker draining what is runnable now (with the outreach tick first, if asked)."""
    worker = Worker(app)
    if tick:
        worker.periodic.append(OutreachScheduler(min_interval=0))
    ran = worker.run(once=True)
    db.session.expire_all()
    return ran


def make_paper(meeting: Meeting, title: str, sections: list[str], ready: bool = True) -> Paper:
    paper = Paper(
        meeting=meeting,
        position=len(meeting.papers) + 1,
        title=title,
        status=PaperStatus.READY if ready else PaperStatus.PROCESSING,
    )
    for n, text in enumerate(sections, 1):
        paper.sections.append(
            PaperSection(position=n, heading=f"Part {n}", text=text, spoken_text=text)
        )
    db.session.add(paper)
    db.session.commit()
    return paper


def messages(**where) -> list[OutboundMessage]:
    query = select(OutboundMessage).order_by(OutboundMessage.id)
    for key, value in where.items():
        query = query.where(getattr(OutboundMessage, key) == value)
    return list(db.session.scalars(query))


def end_call(twilio, fake: FakeTwilio, call) -> None:
    """Twilio's status callback at the end of a call, as the fake was told it would end."""
    response = twilio.post("/voice/outreach/status", fake.status_callback_params(call))
    assert response.status_code == 200
    db.session.expire_all()
