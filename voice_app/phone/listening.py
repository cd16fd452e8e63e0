"""The listening clock: how long a caller heard each section, counted as paid preparation time.

Serving a section starts the clock (a small marker in Call.state). The next request of the same
call stops it: a key, the section running out, or the status callback when they hang up. The
seconds between are capped at the section's length. The marker is taken out as it is counted, and
webhooks replay retried requests, so a retry never counts twice.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Response, current_app, request

from voice_app.calls import find_call, safe_call_sid
from voice_app.extensions import db
from voice_app.models import Call, Paper, utcnow
from voice_app.papers.progress import record_listening
from voice_app.phone import bp
from voice_app.phone.status import ENDED_STATUSES

MARKER = "listening"


def start_clock(call: Call, paper: Paper, section_position: int, seconds: float) -> None:
    marker = {
        "paper": paper.id,
        "section": section_position,
        "at": utcnow().timestamp(),
        "seconds": round(seconds, 1),
    }
    call.state = {**(call.state or {}), MARKER: marker}


def stop_clock(call: Call, now: datetime | None = None) -> int:
    """Count the section being heard (if any) and clear the marker; the seconds counted."""
    state = dict(call.state or {})
    marker = state.pop(MARKER, None)
    if marker is None:
        return 0
    call.state = state
    paper = db.session.get(Paper, int(marker.get("paper", 0)))
    if paper is None or call.person_id is None:
        return 0  # guests are not paid, and a deleted paper has nobody to pay for
    now = now or utcnow()
    elapsed = now.timestamp() - float(marker.get("at", now.timestamp()))
    seconds = round(max(0.0, min(elapsed, float(marker.get("seconds", 0)))))
    record_listening(call.call_sid, call.person_id, paper, int(marker["section"]), seconds)
    return seconds


@bp.after_request
def count_until_hang_up(response: Response) -> Response:
    """After a signed, accepted status callback that ends a call, count the last section heard."""
    if request.endpoint != "phone.status" or response.status_code != 200:
        return response
    try:
        call = find_call(safe_call_sid(request.form.get("CallSid")))
        if call is not None and call.status in ENDED_STATUSES and MARKER in (call.state or {}):
            stop_clock(call, call.ended_at or datetime.now(UTC))
            db.session.commit()
    except Exception:  # noqa: BLE001 - the callback's answer must not change
        db.session.rollback()
        current_app.logger.exception("could not count listening time at hang-up")
    return response
