"""The chair's live page: who is here, hands in order, the floor, mute, the current item, and
the record for the minutes. It works without JavaScript (it refreshes itself, and can be told
not to); with JavaScript (static/live.js) it updates in place. Rules live in voice_app/live/."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from voice_app.attendance import mark_in_person
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.live import chair, floor
from voice_app.live.agenda import agenda
from voice_app.live.record import minutes_record
from voice_app.models import Meeting, Membership, Person
from voice_app.web.forms import ActionForm
from voice_app.web.meetings.agenda import meeting_for
from voice_app.web.meetings.live_forms import CurrentItemForm, RoomForm

bp = Blueprint("live", __name__, url_prefix="/meetings")
REFRESH_SECONDS = 30


def _members(meeting: Meeting) -> list[Person]:
    query = (
        select(Person)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.group_id == meeting.group_id, Membership.active.is_(True))
        .where(Person.erased_at.is_(None))
        .order_by(Person.name)
    )
    return list(db.session.scalars(query))


@bp.get("/<int:meeting_id>/live")
@login_required
def show(meeting_id: int):
    meeting = meeting_for(meeting_id)
    items = agenda(meeting)
    current = floor.current_item(meeting)
    item_form = CurrentItemForm(item=current.id if current else None)
    item_form.item.choices = [(item.id, f"{n}. {item.title}") for n, item in enumerate(items, 1)]
    room = floor.in_the_room(meeting)
    room_form = RoomForm()
    room_form.person.choices = [(p.id, p.name) for p in _members(meeting) if p not in room]
    phone = floor.on_the_phone(meeting)
    hands = floor.raised_hands(meeting)
    if request.args.get("updates") in ("on", "off"):  # the chair's choice, kept for the visit
        session["live_updates"] = request.args["updates"]
    auto = session.get("live_updates", "on") == "on"
    return render_template(
        "live/live.html",
        title=f"Live: {meeting.title}",
        meeting=meeting,
        items=items,
        current=current,
        number={item.id: n for n, item in enumerate(items, 1)},
        item_form=item_form,
        room=room,
        room_form=room_form,
        phone=phone,
        phone_ids={seat.person.id for seat in phone},
        hands=hands,
        minutes_left=floor.minutes_left(meeting),
        record=minutes_record(meeting),
        action=ActionForm(),
        auto=auto,
        refresh=REFRESH_SECONDS,
    )


def _back(meeting: Meeting, anchor: str):
    return redirect(url_for("live.show", meeting_id=meeting.id, _anchor=anchor), 303)


def _act(meeting: Meeting, change, success: str, anchor: str):
    """Run one chair action from a CSRF-checked form; say plainly what happened."""
    if not ActionForm().validate_on_submit():
        flash("The form had expired. Please try again.", "error")
        return _back(meeting, anchor)
    try:
        message = change() or success
    except InputError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _back(meeting, anchor)
    db.session.commit()
    flash(message, "success")
    return _back(meeting, anchor)


def _name(person_id: int) -> str:
    person = db.session.get(Person, person_id) if 0 < person_id <= chair.MAX_ID else None
    return person.name if person else "that person"


@bp.post("/<int:meeting_id>/live/floor/<int:person_id>")
@login_required
def give_floor(meeting_id: int, person_id: int):
    meeting = meeting_for(meeting_id)
    return _act(
        meeting,
        lambda: chair.give_floor(meeting, person_id, current_user) and None,
        f"{_name(person_id)} has the floor and can be heard.",
        "hands",
    )


@bp.post("/<int:meeting_id>/live/lower/<int:person_id>")
@login_required
def lower_hand(meeting_id: int, person_id: int):
    meeting = meeting_for(meeting_id)
    return _act(
        meeting,
        lambda: chair.lower_hand(meeting, person_id, current_user),
        f"{_name(person_id)}'s hand is lowered.",
        "hands",
    )


@bp.post("/<int:meeting_id>/live/mute/<int:person_id>")
@login_required
def mute(meeting_id: int, person_id: int):
    meeting = meeting_for(meeting_id)
    muted = request.form.get("muted") == "1"
    state = "muted" if muted else "unmuted and can be heard"
    return _act(
        meeting,
        lambda: chair.set_muted(meeting, person_id, muted, current_user),
        f"{_name(person_id)} is {state}.",
        "phone",
    )


@bp.post("/<int:meeting_id>/live/item")
@login_required
def set_item(meeting_id: int):
    meeting = meeting_for(meeting_id)
    item_id = request.form.get("item", type=int) or 0

    def change() -> str:
        done = chair.start_item(meeting, item_id, current_user)
        message = f"Now discussing: {done.item.title}."
        if done.reached:
            message += f" {done.reached} on the phone heard it announced."
        if done.failed:
            message += f" The announcement did not reach {done.failed} on the phone."
        return message

    return _act(meeting, change, "", "now")


@bp.post("/<int:meeting_id>/live/room")
@login_required
def mark_room(meeting_id: int):
    meeting = meeting_for(meeting_id)
    person_id = request.form.get("person", type=int) or 0

    def change() -> None:
        person = db.session.get(Person, person_id) if 0 < person_id <= chair.MAX_ID else None
        if person is None:
            raise InputError("Choose a person of the group.", "person")
        mark_in_person(meeting, person, current_user)

    return _act(meeting, change, f"{_name(person_id)} is marked present in the room.", "room")
