"""Texting the group: the papers and the shopping list by SMS, for Relay UK and text users.

`answer_text` takes the sender's number and words and returns the replies (each SMS-sized). The
reply is recorded as an outbound message keyed by Twilio's MessageSid, so a repeated webhook gets
the same answer and changes nothing twice.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from voice_app import audit
from voice_app.calls import find_person_by_phone
from voice_app.extensions import db
from voice_app.models import (
    OutboundKind,
    OutboundMessage,
    Person,
    ShoppingItem,
    ShoppingStatus,
)
from voice_app.outreach import clock
from voice_app.outreach.sms_reading import list_papers, pack, read_more, read_paper, split_for_sms
from voice_app.prompts import say

MAX_IDEA = 500
REPLY_SEPARATOR = "\n\n"
PAPER_COMMAND = re.compile(r"^PAPER\s*(\d+)$")


def answer_text(from_number: str, body: str, message_sid: str | None) -> list[str]:
    """The replies to one text; the same MessageSid always gets the first answer."""
    key = f"sms-reply:{message_sid}" if message_sid else None
    if key:
        earlier = db.session.scalar(
            select(OutboundMessage.body).where(OutboundMessage.dedupe_key == key)
        )
        if earlier is not None:
            return earlier.split(REPLY_SEPARATOR)
    person = find_person_by_phone(from_number)
    replies = _answer(person, " ".join((body or "").split()))
    if key:
        _record_reply(person, from_number, key, replies)
    db.session.commit()
    return replies


def _answer(person: Person | None, words: str) -> list[str]:
    if person is None:
        return [say("sms_unknown_number")]
    command, _, rest = words.partition(" ")
    command = command.upper()
    group = person.groups()[0] if person.groups() else None
    audit.record(
        f"phone:{person.phone}",
        "sms.received",
        entity="person",
        entity_id=person.id,
        group_id=group.id if group else None,
        command=command,
        text=None if command in COMMANDS or PAPER_COMMAND.match(words.upper()) else words,
    )
    if command == "STOP":
        return _set_texts(person, off=True)
    if command == "START":
        return _set_texts(person, off=False)
    if group is None:
        return [say("sms_no_meeting")]
    if wanted := PAPER_COMMAND.match(words.upper()):
        return read_paper(person, group, int(wanted.group(1)))
    if command == "PAPERS":
        return list_papers(group)
    if command == "MORE":
        return read_more(person)
    if command == "LIST":
        return _shopping_list(group)
    if command == "ADD":
        return _add_idea(person, group, rest)
    return split_for_sms(say("sms_help"))


COMMANDS = ("STOP", "START", "PAPERS", "MORE", "LIST", "ADD", "HELP")


def _set_texts(person: Person, off: bool) -> list[str]:
    if person.sms_opt_out != off:
        person.sms_opt_out = off
        audit.record(
            f"phone:{person.phone}",
            "person.sms_opt_out" if off else "person.sms_opt_in",
            entity="person",
            entity_id=person.id,
        )
    return [say("sms_stopped" if off else "sms_started")]


def _shopping_list(group) -> list[str]:
    items = db.session.scalars(
        select(ShoppingItem)
        .where(
            ShoppingItem.group_id == group.id,
            ShoppingItem.status.in_([ShoppingStatus.AGREED, ShoppingStatus.IN_PROGRESS]),
            ShoppingItem.merged_into_id.is_(None),
            ShoppingItem.text.is_not(None),
        )
        .order_by(ShoppingItem.created_at, ShoppingItem.id)
    ).all()
    if not items:
        return [say("sms_list_empty")]
    lines = [say("sms_list_header")]
    lines += [say("sms_list_line", number=n, text=item.text) for n, item in enumerate(items, 1)]
    return pack(lines)


def _add_idea(person: Person, group, text: str) -> list[str]:
    text = text.strip()[:MAX_IDEA]
    if not text:
        return [say("sms_add_empty")]
    item = ShoppingItem(
        group_id=group.id,
        person_id=person.id,
        text=text,
        original_text=text,
        source="sms",
        status=ShoppingStatus.PROPOSED,
        confirmed_by_caller=True,
    )
    db.session.add(item)
    db.session.flush()
    audit.record(
        f"phone:{person.phone}",
        "shopping_item.added",
        entity="shopping_item",
        entity_id=item.id,
        group_id=group.id,
        source="sms",
    )
    return split_for_sms(say("sms_added", text=text))


def _record_reply(person: Person | None, number: str, key: str, replies: list[str]) -> None:
    group = person.groups()[0] if person and person.groups() else None
    reply = OutboundMessage(
        group_id=group.id if group else None,
        person_id=person.id if person else None,
        kind=OutboundKind.SMS,
        purpose="sms reply",
        to_number=number[:32],
        body=REPLY_SEPARATOR.join(replies),
        dedupe_key=key,
        status="replied",
        created_at=clock.now(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(reply)
    except IntegrityError:  # the same text delivered twice at once: the first answer stands
        db.session.rollback()
