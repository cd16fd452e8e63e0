"""A meeting's agenda in the web view: add, change and remove items (rules in live/agenda.py)."""

from __future__ import annotations

from types import SimpleNamespace

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from voice_app.extensions import db
from voice_app.live.agenda import add_item, agenda, remove_item, update_item
from voice_app.models import AgendaItem, Meeting, ShoppingItem, ShoppingStatus
from voice_app.web import once
from voice_app.web.access import get_or_404, require_group
from voice_app.web.forms import ActionForm, submit
from voice_app.web.meetings.live_forms import NONE, AgendaItemForm

bp = Blueprint("agenda", __name__, url_prefix="/meetings")


def meeting_for(meeting_id: int) -> Meeting:
    meeting = get_or_404(Meeting, meeting_id)
    require_group(current_user, meeting.group_id)
    return meeting


def _aims(meeting: Meeting) -> list[ShoppingItem]:
    closed = (ShoppingStatus.ACHIEVED, ShoppingStatus.NOT_POSSIBLE)
    query = select(ShoppingItem).where(
        ShoppingItem.group_id == meeting.group_id, ShoppingItem.status.not_in(closed)
    )
    return list(db.session.scalars(query.order_by(ShoppingItem.id)))


@bp.route("/<int:meeting_id>/agenda", methods=["GET", "POST"])
@login_required
@once.guarded
def index(meeting_id: int):
    meeting = meeting_for(meeting_id)
    form = AgendaItemForm().offer(meeting, _aims(meeting))
    here = url_for("agenda.index", meeting_id=meeting.id)
    if submit(form, lambda: once.done(add_item(meeting, form.fields(), current_user), here)):
        flash(f"Item added: {' '.join(form.title.data.split())}.", "success")
        return redirect(url_for("agenda.index", meeting_id=meeting.id))
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "live/agenda.html",
        title=f"Agenda for {meeting.title}",
        meeting=meeting,
        items=agenda(meeting),
        form=form,
        action=ActionForm(),
    ), status


@bp.route("/<int:meeting_id>/agenda/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit(meeting_id: int, item_id: int):
    meeting = meeting_for(meeting_id)
    item = get_or_404(AgendaItem, item_id, meeting_id=meeting.id)
    values = SimpleNamespace(
        title=item.title,
        lead=item.lead,
        minutes=item.expected_minutes,
        paper=item.paper_id or NONE,
        shopping_item=item.shopping_item_id or NONE,
    )
    form = AgendaItemForm(obj=None if request.method == "POST" else values)
    form.offer(meeting, _aims(meeting))
    if submit(form, lambda: update_item(item, form.fields(), current_user)):
        flash("Changes saved.", "success")
        return redirect(url_for("agenda.index", meeting_id=meeting.id))
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "live/agenda_item.html", title=f"Change {item.title}", meeting=meeting, form=form
    ), status


@bp.post("/<int:meeting_id>/agenda/<int:item_id>/remove")
@login_required
def remove(meeting_id: int, item_id: int):
    meeting = meeting_for(meeting_id)
    item = get_or_404(AgendaItem, item_id, meeting_id=meeting.id)
    title = item.title
    if submit(ActionForm(), lambda: remove_item(item, current_user)):
        flash(f"Item removed: {title}.", "success")
    return redirect(url_for("agenda.index", meeting_id=meeting.id))
