"""The audit log in plain English: who did what, to what, and when, for people who run a group.

One table holds a wording for every action code the app records (a test fails when a new code
has none). A wording follows the person who did it: "Sam Jones changed a meeting's details:
Winter buses." The log itself keeps the codes, so wording can change without touching history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from voice_app.extensions import db
from voice_app.models import (
    AuditEntry,
    Meeting,
    Paper,
    Person,
    Pronunciation,
    ShoppingItem,
    User,
)

WORDINGS: dict[str, str] = {
    "agenda.item_added": "added an item to a meeting's agenda",
    "agenda.item_changed": "changed an item on a meeting's agenda",
    "agenda.item_removed": "removed an item from a meeting's agenda",
    "attendance.checked_in": "checked in to a meeting by phone",
    "attendance.marked_in_person": "marked someone as at a meeting in person",
    "comment.reviewed": "marked a comment as reviewed",
    "comment.unreviewed": "marked a comment as not reviewed yet",
    "comment.written": "wrote a comment",
    "contact.done": "marked a request to be contacted as done",
    "contact.requested": "asked to be contacted by a person",
    "expense_claim.added": "added a travel or care cost claim",
    "group.created": "set up a group",
    "group.setting_changed": "changed a group's settings",
    "live.floor_given": "gave someone the floor in a live meeting",
    "live.hand_lowered": "lowered a raised hand in a live meeting",
    "live.hand_raised": "raised a hand in a live meeting",
    "live.item_started": "started an agenda item in a live meeting",
    "live.muted": "muted someone in a live meeting",
    "live.unmuted": "unmuted someone in a live meeting",
    "meeting.created": "added a meeting",
    "meeting.cancelled": "cancelled a meeting, telling the residents who knew of it",
    "meeting.updated": "changed a meeting's details",
    "outreach.*": "stopped trying to call or text someone",
    "outreach.attempt_failed": "tried to call or text someone, and it did not get through",
    "outreach.call_back_later": "was called and asked to be called back later",
    "outreach.call_placed": "placed a call to someone",
    "outreach.callback_offered": "offered someone a free call back",
    "outreach.cancelled": "cancelled a call or text that was waiting to go",
    "outreach.deferred": "put off a call or text until later (quiet hours or a daily limit)",
    "outreach.failed": "gave up on a call or text that could not be sent",
    "outreach.outcome": "heard from the phone company how a call or text went",
    "outreach.sms_sent": "sent a text message",
    "paper.added": "added a paper to a meeting",
    "paper.released": "released a paper to be read on the phone",
    "paper.removed": "took a paper away from a meeting",
    "paper.replaced": "replaced a meeting's paper with a new version",
    "payment.approved": "approved a payment",
    "payment.calculated": "worked out a payment",
    "payment.corrected": "corrected a payment",
    "payment.paid": "marked a payment as paid",
    "payment.withdrawn": "withdrew a payment that was no longer due",
    "payment_policy.updated": "changed a group's payment rules",
    "person.access_need_added": "added an access need for someone",
    "person.access_need_removed": "removed an access need for someone",
    "person.added": "added a person",
    "person.bank_details_changed": "changed someone's bank details",
    "person.co_chair": "made someone a co-chair",
    "person.co_chair_removed": "ended someone's time as co-chair",
    "person.data_downloaded": "downloaded everything held about someone",
    "person.data_exported": "exported everything held about someone",
    "person.erased": "erased someone's personal data",
    "person.papers_ready_calls_off": "turned off calls about papers being ready",
    "person.payment_preference": "changed how someone would like to be paid",
    "person.pin_reset": "made a new phone PIN for someone",
    "person.preferences": "changed their contact preferences",
    "person.recording_consent_given": "agreed to be recorded",
    "person.sms_opt_in": "turned text messages back on (START)",
    "person.sms_opt_out": "turned text messages off (STOP)",
    "person.updated": "changed someone's details",
    "picture.decorative": "marked a picture in a paper as decoration, not to be read",
    "picture.described": "described a picture in a paper",
    "pin.held": "put a member's PIN on hold after many wrong guesses",
    "pin.hold_lifted": "lifted the hold on someone's PIN",
    "pin.line_paused": "paused PIN sign-in on the whole phone line after many wrong guesses",
    "pin.number_paused": "paused PIN sign-in from one phone number after many wrong guesses",
    "pin.paused": "paused a member's PIN sign-in for a while after wrong guesses",
    "pronunciation.added": "added a pronunciation",
    "pronunciation.changed": "changed a pronunciation",
    "pronunciation.removed": "removed a pronunciation",
    "recording.audio_expired": "deleted old recorded audio, as the group's retention rules say",
    "recording.not_completed": "noted a recording the phone company could not finish",
    "recording.recorded_again": "recorded something again",
    "resident.signed_in": "signed in to their own page",
    "resident_link.made": "made a sign-in link to someone's own page",
    "resident_link.used": "opened a sign-in link to their own page",
    "retention.applied": "deleted records older than the group keeps them",
    "retention.set": "changed how long a group keeps records",
    "shopping.merged": "merged two shopping-list items into one",
    "shopping.unmerged": "undid the merging of two shopping-list items",
    "shopping.reworded": "reworded a shopping-list item",
    "shopping.status": "changed a shopping-list item's status",
    "shopping_item.added": "added an idea to the shopping list",
    "sign_in.client_paused": "paused web sign-in from one connection after many wrong passwords",
    "sms.received": "sent a text message to the group",
    "transcript.corrected": "corrected a transcript",
    "user.added": "gave someone a web sign-in",
    "user.co_chair_sign_in_given": "gave a co-chair a web sign-in",
    "user.co_chair_sign_in_reset": "made a new set-password link for a co-chair's sign-in",
    "user.co_chair_sign_in_removed": "took away a co-chair's web sign-in",
    "user.password_changed": "changed a web sign-in's password",
    "user.signed_in": "signed in to the web view",
    "user.signed_out": "signed out of the web view",
}
ACTORS = {
    "system": "The app",
    "twilio": "The phone company (Twilio)",
    "phone": "Someone on the phone line",
    "caller": "A caller",
    "phone:unknown caller": "An unknown caller",
}
ENTITIES = {
    "agenda_item": "agenda item",
    "contact_request": "contact request",
    "expense_claim": "expense claim",
    "outbound_message": "call or text",
    "paper_picture": "picture",
    "payment_policy": "payment rules",
    "shopping_item": "shopping-list item",
}


def covers(action: str) -> bool:
    return action in WORDINGS


def wording(action: str) -> str:
    """The phrase for an action; codes made at run time (`outreach.<status>`) fall back to
    their family's phrase, and an unknown code is shown as it is rather than hidden."""
    if action in WORDINGS:
        return WORDINGS[action]
    family = action.partition(".")[0] + ".*"
    return WORDINGS.get(family, f"did something recorded as “{action}”")


def sentence(action: str, who: str, subject: str | None = None) -> str:
    about = f": {subject}" if subject else ""
    return f"{who} {wording(action)}{about}."


@dataclass(frozen=True)
class WordedEntry:
    at: datetime
    what: str
    group_id: int | None
    code: str
    details: list[tuple[str, str]]


def details(entry: AuditEntry) -> list[tuple[str, str]]:
    """The entry's details as words: `changed: ['name', 'phone']` becomes `changed: name, phone`."""
    words = []
    for key, value in (entry.detail or {}).items():
        if isinstance(value, list):
            value = ", ".join(str(v).replace("_", " ") for v in value)
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        words.append((key.replace("_", " "), str(value)))
    return words


def _names(model, ids: set[int], column) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.session.execute(select(model.id, column).where(model.id.in_(ids))).all())


def in_words(entries: list[AuditEntry]) -> list[WordedEntry]:
    """The entries as sentences, looking names up in a few queries. A person erased since is
    named as such; users are named by their person's name when they have one, else email."""
    ids: dict[str, set[int]] = {}
    for entry in entries:
        kind, _, ident = entry.actor.partition(":")
        if ident.isdigit():
            ids.setdefault(kind, set()).add(int(ident))
        if entry.entity and entry.entity_id:
            ids.setdefault(entry.entity, set()).add(entry.entity_id)
    user_ids = ids.get("user", set())
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
    people_ids = ids.get("person", set()) | {u.person_id for u in users.values() if u.person_id}
    people = {
        p.id: ("a person whose details were erased" if p.erased_at else p.name)
        for p in db.session.scalars(select(Person).where(Person.id.in_(people_ids)))
    }
    titles = {
        "person": people,
        "user": {uid: people.get(u.person_id) or u.email for uid, u in users.items()},
        "meeting": _names(Meeting, ids.get("meeting", set()), Meeting.title),
        "paper": _names(Paper, ids.get("paper", set()), Paper.title),
        "shopping_item": _names(ShoppingItem, ids.get("shopping_item", set()), ShoppingItem.text),
        "pronunciation": _names(
            Pronunciation, ids.get("pronunciation", set()), Pronunciation.written
        ),
    }

    def who(actor: str) -> str:
        kind, _, ident = actor.partition(":")
        if kind == "user" and ident.isdigit() and int(ident) in users:
            user = users[int(ident)]
            return people.get(user.person_id) or user.email
        if kind == "person" and ident.isdigit():
            name = people.get(int(ident), f"person {ident}")
            return name[:1].upper() + name[1:]
        if kind == "phone":
            return ACTORS.get(actor, "A caller")
        return ACTORS.get(actor, actor)

    def subject(entry: AuditEntry) -> str | None:
        if not entry.entity or not entry.entity_id:
            return None
        name = titles.get(entry.entity, {}).get(entry.entity_id)
        label = ENTITIES.get(entry.entity, entry.entity.replace("_", " "))
        return name or f"{label} {entry.entity_id}"

    return [
        WordedEntry(
            e.at, sentence(e.action, who(e.actor), subject(e)), e.group_id, e.action, details(e)
        )
        for e in entries
    ]
