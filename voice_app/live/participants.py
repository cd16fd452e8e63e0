"""Twilio's conference participant resource, through the real twilio client: mute, unmute,
play a short announcement to one participant, and list who Twilio has in the conference.

Every failure (not configured, refused, unreachable, the participant gone) is TwilioUnavailable,
so the chair's page can say plainly what did not reach the phone line.
"""

from __future__ import annotations

from dataclasses import dataclass

from twilio.base.exceptions import TwilioException

from voice_app.telephony.twilio_rest import TwilioUnavailable, client, public_url


@dataclass(frozen=True)
class Participant:
    call_sid: str
    label: str | None
    muted: bool


def update(
    conference_sid: str,
    call_sid: str,
    *,
    muted: bool | None = None,
    announce_path: str | None = None,
) -> None:
    """Mute or unmute a participant, or play them the TwiML at `announce_path` (one of ours)."""
    options: dict[str, object] = {}
    if muted is not None:
        options["muted"] = muted
    if announce_path is not None:
        options["announce_url"] = public_url(announce_path)
        options["announce_method"] = "POST"
    try:
        client().conferences(conference_sid).participants(call_sid).update(**options)
    except (TwilioException, OSError) as exc:
        raise TwilioUnavailable(str(exc)) from exc


def listed(conference_sid: str) -> list[Participant]:
    try:
        found = client().conferences(conference_sid).participants.list(limit=100)
    except (TwilioException, OSError) as exc:
        raise TwilioUnavailable(str(exc)) from exc
    return [Participant(p.call_sid, p.label, bool(p.muted)) for p in found]
