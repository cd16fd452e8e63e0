"""Papers ready means pictures described: the papers-ready call waits for descriptions, or goes out
with the coordinator's recorded reason, which the resident hears."""

from datetime import timedelta

from tests.builders import make_meeting
from tests.outreach.conftest import run_worker
from tests.twiml import parse, spoken_text
from voice_app.extensions import db
from voice_app.models import AuditEntry, Paper
from voice_app.papers.pictures import describe, release, undescribed
from voice_app.papers.store import add_paper

PAPER = b"""# Bus stop plans

The new stop moves nearer the hall.

![](stop-plan.png)

Work starts in May.
"""


def meeting_with_picture_paper(group, clock) -> Paper:
    starts = clock.now() + timedelta(days=16)
    meeting = make_meeting(group, "Transport", starts_at=starts.replace(hour=13, minute=0))
    paper = add_paper(meeting, PAPER, "stops.md")
    db.session.commit()
    return paper


def answered_words(twilio, fake_twilio, call) -> str:
    return spoken_text(parse(twilio.post("/voice/outreach/papers-ready",
                                         fake_twilio.answered_params(call))))  # fmt: skip


def test_the_call_waits_until_the_picture_is_described(
    app, twilio, fake_twilio, clock, group, resident
):
    paper = meeting_with_picture_paper(group, clock)
    run_worker(app, tick=True)  # renders the words: the paper's audio is ready
    paper = db.session.get(Paper, paper.id)
    assert paper.status == "ready" and len(undescribed(paper)) == 1
    assert fake_twilio.calls == []  # a drawing nobody has described: not ready yet

    describe(undescribed(paper)[0], "Plan of the new bus stop, by the hall doors", "", "coord@x")
    db.session.commit()
    run_worker(app, tick=True)
    [call] = fake_twilio.calls
    assert "not described" not in answered_words(twilio, fake_twilio, call)


def test_a_released_paper_goes_out_with_the_reason_said(
    app, twilio, fake_twilio, clock, group, resident
):
    paper = meeting_with_picture_paper(group, clock)
    run_worker(app, tick=True)
    assert fake_twilio.calls == []
    paper = db.session.get(Paper, paper.id)
    release(paper, "The plan is being redrawn and will be described on Monday.", "coord@x")
    db.session.commit()
    run_worker(app, tick=True)
    [call] = fake_twilio.calls
    said = answered_words(twilio, fake_twilio, call)
    assert (
        "Bus stop plans has pictures that are not described yet: "
        "The plan is being redrawn and will be described on Monday." in said
    )
    entry = db.session.query(AuditEntry).filter_by(action="paper.released").one()
    assert entry.entity_id == paper.id
