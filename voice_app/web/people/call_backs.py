"""Residents waiting for a person to contact them: the list, and marking one done."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from voice_app import contact_requests
from voice_app.extensions import db
from voice_app.models import ContactRequest
from voice_app.web.access import get_or_404, require_group, visible_group_ids
from voice_app.web.forms import ActionForm

bp = Blueprint("contact", __name__, url_prefix="/call-backs")


@bp.get("")
@login_required
def index():
    count, requests = contact_requests.open_requests(visible_group_ids(current_user), limit=200)
    return render_template(
        "contact/index.html",
        title="Asked for a call back",
        count=count,
        requests=requests,
        form=ActionForm(),
    )


@bp.post("/<int:request_id>/done")
@login_required
def done(request_id: int):
    request = get_or_404(ContactRequest, request_id)
    require_group(current_user, request.group_id)
    if ActionForm().validate_on_submit():
        contact_requests.mark_done(request, current_user)
        db.session.commit()
        who = request.person.name if request.person else "the caller"
        flash(f"Marked as done: {who} no longer waits for a call back.", "success")
    return redirect(url_for("contact.index"))
