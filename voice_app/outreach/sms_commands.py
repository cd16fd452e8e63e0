"""Texting the group: everything a caller can do, by SMS, for Deaf residents and text users.

`answer_text` takes the sender's number and words and returns the replies: one text when it fits
(Twilio joins up to 1,600 characters), else whole sentences in numbered parts. The reply is
recorded as an outbound message keyed by Twilio's MessageSid, so a repeated webhook gets the
same answer and changes nothing twice. Commands are read forgivingly (sms_parse.py); the rules
live in the domain modules that sms_actions.py and sms_reading.py call.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from voice_app import audit
from voice_app.calls import find_person_by_phone
from voice_app.directory import group_for_number
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import (
    OutboundKind,
    OutboundMessage,
    Person,
    ShoppingItem,
    ShoppingStatus,
)
from voice_app.outreach import clock, sms_actions
from voice_app.outreach.sms_parse import Command, parse
from voice_app.outreach.sms_reading import list_papers, read_more, read_paper
from voice_app.outreach.sms_texts import compose
from voice_app.prompts import say
from voice_app.written import add_idea

REPLY_SEPARATOR = "\n\n"


def answer_text(
    from_number: str, body: str, message_sid: str | None, to_number: str | None = None
) -> list[str]:
    """The replies to one text; the same MessageSid always gets the first answer."""
    key = f"sms-reply:{message_sid}" if message_sid else None
    if key:
        earlier = db.session.scalar(
            select(OutboundMessage.body).where(OutboundMessage.dedupe_key == key)
        )
        if earlier is not None:
            return earlier.split(REPLY_SEPARATOR)
    person = find_person_by_phone(from_number)
    if person is None:
        lines = sms_actions.unknown_number(group_for_number(to_number))
    else:
        lines = _answer(person, parse(body), body)
    replies = compose(lines)
    if key:
        _record_reply(person, from_number, key, replies)
    db.session.commit()
    return replies


def _answer(person: Person, command: Command, body: str) -> list[str]:
    groups = person.groups()
    group = groups[0] if groups else None
    audit.record(
        f"phone:{person.phone}",
        "sms.received",
        entity="person",
        entity_id=person.id,
        group_id=group.id if group else None,
        command=command.name or None,
        # Unknown words are kept for the coordinator; a PIN never is.
        text=" ".join(body.split())[:500] if not command.name else None,
    )
    if command.name == "STOP":
        return _set_texts(person, off=True)
    if command.name == "START":
        return _set_texts(person, off=False)
    if group is None:
        return [say("sms_no_meeting")]
    return _group_command(person, group, command)


def _group_command(person: Person, group, command: Command) -> list[str]:
    name = command.name
    if name == "PAPER":
        if command.number is None:
            return list_papers(group)
        return read_paper(person, group, command.number)
    handlers = {
        "PAPERS": lambda: list_papers(group),
        "MORE": lambda: read_more(person),
        "LIST": lambda: _shopping_list(group),
        "ADD": lambda: _add_idea(person, group, command.text),
        "COMMENT": lambda: sms_actions.comment(person, group, command),
        "MEETINGS": lambda: sms_actions.meetings(group),
        "HERE": lambda: sms_actions.here(person, group, command),
        "PAID": lambda: sms_actions.paid(person, group, command),
        "CALL ME": lambda: sms_actions.call_me(person, group, command),
        "WHO": lambda: sms_actions.who(group),
        "LINK": lambda: sms_actions.link(person, group),
    }
    handler = handlers.get(name)
    return handler() if handler else [say("sms_help")]


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
    return lines


def _add_idea(person: Person, group, text: str) -> list[str]:
    if not text.strip():
        return [say("sms_add_empty")]
    try:
        item = add_idea(person, group, text, source="sms")
    except InputError as exc:
        return [str(exc)]
    return [say("sms_added", text=item.text)]


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
