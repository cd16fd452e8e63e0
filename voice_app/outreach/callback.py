"""Free callback: a resident rings, we reject the call unanswered (so it costs them nothing) and
ring them straight back into the same menu, at the group's expense.

The incoming webhook asks here first. Anything unusual (an unknown number, a group without free
callback, a resident who opted out, a callback in the last few minutes, the daily cap, Twilio not
set up) answers None and the call is answered as usual: nobody is left with a dead line.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta

from sqlalchemy import select
from twilio.twiml.voice_response import VoiceResponse

from voice_app import audit
from voice_app.calls import find_person_by_phone
from voice_app.extensions import db
from voice_app.models import Group, OutboundKind, OutboundMessage, Person
from voice_app.outreach import clock
from voice_app.outreach.messages import CALLBACK, attempts_today, ensure_message
from voice_app.telephony import twilio_rest

log = logging.getLogger("voice_app.outreach")

NO_REPEAT_WITHIN = timedelta(minutes=5)
# Ring back a few seconds after the reject, once the resident's phone has hung up.
RING_BACK_AFTER = timedelta(seconds=5)


def callback_group(person: Person) -> Group | None:
    """The first of the person's groups that pays for callbacks and has a number to call from."""
    for group in person.groups():
        if group.free_callback and group.phone_number:
            return group
    return None


def maybe_reject_for_callback(form: Mapping[str, str]) -> VoiceResponse | None:
    """A `<Reject reason="busy"/>` when we will call this caller back; None to answer normally."""
    try:
        return _decide(form)
    except Exception:  # noqa: BLE001 - never leave a caller with no answer
        log.exception("free callback check failed; answering the call instead")
        db.session.rollback()
        return None


def _decide(form: Mapping[str, str]) -> VoiceResponse | None:
    call_sid, number = form.get("CallSid", ""), form.get("From", "")
    if form.get("Direction", "inbound") != "inbound" or not call_sid:
        return None  # our own outbound calls (callbacks among them) reach the menu as usual
    if not twilio_rest.is_configured():
        return None
    person = find_person_by_phone(number)
    if person is None or person.free_callback_opt_out:
        return None
    group = callback_group(person)
    if group is None:
        return None
    key = f"{CALLBACK}:{call_sid}"
    now = clock.now()
    recent = db.session.scalar(
        select(OutboundMessage.dedupe_key)
        .where(
            OutboundMessage.purpose == CALLBACK,
            OutboundMessage.to_number == person.phone,
            OutboundMessage.created_at >= now - NO_REPEAT_WITHIN,
        )
        .order_by(OutboundMessage.id.desc())
        .limit(1)
    )
    if recent is not None and recent != key:
        return None  # called back a moment ago: answer this one instead of ringing again
    if recent is None:
        if attempts_today(group.id, now, group) >= group.outbound_daily_cap:
            return None
        message, created = ensure_message(
            person=person,
            group=group,
            kind=OutboundKind.CALL,
            purpose=CALLBACK,
            dedupe_key=key,
            body=None,
            now=now,
            quiet_hours=False,  # they have just rung us
            not_before=now + RING_BACK_AFTER,
        )
        if created:
            audit.record(
                f"phone:{person.phone}",
                "outreach.callback_offered",
                entity="outbound_message",
                entity_id=message.id,
                group_id=group.id,
                call_sid=call_sid,
            )
        db.session.commit()
    response = VoiceResponse()
    response.reject(reason="busy")
    return response
