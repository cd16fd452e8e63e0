"""Joining a meeting by phone: the <Dial><Conference> answer and Twilio's conference callbacks.

Each join and leave becomes a ConferenceLeg, keyed by conference and call, so minutes are real.
Callbacks may come twice or out of order: a replay (same event, same timestamp) changes nothing;
a leave seen before its join is kept as a zero-length leg that the join later opens out; a leave
seen after conference-end shortens the leg to the true leave time. A call that leaves and joins
again gets another leg, keyed by the event's sequence number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from flask import current_app, request, url_for
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from twilio.twiml.voice_response import Dial, VoiceResponse

from voice_app.attendance import note_attendance
from voice_app.extensions import db
from voice_app.models import (
    AttendanceMethod,
    Call,
    ConferenceLeg,
    Meeting,
    Person,
    utcnow,
)
from voice_app.phone import bp
from voice_app.phone.twiml import speak, twiml
from voice_app.telephony.security import twilio_signed

CONFERENCE_NAME = re.compile(r"^voice-app-meeting-(\d+)$")
PARTICIPANT_LABEL = re.compile(r"^person-(\d+)$")
EVENTS = ("participant-join", "participant-leave", "conference-end")


def conference_twiml(
    meeting: Meeting,
    person: Person,
    menu_url: str | None = None,
    *,
    muted: bool = False,
    response: VoiceResponse | None = None,
    greet: bool = True,
) -> VoiceResponse:
    """Put the caller into the meeting's conference, with join, leave and end callbacks.

    With `menu_url`, star leaves the conference for the meeting menu there (hangupOnStar);
    greet=False is the quick way back in: no welcome, no beep for the others.
    """
    response = response or VoiceResponse()
    if greet:
        speak(response, "conference_joining", rate=person.speech_rate, meeting=meeting.title)
    dial = Dial(hangup_on_star=True, action=menu_url, method="POST") if menu_url else Dial()
    base = current_app.config["SETTINGS"].public_base_url
    dial.conference(
        meeting.conference_name,
        status_callback=base + url_for("phone.conference_status"),
        status_callback_event="join leave end",
        status_callback_method="POST",
        participant_label=f"person-{person.id}",
        start_conference_on_enter=True,
        end_conference_on_exit=False,
        muted=muted,
        beep=greet,  # coming back from the meeting menu is quiet for everyone else
    )
    response.append(dial)
    speak(response, "goodbye", rate=person.speech_rate)
    return response


@dataclass(frozen=True)
class ConferenceEvent:
    event: str
    conference_sid: str
    friendly_name: str
    call_sid: str
    at: datetime
    sequence: int | None = None
    participant_label: str | None = None


def parse_timestamp(value: str | None) -> datetime:
    """Twilio's RFC 2822 Timestamp as aware UTC; when missing or unreadable, now."""
    try:
        parsed = parsedate_to_datetime(value or "")
    except (TypeError, ValueError, IndexError):
        return utcnow()
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


@bp.post("/conference")
@twilio_signed
def conference_status():
    form = request.form
    sequence = form.get("SequenceNumber", "")
    event = ConferenceEvent(
        event=form.get("StatusCallbackEvent", ""),
        conference_sid=form.get("ConferenceSid", ""),
        friendly_name=form.get("FriendlyName", ""),
        call_sid=form.get("CallSid", ""),
        at=parse_timestamp(form.get("Timestamp")),
        sequence=int(sequence) if sequence.isdigit() else None,
        participant_label=form.get("ParticipantLabel"),
    )
    record_conference_event(event)
    db.session.commit()
    return twiml(VoiceResponse())


def record_conference_event(event: ConferenceEvent) -> list[ConferenceLeg]:
    """Apply one callback to the legs and the attendance they add up to; returns legs touched."""
    match = CONFERENCE_NAME.match(event.friendly_name)
    meeting = db.session.get(Meeting, int(match.group(1))) if match else None
    if meeting is None or event.event not in EVENTS or not event.conference_sid:
        current_app.logger.info("conference callback ignored: %s", event)
        return []
    if event.event == "conference-end":
        legs = _end(event)
    elif not event.call_sid:
        return []
    else:
        person_id = _person_id(event)
        apply = _join if event.event == "participant-join" else _leave
        leg = apply(meeting, event, person_id)
        legs = [leg] if leg is not None else []
    db.session.flush()
    for person_id in {leg.person_id for leg in legs if leg.person_id is not None}:
        first = min(leg.joined_at for leg in legs if leg.person_id == person_id)
        note_attendance(meeting, person_id, AttendanceMethod.PHONE_CONFERENCE, first)
    return legs


def _person_id(event: ConferenceEvent) -> int | None:
    """Whose call this is: the label we gave the participant, else the call's known caller."""
    match = PARTICIPANT_LABEL.match(event.participant_label or "")
    if match and db.session.get(Person, int(match.group(1))) is not None:
        return int(match.group(1))
    return db.session.scalar(select(Call.person_id).where(Call.call_sid == event.call_sid))


def _legs_of_call(event: ConferenceEvent) -> list[ConferenceLeg]:
    return list(
        db.session.scalars(
            select(ConferenceLeg)
            .where(
                ConferenceLeg.conference_sid == event.conference_sid,
                or_(
                    ConferenceLeg.call_sid == event.call_sid,
                    ConferenceLeg.call_sid.like(event.call_sid + "#%"),
                ),
            )
            .order_by(ConferenceLeg.joined_at, ConferenceLeg.id)
        )
    )


def _join(meeting: Meeting, event: ConferenceEvent, person_id: int | None) -> ConferenceLeg | None:
    legs = _legs_of_call(event)
    for leg in legs:
        if leg.joined_at == event.at:  # a replay
            return _claim(leg, person_id)
    early_leaves = [
        leg for leg in legs if leg.left_at is not None and leg.joined_at == leg.left_at >= event.at
    ]
    if early_leaves:  # its leave came first
        leg = min(early_leaves, key=lambda leg: leg.left_at)
        leg.joined_at = event.at
        return _claim(leg, person_id)
    return _new_leg(meeting, event, person_id, legs, left=False)


def _leave(meeting: Meeting, event: ConferenceEvent, person_id: int | None) -> ConferenceLeg | None:
    legs = _legs_of_call(event)
    for leg in legs:
        if leg.left_at == event.at:  # a replay
            return _claim(leg, person_id)
    closing = [
        leg
        for leg in legs
        if leg.joined_at <= event.at and (leg.left_at is None or leg.left_at > event.at)
    ]
    if closing:
        leg = max(closing, key=lambda leg: leg.joined_at)
        leg.left_at = event.at
        return _claim(leg, person_id)
    return _new_leg(meeting, event, person_id, legs, left=True)


def _end(event: ConferenceEvent) -> list[ConferenceLeg]:
    legs = db.session.scalars(
        select(ConferenceLeg).where(
            ConferenceLeg.conference_sid == event.conference_sid, ConferenceLeg.left_at.is_(None)
        )
    ).all()
    for leg in legs:
        leg.left_at = max(event.at, leg.joined_at)
    return list(legs)


def _claim(leg: ConferenceLeg, person_id: int | None) -> ConferenceLeg:
    if leg.person_id is None and person_id is not None:
        leg.person_id = person_id
    return leg


def _new_leg(
    meeting: Meeting,
    event: ConferenceEvent,
    person_id: int | None,
    legs: list[ConferenceLeg],
    left: bool,
) -> ConferenceLeg | None:
    key = event.call_sid
    if legs:  # the same call again: one more leg, told apart by the event's sequence
        order = event.sequence if event.sequence is not None else int(event.at.timestamp())
        key = f"{event.call_sid}#{order}"
    leg = ConferenceLeg(
        meeting_id=meeting.id,
        person_id=person_id,
        conference_sid=event.conference_sid,
        call_sid=key[:64],
        joined_at=event.at,
        left_at=event.at if left else None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(leg)
    except IntegrityError:  # the same callback, arriving at the same moment
        return None
    return leg
