"""The worker's `calculate_payments` job: payments are recalculated once a meeting has ended."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from voice_app.extensions import db
from voice_app.jobs.queue import enqueue
from voice_app.jobs.registry import PermanentJobError, handler
from voice_app.models import Job, Meeting, utcnow
from voice_app.payments.calculate import calculate_for_meeting

KIND = "calculate_payments"
# Late conference callbacks arrive within seconds; wait a little past the end for them.
GRACE = timedelta(minutes=10)


def schedule_calculation(meeting: Meeting) -> Job:
    """Queue a recalculation for after the meeting; once it has ended, for after this minute.

    The dedupe key makes repeated callbacks and marks queue one job: before the end, one job per
    meeting; afterwards one per minute in which something changed, run once that minute is over.
    """
    now = utcnow()
    run_at = meeting.ends_at + GRACE
    key = f"{KIND}:meeting:{meeting.id}:after-end"
    if now >= run_at:
        minute = now.replace(second=0, microsecond=0)
        run_at = minute + timedelta(minutes=1, seconds=5)
        key = f"{KIND}:meeting:{meeting.id}:changed:{minute:%Y%m%dT%H%M}"
    return enqueue(KIND, {"meeting_id": meeting.id}, dedupe_key=key, delay=run_at - now)


@handler(KIND)
def calculate_payments(payload: dict[str, Any]) -> dict[str, Any]:
    meeting = db.session.get(Meeting, int(payload.get("meeting_id") or 0))
    if meeting is None:
        raise PermanentJobError(f"no meeting {payload.get('meeting_id')!r}")
    payments = calculate_for_meeting(meeting)
    db.session.commit()
    return {"meeting_id": meeting.id, "payments": len(payments)}
