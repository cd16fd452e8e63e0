"""Steps the recording tests share: Twilio's messages about a recording, and running the queue."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import update

from voice_app.extensions import db
from voice_app.jobs.worker import Worker
from voice_app.models import Job, JobStatus, utcnow


def recording_params(call, sid: str, url: str, duration: str = "2", **extra: str) -> dict:
    """The form Twilio posts to the <Record> action and to the recording status callback."""
    return {
        "AccountSid": "AC" + "0" * 32,
        "CallSid": call.call_sid,
        "RecordingSid": sid,
        "RecordingUrl": url,
        "RecordingDuration": duration,
        **extra,
    }


def status_callback(twilio, call, sid: str, url: str, purpose: str = "comment", **extra: str):
    params = recording_params(call, sid, url, RecordingStatus="completed", **extra)
    return twilio.post(f"/voice/recording?purpose={purpose}", params)


def record_action(twilio, call, sid: str, url: str, purpose: str = "comment", **extra: str):
    params = recording_params(call, sid, url, Digits="#", **extra)
    return twilio.post(f"/voice/recording/done?purpose={purpose}", params)


def run_jobs(limit: int = 100) -> int:
    """Run queued jobs until none is left, making retries due at once (backoff: tests/jobs)."""
    worker = Worker(current_app._get_current_object())
    ran = 0
    for _ in range(limit):
        db.session.execute(
            update(Job).where(Job.status == JobStatus.QUEUED).values(run_after=utcnow())
        )
        db.session.commit()
        if not worker.run_one():
            break
        ran += 1
    db.session.expire_all()
    return ran


def end_call(call) -> None:
    """What the call status callback records when the caller hangs up."""
    call.status = "completed"
    call.ended_at = utcnow()
    db.session.commit()
