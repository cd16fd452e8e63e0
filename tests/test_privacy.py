import io
import json
import zipfile
from datetime import timedelta

from click.testing import CliRunner
from sqlalchemy import func, select

from tests.builders import make_group, make_meeting, make_person
from voice_app.cli import main
from voice_app.extensions import db
from voice_app.models import (
    AuditEntry,
    Call,
    Comment,
    FeedbackStatus,
    Payment,
    PaymentPreference,
    Person,
    Recording,
    RecordingPurpose,
    RecordingStatus,
    Transcript,
    utcnow,
)
from voice_app.privacy import apply_audio_retention, erase_person, subject_access_bundle


def _comment_with_audio(person, group, data_dir, sid, days_old=0, reviewed=False):
    audio = data_dir / f"{sid}.wav"
    audio.write_bytes(b"RIFF....WAVEfmt fake audio for " + sid.encode())
    created = utcnow() - timedelta(days=days_old)
    call = Call(call_sid=f"CA{sid}", person=person, from_number=person.phone)
    recording = Recording(
        recording_sid=sid,
        person_id=person.id,
        group_id=group.id,
        purpose=RecordingPurpose.COMMENT,
        local_path=str(audio),
        status=RecordingStatus.STORED,
        created_at=created,
    )
    recording.transcripts.append(
        Transcript(
            text="the bus was late again", engine="vosk", model="vosk-model-small-en-us-0.15"
        )
    )
    db.session.add_all([call, recording])
    db.session.flush()
    db.session.add(
        Comment(
            group_id=group.id,
            person_id=person.id,
            recording_id=recording.id,
            text="the bus was late again",
            status=FeedbackStatus.TRANSCRIBED,
            reviewed_at=utcnow() if reviewed else None,
        )
    )
    db.session.commit()
    return recording, audio


def test_bundle_holds_data_and_audio(app, data_dir):
    group = make_group()
    person = make_person(group, "Amina Hassan")
    recording, _ = _comment_with_audio(person, group, data_dir, "RE1")
    bundle = zipfile.ZipFile(io.BytesIO(subject_access_bundle(person)))
    data = json.loads(bundle.read("data.json"))
    assert data["person"]["name"] == "Amina Hassan"
    assert "pin_hash" not in data["person"]
    assert data["transcripts"][0]["text"] == "the bus was late again"
    assert bundle.read(f"recordings/recording-{recording.id}.wav").startswith(b"RIFF")


def test_erasure_removes_voice_data_and_keeps_money_anonymised(app, data_dir):
    group = make_group()
    person = make_person(group, "Amina Hassan", phone="+447700900123")
    other = make_person(group, "Tom Price", phone="+447700900124")
    _, audio = _comment_with_audio(person, group, data_dir, "RE2")
    _, other_audio = _comment_with_audio(other, group, data_dir, "RE3")
    meeting = make_meeting(group)
    db.session.add(
        Payment(
            person_id=person.id,
            meeting_id=meeting.id,
            amount_pence=4000,
            preference=PaymentPreference.BANK_TRANSFER,
        )
    )
    db.session.commit()

    counts = erase_person(person, "user:1")
    db.session.commit()

    assert counts["recordings"] == 1 and counts["comments"] == 1 and counts["calls"] == 1
    assert not audio.exists() and other_audio.exists()
    person = db.session.get(Person, person.id)
    assert person.phone is None and person.name.startswith("Erased person")
    assert person.erased_at is not None
    assert db.session.scalar(select(func.count()).select_from(Transcript)) == 1  # Tom's
    payment = db.session.scalar(select(Payment))
    assert payment.amount_pence == 4000 and payment.person_id == person.id
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "person.erased"))
    assert entry.actor == "user:1" and entry.detail["recordings"] == 1


def test_retention_deletes_only_old_reviewed_audio(app, data_dir):
    group = make_group()
    person = make_person(group)
    old_reviewed, old_reviewed_audio = _comment_with_audio(
        person, group, data_dir, "RE4", days_old=100, reviewed=True
    )
    _, old_unreviewed_audio = _comment_with_audio(person, group, data_dir, "RE5", days_old=100)
    _, new_reviewed_audio = _comment_with_audio(
        person, group, data_dir, "RE6", days_old=5, reviewed=True
    )
    assert apply_audio_retention(days=90) == 1
    assert not old_reviewed_audio.exists()
    assert old_unreviewed_audio.exists() and new_reviewed_audio.exists()
    recording = db.session.get(Recording, old_reviewed.id)
    assert recording.status == RecordingStatus.ERASED
    assert recording.transcript.text == "the bus was late again"


def test_cli_erase_needs_confirmation_and_export_writes_zip(app, data_dir, tmp_path):
    group = make_group()
    person = make_person(group)
    runner = CliRunner()
    result = runner.invoke(main, ["privacy", "erase", person.member_number])
    assert result.exit_code == 2 and "--yes" in result.stderr
    out = tmp_path / "sar.zip"
    result = runner.invoke(main, ["privacy", "export", person.member_number, "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "data.json" in zipfile.ZipFile(out).namelist()
    result = runner.invoke(main, ["privacy", "erase", person.member_number, "--yes"])
    assert result.exit_code == 0, result.stderr
    db.session.expire_all()
    assert db.session.get(Person, person.id).erased_at is not None
    result = runner.invoke(main, ["privacy", "erase", person.member_number, "--yes"])
    assert result.exit_code == 2


def test_housekeeping_enqueues_one_retention_job_a_day_and_the_worker_runs_it(app, data_dir):
    from voice_app.housekeeping import Housekeeping
    from voice_app.jobs.worker import Worker
    from voice_app.models import Job, JobStatus

    group = make_group()
    person = make_person(group)
    _, audio = _comment_with_audio(person, group, data_dir, "RE7", days_old=120, reviewed=True)
    Housekeeping(min_interval=0)()
    Housekeeping(min_interval=0)()  # a second worker ticking the same day
    jobs = db.session.scalars(select(Job).where(Job.kind == "apply_retention")).all()
    assert len(jobs) == 1
    assert Worker(app, kinds=["apply_retention"]).run(once=True) == 1
    db.session.expire_all()
    assert db.session.get(Job, jobs[0].id).status == JobStatus.DONE
    assert not audio.exists()
