"""Erasure leaves nothing behind: not in the database file or its write-ahead log, not in the
data folder, not in the audit log, and not at Twilio (deleted by SID once the rows are gone).
Through the real app: a text to the line, the recording pipeline's rows, the erase command and
the worker."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from tests.builders import make_group, make_person
from tests.fakes.twilio_media import twilio_media  # noqa: F401 (a fixture)
from tests.recordings.steps import run_jobs
from voice_app.cli import main
from voice_app.extensions import db
from voice_app.models import (
    AccessNeed,
    AuditEntry,
    Call,
    Comment,
    FeedbackStatus,
    Person,
    Recording,
    RecordingPurpose,
    RecordingStatus,
    ShoppingItem,
    ShoppingStatus,
    Transcript,
)

NAME = "Zephyrine Quillfeather"
PHONE = "+447700900987"
WORDS = "marmalade trombone"
SID = "RE" + "7" * 32


def resident_with_history(twilio, data_dir: Path, media) -> int:
    group = make_group("Riverside")
    person = make_person(group, NAME, phone=PHONE)
    person.access_needs = [AccessNeed(kind="hearing loop", detail="sits at the front")]
    db.session.commit()
    form = {"From": PHONE, "To": "+442070000000", "Body": f"ADD {WORDS}", "MessageSid": "SM1"}
    assert twilio.post("/sms/incoming", form).status_code == 200
    twilio.post("/sms/incoming", {**form, "Body": f"{WORDS} please", "MessageSid": "SM2"})
    taken_up = ShoppingItem(  # an idea the group took up, in the coordinator's words
        group_id=group.id,
        person_id=person.id,
        text="Fix the ramp at the library",
        original_text=f"{WORDS} ramp",
        status=ShoppingStatus.AGREED,
        source="sms",
    )
    db.session.add(taken_up)
    audio = data_dir / "audio" / "recordings" / f"erasure-{SID}.wav"
    audio.parent.mkdir(parents=True, exist_ok=True)
    audio.write_bytes(b"RIFF....WAVEfmt " + WORDS.encode())
    media.add(SID, audio.read_bytes())
    call = Call(call_sid="CA" + "7" * 32, person=person, from_number=PHONE, status="completed")
    recording = Recording(
        recording_sid=SID,
        person_id=person.id,
        group_id=group.id,
        purpose=RecordingPurpose.COMMENT,
        local_path=str(audio),
        status=RecordingStatus.STORED,
        twilio_url=f"{media.base_url}/{SID}",
    )
    recording.transcripts.append(Transcript(text=WORDS, engine="vosk", model="small"))
    db.session.add_all([call, recording])
    db.session.flush()
    db.session.add(
        Comment(
            group_id=group.id,
            person_id=person.id,
            recording_id=recording.id,
            text=WORDS,
            status=FeedbackStatus.TRANSCRIBED,
        )
    )
    db.session.commit()
    return person.id


def stored_bytes(database_url: str, data_dir: Path) -> dict[str, bytes]:
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    if database_url.startswith("sqlite:///"):
        db_file = Path(database_url.removeprefix("sqlite:///"))
        files += [p for p in db_file.parent.glob(db_file.name + "*") if p.is_file()]
    return {str(p): p.read_bytes() for p in files}


def traces(found: dict[str, bytes]) -> list[str]:
    needles = [NAME, NAME.split()[1], PHONE, PHONE[3:], "07700900987", WORDS, "marmalade"]
    hits = []
    for path, data in found.items():
        for needle in needles:
            for form in (needle.encode(), needle.encode("utf-16-le")):
                if form in data or form.lower() in data.lower():
                    hits.append(f"{needle!r} in {path}")
    return hits


def test_erasure_leaves_no_trace(app, twilio, twilio_media, data_dir, database_url):  # noqa: F811
    person_id = resident_with_history(twilio, data_dir, twilio_media)
    assert traces(stored_bytes(database_url, data_dir))  # the search does find them before
    member = db.session.get(Person, person_id).member_number
    db.session.commit()

    result = CliRunner().invoke(main, ["privacy", "erase", member, "--yes"])
    assert result.exit_code == 0, result.output
    run_jobs()  # the worker deletes Twilio's copy by SID: the row is already gone

    assert SID in twilio_media.deleted
    assert db.session.scalar(select(Recording).where(Recording.recording_sid == SID)) is None
    items = db.session.scalars(select(ShoppingItem)).all()
    assert items and all(i.original_text is None and i.person_id is None for i in items)
    entries = db.session.scalars(select(AuditEntry)).all()
    erased = [e for e in entries if e.action == "person.erased"]
    assert erased and erased[0].actor == "cli" and erased[0].at is not None
    shown = " ".join(f"{e.actor} {e.detail}" for e in entries)
    assert "hearing loop" not in shown and "+44" not in shown and "marmalade" not in shown
    db.session.commit()
    db.session.close()
    db.engine.dispose()  # let go of the file, as the web and worker processes would in time
    if not database_url.startswith("sqlite"):
        pytest.skip("the byte search reads SQLite's files; PostgreSQL's are the server's")
    assert traces(stored_bytes(database_url, data_dir)) == []
