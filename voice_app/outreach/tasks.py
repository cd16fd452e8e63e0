"""Outreach job kinds, run by `voice-app worker`."""

from __future__ import annotations

from typing import Any

from voice_app.jobs import PermanentJobError, handler
from voice_app.outreach import clock
from voice_app.outreach.messages import SEND_JOB
from voice_app.outreach.sending import send_message


@handler(SEND_JOB)
def outreach_send(payload: dict[str, Any]) -> dict[str, Any]:
    """Place one call or send one text (or wait, or give up), and say which."""
    message_id = payload.get("message_id")
    if not isinstance(message_id, int):
        raise PermanentJobError(f"outreach_send needs a message_id, not {message_id!r}")
    return {"message_id": message_id, "outcome": send_message(message_id, clock.now())}
