"""Cancelling a meeting, and removing or replacing a paper: each checked on its own page first.

The routes join the meetings blueprint (so the page sits under Meetings); the rules live in
voice_app/cancellation.py and voice_app/paper_changes.py.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from voice_app.cancellation import REASON_MAX, cancel_meeting, cancel_plan, check_can_cancel
from voice_app.errors import InputError
from voice_app.models import Meeting, Paper
from voice_app.outreach import clock
from voice_app.paper_changes import remove_paper, replace_paper
from voice_app.web.access import get_or_404, require_group, require_manager
from voice_app.web.form_safety import Form
from voice_app.web.forms import ActionForm, PaperForm, submit
from voice_app.web.meetings.uploads import check_paper_upload
from voice_app.web.meetings.views import bp


class CancelForm(Form):
    reason = TextAreaField(
        "Why is it cancelled?",
        description="Residents hear or read this when they are told, so write it plainly. "
        "For example: the venue is closed for repairs.",
        validators=[
            DataRequired("Give the reason the meeting is cancelled: residents hear it."),
            Length(max=REASON_MAX, message=f"Keep the reason to {REASON_MAX} characters or fewer."),
        ],
    )


def _cancellable(meeting_id: int) -> Meeting:
    """Coordinators only: cancelling calls and texts residents."""
    meeting = get_or_404(Meeting, meeting_id)
    require_manager(current_user, meeting.group_id)
    return meeting


def _reason_page(meeting: Meeting, form: CancelForm, status: int = 200):
    return render_template(
        "meetings/cancel.html", title=f"Cancel {meeting.title}", meeting=meeting, form=form
    ), status


@bp.route("/<int:meeting_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(meeting_id: int):
    """The reason; then, on a valid reason, the check-your-answers page."""
    meeting = _cancellable(meeting_id)
    form = CancelForm()
    try:
        check_can_cancel(meeting, clock.now())
    except InputError as exc:
        flash(str(exc), "error")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    if request.method == "GET":
        return _reason_page(meeting, form)
    if "change" in request.form:  # back from the check page, reason kept
        return _reason_page(meeting, CancelForm(formdata=None, reason=form.reason.data))
    if not form.validate_on_submit():
        return _reason_page(meeting, form, 400)
    return render_template(
        "meetings/cancel_check.html",
        title=f"Check before cancelling {meeting.title}",
        meeting=meeting,
        form=form,
        plan=cancel_plan(meeting),
    )


@bp.post("/<int:meeting_id>/cancel/confirm")
@login_required
def cancel_confirm(meeting_id: int):
    meeting = _cancellable(meeting_id)
    form = CancelForm()
    plan = submit(form, lambda: cancel_meeting(meeting, form.reason.data, current_user))
    if not plan:
        return _reason_page(meeting, form, 400)
    told = f" {plan.told} residents who had heard about it will be told." if plan.told else ""
    flash(f"{meeting.title} is cancelled.{told}", "success")
    return redirect(url_for("meetings.show", meeting_id=meeting.id))


def _paper(meeting_id: int, paper_id: int) -> Paper:
    paper = get_or_404(Paper, paper_id)
    if paper.meeting_id != meeting_id or paper.easy_read_of_id is not None:
        abort(404)
    require_group(current_user, paper.meeting.group_id)
    return paper


@bp.route("/<int:meeting_id>/papers/<int:paper_id>/remove", methods=["GET", "POST"])
@login_required
def remove_paper_page(meeting_id: int, paper_id: int):
    paper = _paper(meeting_id, paper_id)
    meeting, title = paper.meeting, paper.title
    form = ActionForm()
    if submit(form, lambda: remove_paper(paper, current_user)):
        flash(f"Paper removed: {title}. Callers no longer hear it.", "success")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "meetings/paper_remove.html",
        title=f"Remove {title}",
        meeting=meeting,
        paper=paper,
        form=form,
    ), status


@bp.route("/<int:meeting_id>/papers/<int:paper_id>/replace", methods=["GET", "POST"])
@login_required
def replace_paper_page(meeting_id: int, paper_id: int):
    paper = _paper(meeting_id, paper_id)
    meeting = paper.meeting
    form = PaperForm()
    new = submit(form, lambda: _replace(paper, form))
    if new:
        flash(f"New version added: {new.title}, {len(new.sections)} sections.", "success")
        return redirect(url_for("meetings.paper", meeting_id=meeting.id, paper_id=new.id))
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "meetings/paper_replace.html",
        title=f"Replace {paper.title}",
        meeting=meeting,
        paper=paper,
        form=form,
    ), status


def _replace(paper: Paper, form: PaperForm) -> Paper:
    upload = form.file.data
    data = upload.read()
    check_paper_upload(data, upload.filename or "")
    return replace_paper(paper, data, upload.filename, current_user, title=form.title.data or None)
