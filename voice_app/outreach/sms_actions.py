"""Text-line commands beyond reading: COMMENT, MEETINGS, HERE, PAID, CALL ME, WHO and LINK.

Each takes the sender (known to be a member of `group`) and returns the reply's lines; the rules
are the domain's (attendance, pins, payments, contact requests, resident links), the same as on
the phone line. No reply ever carries a PIN or bank details.
"""

from __future__ import annotations

from flask import current_app, url_for
from sqlalchemy import select

from voice_app.attendance import CheckIn, check_in_by_phone, meeting_to_check_in
from voice_app.contact_requests import ask_for_person
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.meetings import upcoming_meetings
from voice_app.models import ContactSource, Group, Person, StaffRole, User, UserGroup
from voice_app.outreach import clock
from voice_app.outreach.sms_parse import Command, digits_of
from voice_app.outreach.sms_reading import next_meeting, readable_papers
from voice_app.outreach.timing import spoken_date, spoken_time
from voice_app.payments.summary import payment_summary, summary_sentences
from voice_app.pins import pin_locked, verify_pin
from voice_app.prompts import say
from voice_app.resident_access import issue_link
from voice_app.text_relay import national, text_relay
from voice_app.written import add_comment

MEETINGS_LISTED = 5


def comment(person: Person, group: Group, command: Command) -> list[str]:
    if command.number is None or not command.text:
        return [say("sms_comment_how")]
    meeting = next_meeting(group)
    papers = readable_papers(meeting) if meeting else []
    if not 1 <= command.number <= len(papers):
        return [say("sms_paper_not_found", number=command.number)]
    paper = papers[command.number - 1]
    try:
        add_comment(person, group, command.text, source="sms", paper=paper, at=clock.now())
    except InputError as exc:
        return [str(exc)]
    return [say("sms_comment_thanks", title=paper.title)]


def meetings(group: Group) -> list[str]:
    found = upcoming_meetings(group, clock.now())[:MEETINGS_LISTED]
    if not found:
        return [say("sms_no_meeting")]
    lines = [say("sms_meetings_header", group=group.name)]
    for meeting in found:
        when = f"{spoken_date(meeting.starts_at, group)} at {spoken_time(meeting.starts_at, group)}"
        lines.append(say("sms_meetings_line", when=when, title=meeting.title))
        if meeting.location:
            lines.append(say("sms_meetings_place", location=meeting.location))
    return lines


def here(person: Person, group: Group, command: Command) -> list[str]:
    pin = digits_of(command.text)
    if not pin:
        return [say("sms_here_how")]
    meeting = meeting_to_check_in(group, clock.now())
    if meeting is None:
        return [say("sms_here_no_meeting")]
    result = check_in_by_phone(person, meeting, pin, clock.now(), calling_number=person.phone)
    if result.outcome == CheckIn.TOO_EARLY:
        return [
            say(
                "sms_here_too_early",
                meeting=meeting.title,
                time=spoken_time(result.opens_at, group),
            )
        ]
    if result.outcome == CheckIn.WRONG_PIN:
        return [say("sms_pin_wrong", attempts=result.attempts_left)]
    return [say(f"sms_here_{result.outcome.name.lower()}", meeting=meeting.title)]


def paid(person: Person, group: Group, command: Command) -> list[str]:
    pin = digits_of(command.text)
    if not pin:
        return [say("sms_paid_how")]
    now = clock.now()
    # A text comes from the member's own number (that is how it was matched to them), so
    # strangers' guesses elsewhere never pause this route.
    if pin_locked(person, now, person.phone):
        return [say("sms_pin_locked")]
    if not verify_pin(person, pin, now, person.phone):
        db.session.flush()
        locked = pin_locked(person, now, person.phone)
        return [say("sms_pin_locked" if locked else "sms_pin_wrong_short")]
    sentences = summary_sentences(payment_summary(person), group.timezone)
    return [sentence[:1].upper() + sentence[1:] for sentence in sentences]


def call_me(person: Person, group: Group, command: Command) -> list[str]:
    ask_for_person(
        group.id,
        source=ContactSource.TEXT,
        reason="texted CALL ME",
        person=person,
        message=command.text or None,
    )
    return [say("sms_call_me")]


def who(group: Group) -> list[str]:
    name = coordinator_name(group)
    lines = [say("sms_who_name", name=name) if name else say("sms_who_unnamed")]
    if group.coordinator_phone:
        lines.append(
            say(
                "sms_who_phone",
                number=national(group.coordinator_phone),
                relay=text_relay(group.coordinator_phone),
            )
        )
    lines.append(say("sms_who_call_me"))
    return lines


def coordinator_name(group: Group) -> str | None:
    """The name of the group's first coordinator who is also a person in the directory."""
    user = db.session.scalar(
        select(User)
        .join(UserGroup, UserGroup.user_id == User.id)
        .where(
            UserGroup.group_id == group.id,
            UserGroup.role == StaffRole.COORDINATOR,
            User.person_id.is_not(None),
        )
        .order_by(UserGroup.id)
        .limit(1)
    )
    person = db.session.get(Person, user.person_id) if user else None
    return person.name if person else None


def link(person: Person, group: Group) -> list[str]:
    try:
        token = issue_link(person, group, "text", clock.now())
    except InputError as exc:
        return [str(exc)]
    base = current_app.config["SETTINGS"].public_base_url
    address = base + url_for("resident.open_link", token=token)
    return [say("sms_link", link=address)]


def unknown_number(group: Group | None) -> list[str]:
    """How to join, and nothing about anybody."""
    lines = [say("sms_unknown_number")]
    if group is not None and group.phone_number:
        lines.append(say("sms_unknown_join", group=group.name, number=national(group.phone_number)))
    return lines
