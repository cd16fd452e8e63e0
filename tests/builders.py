"""Builders for test data, in one place, using the app's own functions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from voice_app.directory import add_group, add_person
from voice_app.extensions import db
from voice_app.meetings import add_meeting
from voice_app.models import Group, Meeting, Person, Role, utcnow


@contextmanager
def one_commit() -> Iterator[None]:
    """Build many things in one transaction: the builders' commits only flush, and one commit
    comes at the end. Each commit expires every loaded object, so the next builder read them
    all again (a web test's two-group world: 0.15 s to 0.12 s of set-up)."""
    session = db.session()
    session.commit = session.flush  # type: ignore[method-assign]
    try:
        yield
    finally:
        del session.commit
    session.commit()


def make_group(name: str = "Test Group", **fields) -> Group:
    group = add_group(name)
    for key, value in fields.items():
        setattr(group, key, value)
    db.session.commit()
    return group


def make_person(
    group: Group,
    name: str = "Ada Resident",
    phone: str | None = "+447700900001",
    pin: str = "1234",
    role: Role = Role.RESIDENT,
    **fields,
) -> Person:
    person, _ = add_person(group, name, phone, role=role, pin=pin)
    for key, value in fields.items():
        setattr(person, key, value)
    db.session.commit()
    return person


def make_meeting(
    group: Group,
    title: str = "Monthly meeting",
    days_ahead: float = 21,
    hours: float = 2,
    starts_at: datetime | None = None,
    **fields,
) -> Meeting:
    """A meeting; one in the past or at short notice is written directly, as history would be."""
    starts = starts_at or utcnow() + timedelta(days=days_ahead)
    if starts - utcnow() < timedelta(days=group.min_notice_days):
        meeting = Meeting(
            group=group,
            title=title,
            starts_at=starts,
            ends_at=starts + timedelta(hours=hours),
            created_at=starts - timedelta(days=30),
            **fields,
        )
        db.session.add(meeting)
    else:
        meeting = add_meeting(group, title, starts, starts + timedelta(hours=hours), **fields)
    db.session.commit()
    return meeting


# payments: coordinators who approve money, and a meeting at a known time


def make_coordinator(group: Group, email: str = "coordinator@example.org"):
    from voice_app.directory import add_user

    user = add_user(email, "a long enough password", [group])
    db.session.commit()
    return user


def make_held_meeting(group: Group, starts_at: datetime, minutes: int = 120, **fields) -> Meeting:
    """A meeting at an exact time and length (written directly, as history would be)."""
    meeting = Meeting(
        group=group,
        title=fields.pop("title", "Monthly meeting"),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        created_at=starts_at - timedelta(days=30),
        **fields,
    )
    db.session.add(meeting)
    db.session.commit()
    return meeting


# recording and shopping list
def make_call(person: Person | None, call_sid: str = "CA" + "7" * 32, **fields):
    """A call in progress from this person (or an unknown number), as the incoming webhook makes."""
    from voice_app.models import Call

    groups = person.groups() if person else []
    call = Call(
        call_sid=call_sid,
        from_number=person.phone if person else "+447700900999",
        to_number="+442070000000",
        person=person,
        group_id=groups[0].id if groups else None,
        authenticated=person is not None,
        state={},
        menus=[],
        **fields,
    )
    db.session.add(call)
    db.session.commit()
    return call


# live meetings: agenda items, added as a coordinator would


def make_agenda_item(meeting: Meeting, title: str, **fields):
    from voice_app.live.agenda import ItemFields, add_item

    item = add_item(meeting, ItemFields(title, **fields), actor="test")
    db.session.commit()
    return item


def add_before_on_disk(filler, later) -> None:
    """Delete `filler` (a row added before the rows `later` should lie in front of) and add
    `later`. On PostgreSQL the table is vacuumed between the two, so `later` fills the space
    `filler` left: unordered, it then comes back first, as rows do on a long-lived database.
    SQLite returns rows by id (or by an index), whatever was deleted."""
    db.session.delete(filler)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                f'VACUUM ANALYZE "{filler.__table__.name}"'
            )
    db.session.add(later)
    db.session.commit()
