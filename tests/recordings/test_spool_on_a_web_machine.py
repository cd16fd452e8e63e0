"""A web machine with no worker beside it replays the callbacks it kept while the database was
down: the next callback that gets through applies them first-come, so none waits for a worker
that cannot see this machine's disk."""

from sqlalchemy import select

from tests.recordings.steps import recording_params, status_callback
from voice_app.extensions import db
from voice_app.models import Recording
from voice_app.recordings import spool

KEPT, NEXT = "RE" + "a" * 32, "RE" + "b" * 32
MEDIA = "https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/"


def test_the_next_callback_replays_what_this_machine_kept(settings, caller, twilio):
    form = recording_params(caller, KEPT, MEDIA + KEPT, RecordingStatus="completed")
    spool.keep(form, {"purpose": "comment"})
    assert db.session.scalar(select(Recording)) is None

    assert status_callback(twilio, caller, NEXT, MEDIA + NEXT).status_code == 200
    db.session.expire_all()
    assert set(db.session.scalars(select(Recording.recording_sid))) == {KEPT, NEXT}
    assert not list(spool.spool_dir().glob("*.json"))
