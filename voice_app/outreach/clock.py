"""The time outreach decisions are made at: one place, so tests can set the hour of the day."""

from __future__ import annotations

from datetime import datetime

from voice_app.models import utcnow


def now() -> datetime:
    """Now, in UTC. Quiet hours, the daily cap and the scheduler all ask here."""
    return utcnow()
