"""A realistic demo group: residents with access needs, officers, a meeting three weeks out."""

from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta
from importlib import resources
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from voice_app.config import DEMO_TOKEN_FILE
from voice_app.directory import add_group, add_person, add_user
from voice_app.extensions import db
from voice_app.meetings import add_meeting
from voice_app.models import AccessNeed, Group, MeetingKind, PaymentPreference, Role, utcnow
from voice_app.papers.store import add_paper

DEMO_GROUP = "Riverside Disability Co-production Group"
COORDINATOR_EMAIL = "coordinator@example.org"

# name, phone, role, co-chair, speech rate, extra seconds, access needs, payment preference
PEOPLE = [
    (
        "Amina Hassan",
        "+447700900101",
        Role.RESIDENT,
        True,
        85,
        5,
        [("Screen reader user", "Papers by phone or as plain text; no PDFs.")],
        PaymentPreference.BANK_TRANSFER,
    ),
    (
        "Derek Lewis",
        "+447700900102",
        Role.RESIDENT,
        False,
        70,
        10,
        [
            ("Easy read", "Short sentences; time to think before answering."),
            ("Support worker", "His support worker Sue comes with him."),
        ],
        PaymentPreference.VOUCHER,
    ),
    (
        "Tom Price",
        "+447700900103",
        Role.RESIDENT,
        False,
        100,
        0,
        [("Step-free access", "Wheelchair user; accessible toilet needed.")],
        PaymentPreference.DECLINED,
    ),
    (
        "Grace Okafor",
        "+447700900104",
        Role.RESIDENT,
        False,
        100,
        5,
        [("Hearing loss", "Hearing loop in the room; captions on video calls.")],
        PaymentPreference.CHARITY,
    ),
    (
        "Sue Lewis",
        "+447700900105",
        Role.RESIDENT,
        False,
        100,
        0,
        [("Carer", "Can only attend when respite care is booked.")],
        PaymentPreference.LOWER_AMOUNT,
    ),
    ("Mark Bennett", "+447700900201", Role.OFFICER, True, 100, 0, [], PaymentPreference.DECLINED),
]


def load_demo() -> dict:
    """Create the demo group if it is not there yet; return what a person needs to try it."""
    existing = db.session.scalar(select(Group).where(Group.name == DEMO_GROUP))
    if existing is not None:
        return {
            "group": existing,
            "created": False,
            "pins": {},
            "password": None,
            "token": _demo_token(),
        }
    group = add_group(DEMO_GROUP)
    group.guests_allowed = True
    group.coordinator_phone = "+447700900999"
    pins: dict[str, str] = {}
    for name, phone, role, co_chair, rate, extra, needs, preference in PEOPLE:
        person, pin = add_person(group, name, phone, role=role, pin=None)
        person.memberships[0].co_chair = co_chair
        person.speech_rate, person.extra_time_seconds = rate, extra
        person.payment_preference = preference
        person.recording_consent_at = utcnow()
        if preference == PaymentPreference.CHARITY:
            person.payment_charity = "Riverside Carers Centre"
        if preference == PaymentPreference.LOWER_AMOUNT:
            person.payment_lower_amount_pence = 1000
        person.access_needs = [AccessNeed(kind=k, detail=d) for k, d in needs]
        pins[name] = f"member {person.member_number}, PIN {pin}"
    london = ZoneInfo(group.timezone)
    day = (utcnow() + timedelta(days=21)).astimezone(london).date()
    starts = datetime.combine(day, time(14, 0), london)
    meeting = add_meeting(
        group,
        "Day opportunities and transport",
        starts,
        starts + timedelta(hours=2),
        location="Riverside Community Hall, Room 2 (step-free, hearing loop)",
        topic="Day services and transport",
    )
    papers = []
    for filename in ("day-opportunities.md", "accessible-transport.md"):
        data = resources.files("voice_app.demo").joinpath(filename).read_bytes()
        papers.append(add_paper(meeting, data, filename))
    _demo_agenda(meeting, papers)
    workshop_day = day + timedelta(days=14)
    workshop_start = datetime.combine(workshop_day, time(10, 30), london)
    add_meeting(
        group,
        "Workshop: easy read letters",
        workshop_start,
        workshop_start + timedelta(hours=3),
        location="Riverside Library",
        kind=MeetingKind.WORKSHOP,
        topic="Rewriting council letters in easy read",
    )
    password = secrets.token_urlsafe(12)
    add_user(COORDINATOR_EMAIL, password, [group])
    db.session.commit()
    return {
        "group": group,
        "created": True,
        "pins": pins,
        "password": password,
        "token": _demo_token(create=True),
    }


def _demo_agenda(meeting, papers) -> None:
    """The demo meeting's agenda: one item per paper, then the shopping list."""
    from voice_app.live.agenda import ItemFields, add_item

    items = [
        ItemFields("Welcome and apologies", "the co-chairs", 10),
        ItemFields("Day opportunities", None, 45, paper_id=papers[0].id),
        ItemFields("Accessible transport", None, 45, paper_id=papers[1].id),
        ItemFields("Our shopping list", "the co-chairs", 20),
    ]
    for fields in items:
        add_item(meeting, fields, actor="demo")


def _demo_token(create: bool = False) -> str | None:
    """A Twilio auth token for trying the line with the simulator, when none is configured."""
    settings = current_app.config["SETTINGS"]
    if settings.twilio_auth_token:
        return settings.twilio_auth_token
    if not create:
        return None
    path = settings.data_dir / DEMO_TOKEN_FILE
    token = secrets.token_hex(16)
    path.write_text(token)
    path.chmod(0o600)
    settings.twilio_auth_token = token
    return token
