"""Comments and their transcripts: listen, read, correct, mark reviewed, search, export."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import or_, select

from voice_app.extensions import db
from voice_app.models import Comment, Group, Meeting, Paper, Transcript, User
from voice_app.transcripts import current_text, runs, save_review, set_reviewed, tokens
from voice_app.waiting_work import next_comment_to_review
from voice_app.web.access import get_or_404, require_group, scope
from voice_app.web.comments.forms import NEXT, ReviewForm
from voice_app.web.form_safety import keeps_typing
from voice_app.web.forms import ActionForm, submit

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


def _render(comment: Comment, form: ReviewForm, status: int = 200):
    recording = comment.recording
    found = tokens(recording.transcript if recording else None)
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
        tokens=found,
        runs=runs(found),
        unsure=sum(t.unsure for t in found),
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
    return _render(comment, ReviewForm(text=current_text(comment)))


def _shown(comment: Comment):
    """Back to a comment with focus on the main content (its message, then its heading), not
    at the top of the page."""
    return redirect(url_for("comments.show", comment_id=comment.id, _anchor="main"))


@bp.post("/<int:comment_id>/transcript")
@login_required
@keeps_typing
def correct(comment_id: int):
    """Save and mark reviewed; with then=next, go on to the next comment waiting for review."""
    comment = _comment(comment_id)
    form = ReviewForm()
    # None: refused (errors shown); otherwise whether the words changed.
    changed = submit(form, lambda: save_review(comment, form.text.data, current_user))
    if changed is None:
        return _render(comment, form, 400)
    saved = "Saved and marked reviewed." if changed is True else "Marked reviewed."
    if changed is True:
        saved += " The earlier version is kept in the history."
    if request.form.get("then") != NEXT:
        flash(saved, "success")
        return _shown(comment)
    following = next_comment_to_review(comment)
    if following is None:
        group = db.session.get(Group, comment.group_id)
        flash(f"{saved} There are no more comments to review in {group.name}.", "success")
        return redirect(url_for("comments.index", status="unreviewed", _anchor="main"))
    flash(f"{saved} This is the next comment to review.", "success")
    return _shown(following)


@bp.post("/<int:comment_id>/review")
@login_required
def review(comment_id: int):
    comment = _comment(comment_id)
    if ActionForm().validate_on_submit():
        reviewed = request.form.get("reviewed", "yes") == "yes"
        set_reviewed(comment, current_user, reviewed)
        db.session.commit()
        flash("Marked as reviewed." if reviewed else "Marked as not reviewed.", "success")
    return _shown(comment)
