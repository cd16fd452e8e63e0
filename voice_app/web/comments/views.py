"""Comments and their transcripts: listen, read, correct, mark reviewed, search, export."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import or_, select

from voice_app.extensions import db
from voice_app.models import Comment, Meeting, Paper, Transcript, User
from voice_app.transcripts import correct_transcript, current_text, set_reviewed, tokens
from voice_app.web.access import get_or_404, require_group, scope
from voice_app.web.form_safety import keeps_typing
from voice_app.web.forms import ActionForm, TranscriptForm, submit

bp = Blueprint("comments", __name__, url_prefix="/comments")
PAGE_SIZE = 100


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@bp.get("")
@login_required
def index():
    q = (request.args.get("q") or "").strip()
    status = request.args.get("status", "all")
    meeting_id = request.args.get("meeting", type=int)
    query = scope(select(Comment), Comment.group_id, current_user)
    if q:
        pattern = _like(q)
        heard = select(Transcript.recording_id).where(Transcript.text.ilike(pattern, escape="\\"))
        query = query.where(
            or_(Comment.text.ilike(pattern, escape="\\"), Comment.recording_id.in_(heard))
        )
    if status == "unreviewed":
        query = query.where(Comment.reviewed_at.is_(None))
    elif status == "reviewed":
        query = query.where(Comment.reviewed_at.is_not(None))
    if meeting_id:
        query = query.where(Comment.meeting_id == meeting_id)
    comments = list(db.session.scalars(query.order_by(Comment.created_at.desc()).limit(PAGE_SIZE)))
    meetings = db.session.scalars(
        scope(select(Meeting), Meeting.group_id, current_user).order_by(Meeting.starts_at.desc())
    ).all()
    return render_template(
        "comments/index.html",
        title="Comments",
        comments=comments,
        meetings=meetings,
        q=q,
        status=status,
        meeting_id=meeting_id,
        current_text=current_text,
    )


def _comment(comment_id: int) -> Comment:
    comment = get_or_404(Comment, comment_id)
    require_group(current_user, comment.group_id)
    return comment


def _render(comment: Comment, form: TranscriptForm, status: int = 200):
    recording = comment.recording
    history = list(reversed(recording.transcripts)) if recording else []
    editors = {t.edited_by_user_id for t in history if t.edited_by_user_id}
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(editors)))}
    return render_template(
        "comments/show.html",
        title=f"Comment {comment.id}",
        comment=comment,
        meeting=db.session.get(Meeting, comment.meeting_id) if comment.meeting_id else None,
        paper=db.session.get(Paper, comment.paper_id) if comment.paper_id else None,
        transcript=recording.transcript if recording else None,
        tokens=tokens(recording.transcript if recording else None),
        text=current_text(comment),
        history=history,
        users=users,
        form=form,
        action=ActionForm(),
    ), status


@bp.get("/<int:comment_id>")
@login_required
def show(comment_id: int):
    comment = _comment(comment_id)
    return _render(comment, TranscriptForm(text=current_text(comment)))


@bp.post("/<int:comment_id>/transcript")
@login_required
@keeps_typing
def correct(comment_id: int):
    comment = _comment(comment_id)
    form = TranscriptForm()
    if submit(form, lambda: correct_transcript(comment, form.text.data, current_user)):
        flash("Transcript corrected. The earlier version is kept in the history.", "success")
        return redirect(url_for("comments.show", comment_id=comment.id))
    return _render(comment, form, 400)


@bp.post("/<int:comment_id>/review")
@login_required
def review(comment_id: int):
    comment = _comment(comment_id)
    if ActionForm().validate_on_submit():
        reviewed = request.form.get("reviewed", "yes") == "yes"
        set_reviewed(comment, current_user, reviewed)
        db.session.commit()
        flash("Marked as reviewed." if reviewed else "Marked as not reviewed.", "success")
    return redirect(url_for("comments.show", comment_id=comment.id))
