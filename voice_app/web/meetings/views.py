"""Meetings and workshops: create and edit under the notice rules, upload and preview papers."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from voice_app.access_summary import access_summary
from voice_app.extensions import db
from voice_app.meetings import add_meeting, in_group_time, update_meeting
from voice_app.models import Meeting, MeetingKind, Paper, utcnow
from voice_app.papers.store import add_paper
from voice_app.web import once
from voice_app.web.access import (
    can_manage,
    get_or_404,
    require_group,
    scope,
    visible_groups,
)
from voice_app.web.dashboard import overview
from voice_app.web.form_safety import keeps_typing
from voice_app.web.forms import ActionForm, MeetingForm, PaperForm, submit
from voice_app.web.meetings.renditions import audio_for_sections
from voice_app.web.meetings.uploads import check_paper_upload

bp = Blueprint("meetings", __name__, url_prefix="/meetings")


def _meeting(meeting_id: int) -> Meeting:
    meeting = get_or_404(Meeting, meeting_id)
    require_group(current_user, meeting.group_id)
    return meeting


@bp.get("")
@login_required
def index():
    now = utcnow()
    query = scope(select(Meeting), Meeting.group_id, current_user).order_by(Meeting.starts_at)
    meetings = list(db.session.scalars(query))
    return render_template(
        "meetings/index.html",
        title="Meetings and workshops",
        upcoming=[m for m in meetings if m.ends_at >= now],
        past=[m for m in reversed(meetings) if m.ends_at < now],
        papers_status=overview.papers_status,
        notice_status=overview.notice_status,
    )


def _meeting_fields(form: MeetingForm, group) -> dict:
    return {
        "title": form.title.data,
        "starts_at": in_group_time(form.starts.data, group),
        "ends_at": in_group_time(form.ends.data, group),
        "kind": MeetingKind(form.kind.data),
        "topic": form.topic.data,
        "location": form.location.data,
        "phone_conference": form.phone_conference.data,
        "short_notice_reason": form.short_notice_reason.data,
    }


@bp.route("/new", methods=["GET", "POST"])
@login_required
@keeps_typing
@once.guarded
def new():
    form = MeetingForm()
    groups = visible_groups(current_user)
    form.group.choices = [(g.id, g.name) for g in groups]
    by_id = {g.id: g for g in groups}
    meeting = submit(
        form,
        lambda: once.done(
            add_meeting(
                by_id[form.group.data],
                actor=current_user,
                **_meeting_fields(form, by_id[form.group.data]),
            ),
            lambda made: url_for("meetings.show", meeting_id=made.id),
        ),
    )
    if meeting:
        flash(f"{meeting.kind.capitalize()} added: {meeting.title}.", "success")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "meetings/form.html", title="Add a meeting or workshop", form=form, meeting=None
    ), status


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
@login_required
@keeps_typing
def edit(meeting_id: int):
    meeting = _meeting(meeting_id)
    form = MeetingForm(obj=None if request.method == "POST" else _form_values(meeting))
    form.group.choices = [(meeting.group_id, meeting.group.name)]
    form.group.data = meeting.group_id
    if submit(
        form,
        lambda: update_meeting(meeting, actor=current_user, **_meeting_fields(form, meeting.group)),
    ):
        flash("Changes saved.", "success")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "meetings/form.html", title=f"Change {meeting.title}", form=form, meeting=meeting
    ), status


def _form_values(meeting: Meeting):
    from types import SimpleNamespace
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(meeting.group.timezone)
    return SimpleNamespace(
        group=meeting.group_id,
        kind=str(meeting.kind),
        title=meeting.title,
        topic=meeting.topic,
        starts=meeting.starts_at.astimezone(zone).replace(tzinfo=None),
        ends=meeting.ends_at.astimezone(zone).replace(tzinfo=None),
        location=meeting.location,
        phone_conference=meeting.phone_conference,
        short_notice_reason=meeting.short_notice_reason,
    )


def _render_show(meeting: Meeting, paper_form: PaperForm, status: int = 200):
    return render_template(
        "meetings/show.html",
        title=meeting.title,
        meeting=meeting,
        paper_form=paper_form,
        notice=overview.notice_status(meeting),
        papers=overview.papers_status(meeting),
        manager=can_manage(current_user, meeting.group_id),
        access=access_summary(meeting) if can_manage(current_user, meeting.group_id) else None,
    ), status


@bp.get("/<int:meeting_id>")
@login_required
def show(meeting_id: int):
    return _render_show(_meeting(meeting_id), PaperForm())


def _add_paper(meeting: Meeting, form: PaperForm) -> Paper:
    upload = form.file.data
    data = upload.read()
    check_paper_upload(data, upload.filename or "")
    return add_paper(
        meeting, data, upload.filename, title=form.title.data or None, actor=current_user
    )


@bp.post("/<int:meeting_id>/papers")
@login_required
@once.guarded
def upload_paper(meeting_id: int):
    meeting = _meeting(meeting_id)
    form = PaperForm()
    paper = submit(
        form,
        lambda: once.done(
            _add_paper(meeting, form),
            lambda made: url_for("meetings.paper", meeting_id=meeting.id, paper_id=made.id),
        ),
    )
    if paper:
        late = " It is marked late: it came after the papers deadline." if paper.is_late else ""
        flash(f"Paper added: {paper.title}, {len(paper.sections)} sections.{late}", "success")
        return redirect(url_for("meetings.paper", meeting_id=meeting.id, paper_id=paper.id))
    return _render_show(meeting, form, 400)


@bp.get("/<int:meeting_id>/papers/<int:paper_id>")
@login_required
def paper(meeting_id: int, paper_id: int):
    meeting = _meeting(meeting_id)
    found = get_or_404(Paper, paper_id, meeting_id=meeting.id)
    return render_template(
        "meetings/paper.html",
        title=found.title,
        meeting=meeting,
        paper=found,
        audio=audio_for_sections(found.sections),
        action=ActionForm(),
    )
