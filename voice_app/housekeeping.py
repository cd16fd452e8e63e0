"""Daily housekeeping the worker schedules itself: audio retention, each group's retention of
transcripts, call records, texts and the audit log (voice_app/retention.py), and the spoken
audio of words no paper says any more (a picture described again, a new pronunciation).

The tick only enqueues, keyed by the date, so many workers ticking at once make one job a day.
"""

from __future__ import annotations

from typing import Any

from voice_app.extensions import db
from voice_app.jobs.periodic import Periodic
from voice_app.jobs.queue import enqueue
from voice_app.jobs.registry import handler
from voice_app.models import utcnow
from voice_app.papers.rendering import forget_unsaid_renditions
from voice_app.privacy import DEFAULT_AUDIO_RETENTION_DAYS, apply_audio_retention
from voice_app.retention import AUDIO_MIN_DAYS, apply_record_retention, parse_days


class Housekeeping(Periodic):
    """Worker.periodic: enqueue today's retention job (checked hourly, one job a day)."""

    min_interval = 3600.0

    def run(self) -> None:
        enqueue(
            "apply_retention",
            {"days": DEFAULT_AUDIO_RETENTION_DAYS},
            dedupe_key=f"retention:{utcnow():%Y-%m-%d}",
            priority=200,
        )
        db.session.commit()


@handler("apply_retention")
def apply_retention(payload: dict[str, Any]) -> dict[str, Any]:
    days = parse_days(payload.get("days", DEFAULT_AUDIO_RETENTION_DAYS), minimum=AUDIO_MIN_DAYS)
    return {
        "expired": apply_audio_retention(days=days),
        **apply_record_retention(),
        "renditions_forgotten": forget_unsaid_renditions(),
    }
